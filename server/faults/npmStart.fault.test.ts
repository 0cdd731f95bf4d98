import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import { clientBuildIsStale, writeBuildStamp } from '../../scripts/clientBuild.mjs'
import { acceptsConnections, freePort, repoRoot, Spawned } from './serverProcess.js'

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** The parent of a process, from /proc (Linux). */
const parentOf = (pid: number) =>
  Number(
    fs
      .readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /s, '')
      .split(' ')[1],
  )

/**
 * A copy of the project's start-up files in a scratch folder (the server, shared code and
 * node_modules linked), with a client build newer than anything, so `npm start` starts at once and
 * never writes into the working tree.
 */
function scratchCheckout(startScript?: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bridges-npm-start-'))
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>
  }
  if (startScript) pkg.scripts.start = startScript
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2))
  fs.cpSync(path.join(repoRoot, 'scripts'), path.join(dir, 'scripts'), { recursive: true })
  for (const name of ['node_modules', 'server', 'shared', 'tsconfig.json'])
    fs.symlinkSync(path.join(repoRoot, name), path.join(dir, name))
  const index = path.join(dir, 'dist', 'client', 'index.html')
  fs.mkdirSync(path.dirname(index), { recursive: true })
  fs.writeFileSync(index, '<!doctype html><title>Bridges</title>')
  // In the future, so an edit to shared/ during the test does not start a build.
  const later = new Date(Date.now() + 24 * 3600 * 1000)
  fs.utimesSync(index, later, later)
  return dir
}

describe.skipIf(process.platform !== 'linux')('npm start passes signals to the server', () => {
  const dirs: string[] = []
  let npm: Spawned | undefined
  let serverPid = 0
  afterEach(async () => {
    await npm?.kill()
    if (serverPid && isAlive(serverPid)) process.kill(serverPid, 'SIGKILL')
  })
  afterAll(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true })
  })

  async function npmStart(startScript?: string) {
    const dir = scratchCheckout(startScript)
    dirs.push(dir)
    const port = await freePort()
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: path.join(dir, 'data'),
      LOG_LEVEL: 'info',
      SHUTDOWN_GRACE_MS: '5000',
    }
    npm = new Spawned(spawn('npm', ['start'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] }))
    await npm.waitFor(/Bridges is listening/)
    serverPid = Number(/"pid":(\d+)[^\n]*Bridges is listening/.exec(npm.output)?.[1])
    expect(serverPid).toBeGreaterThan(0)
    expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200)
    return { npm, port }
  }

  it('SIGTERM to npm stops the server gracefully, and npm waits for it', async () => {
    const { npm, port } = await npmStart()
    npm.child.kill('SIGTERM')
    await npm.exitWithin(10_000)
    // npm is the process a supervisor watches: by the time it is gone, so is the server.
    expect(isAlive(serverPid)).toBe(false)
    expect(await acceptsConnections(port)).toBe(false)
    expect(npm.output).toMatch(/"signal":"SIGTERM"[^\n]*shutting down/)
    expect(npm.output).toMatch(/"msg":"stopped"/)
  })

  it('without exec (a shell that dies of the signal instead of passing it on), the orphaned start script still stops the server', async () => {
    const { npm, port } = await npmStart('node scripts/start.mjs')
    npm.child.kill('SIGTERM')
    await npm.exitWithin(10_000)
    await vi.waitFor(() => expect(isAlive(serverPid)).toBe(false), { timeout: 10_000, interval: 100 })
    expect(await acceptsConnections(port)).toBe(false)
  })

  it('the server stops by itself when the start script is killed outright', async () => {
    const { port } = await npmStart()
    const starter = parentOf(serverPid)
    expect(fs.readFileSync(`/proc/${starter}/cmdline`, 'utf8')).toContain('scripts/start.mjs')
    process.kill(starter, 'SIGKILL')
    await vi.waitFor(() => expect(isAlive(serverPid)).toBe(false), { timeout: 10_000, interval: 100 })
    expect(await acceptsConnections(port)).toBe(false)
    expect(npm!.output).toMatch(/"signal":"parent exited"[^\n]*shutting down/)
  })
})

describe('npm start rebuilds the client when it is older than its sources', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bridges-build-stamp-'))
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))
  const touch = (file: string, secondsAgo: number) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true })
    if (!fs.existsSync(path.join(dir, file))) fs.writeFileSync(path.join(dir, file), '')
    const when = new Date(Date.now() - secondsAgo * 1000)
    fs.utimesSync(path.join(dir, file), when, when)
  }

  it('builds when the build is missing, not when it is newer, again when a source changes', () => {
    touch('client/src/features/wall/ComposeForm.tsx', 300)
    touch('shared/schemas/wall.ts', 300)
    touch('vite.config.ts', 300)
    for (const folder of [
      'client/src/features/wall',
      'client/src/features',
      'client/src',
      'client',
      'shared/schemas',
      'shared',
    ])
      touch(folder, 300)
    expect(clientBuildIsStale(dir)).toBe(true)
    touch('dist/client/index.html', 100)
    expect(clientBuildIsStale(dir)).toBe(false)
    touch('shared/schemas/wall.ts', 10)
    expect(clientBuildIsStale(dir)).toBe(true)
    touch('dist/client/index.html', 5)
    expect(clientBuildIsStale(dir)).toBe(false)
    touch('client/src/features/wall/ComposeForm.tsx', 1)
    expect(clientBuildIsStale(dir)).toBe(true)
  })

  it('knows a build it stamped by content: an update that keeps old file dates still rebuilds', () => {
    writeBuildStamp(dir)
    expect(clientBuildIsStale(dir)).toBe(false)
    // As an archive or `rsync -a` delivers it: new content, yesterday's date, older than the build.
    fs.writeFileSync(path.join(dir, 'shared/schemas/wall.ts'), 'export const changed = true\n')
    touch('shared/schemas/wall.ts', 86_400)
    expect(clientBuildIsStale(dir)).toBe(true)
    writeBuildStamp(dir)
    expect(clientBuildIsStale(dir)).toBe(false)
  })
})
