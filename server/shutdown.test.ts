import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { registerTeacher } from './test/people.js'
import { nextEvent } from './test/server.js'

const root = path.resolve(import.meta.dirname, '..')

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo
      probe.close(() => resolve(port))
    })
  })
}

/** Resolves when the child prints a line matching `pattern`; rejects if it exits first or time runs out. */
function waitForOutput(child: ChildProcess, pattern: RegExp, output: () => string, timeoutMs = 20_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`no ${pattern} within ${timeoutMs} ms:\n${output()}`)), timeoutMs)
    const onData = () => {
      if (pattern.test(output())) done()
    }
    const onExit = (code: number | null) => done(new Error(`server exited with ${code} before ${pattern}:\n${output()}`))
    function done(error?: Error) {
      clearTimeout(timer)
      child.stdout?.off('data', onData)
      child.off('exit', onExit)
      if (error) reject(error)
      else resolve()
    }
    child.stdout?.on('data', onData)
    child.once('exit', onExit)
    onData()
  })
}

function exitOf(child: ChildProcess, timeoutMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve({ code: child.exitCode, signal: child.signalCode })
      return
    }
    const timer = setTimeout(() => reject(new Error(`still running ${timeoutMs} ms after SIGTERM`)), timeoutMs)
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal })
    })
  })
}

describe('graceful shutdown of server/main.ts', () => {
  let child: ChildProcess | undefined
  let dataDir: string
  let output = ''

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bridges-shutdown-'))
  })
  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL')
      await exitOf(child, 5000).catch(() => undefined)
    }
    fs.rmSync(dataDir, { recursive: true, force: true })
  })

  it('on SIGTERM closes open sockets and exits with code 0', async () => {
    const port = await freePort()
    // Only what the server needs: an inherited DATABASE_URL or REDIS_URL must not point it elsewhere.
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      SHUTDOWN_GRACE_MS: '8000',
    }
    child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))

    await waitForOutput(child, /Bridges is listening/, () => output)
    const baseUrl = `http://127.0.0.1:${port}`
    const health = await fetch(`${baseUrl}/api/health`)
    expect(await health.json()).toEqual({ status: 'ok', database: 'sqlite' })
    expect(fs.existsSync(path.join(dataDir, 'bridges.sqlite'))).toBe(true)

    const teacher = await registerTeacher(baseUrl)
    const socket = await teacher.client.connectSocket()
    const disconnected = nextEvent<string>(socket, 'disconnect', 5000)

    const started = Date.now()
    child.kill('SIGTERM')
    const [exit, reason] = await Promise.all([exitOf(child, 5000), disconnected])
    expect(exit, output).toEqual({ code: 0, signal: null })
    expect(Date.now() - started).toBeLessThan(5000)
    expect(reason).toMatch(/^(io server disconnect|transport close)$/)
    expect(output).toMatch(/shutting down/)
    expect(output).not.toMatch(/shutdown failed/)
    socket.close()
  })
})
