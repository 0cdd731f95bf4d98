import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { slowRequest, startServerProcess, type Spawned } from './faults/serverProcess.js'
import { registerTeacher } from './test/people.js'
import { nextEvent } from './test/server.js'

describe('graceful shutdown of server/main.ts', () => {
  let server: Spawned | undefined
  let dataDir: string

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bridges-shutdown-'))
  })
  afterEach(async () => {
    await server?.kill()
  })
  afterAll(() => {
    fs.rmSync(dataDir, { recursive: true, force: true })
  })

  it('on SIGTERM tells open sockets to reconnect elsewhere, closes them and exits with code 0', async () => {
    const started = await startServerProcess({ DATA_DIR: dataDir, SHUTDOWN_GRACE_MS: '8000' })
    server = started
    const health = await fetch(`${started.url}/api/health`)
    expect(await health.json()).toEqual({ status: 'ok', database: 'sqlite' })
    expect(fs.existsSync(path.join(dataDir, 'bridges.sqlite'))).toBe(true)

    const teacher = await registerTeacher(started.url)
    const socket = await teacher.client.connectSocket()
    const notice = nextEvent<{ retryAfterMs: number }>(socket, 'server:shutdown', 5000)
    const disconnected = nextEvent<string>(socket, 'disconnect', 5000)

    const signalledAt = Date.now()
    started.child.kill('SIGTERM')
    const [exit, told, reason] = await Promise.all([started.exitWithin(5000), notice, disconnected])
    expect(exit, started.output).toEqual({ code: 0, signal: null })
    // An idle keep-alive connection (fetch's pool above) does not hold the exit back.
    expect(Date.now() - signalledAt).toBeLessThan(2000)
    expect(told.retryAfterMs).toBeGreaterThan(0)
    // Not "io server disconnect": after that a Socket.IO client would not reconnect by itself.
    expect(reason).toBe('transport close')
    expect(started.output).toMatch(/shutting down/)
    expect(started.output).toMatch(/"msg":"drained"/)
    expect(started.output).not.toMatch(/shutdown failed/)
    socket.close()
  })

  it('waits the whole grace for a request still arriving, and only then cuts it and exits', async () => {
    const started = await startServerProcess({ DATA_DIR: dataDir, SHUTDOWN_GRACE_MS: '1500' })
    server = started
    const teacher = await registerTeacher(started.url)
    // A body that never finishes arriving (a pupil's upload on a line that has just dropped).
    const stalled = slowRequest(
      started.url,
      'POST',
      '/api/classes',
      { 'content-type': 'application/json', cookie: teacher.client.cookie },
      Buffer.from(JSON.stringify({ name: 'Year 6' })),
    )
    await new Promise((resolve) => setTimeout(resolve, 200))

    const signalledAt = Date.now()
    started.child.kill('SIGTERM')
    const exit = await started.exitWithin(5000)
    const tookMs = Date.now() - signalledAt
    expect(exit, started.output).toEqual({ code: 0, signal: null })
    expect(tookMs).toBeGreaterThanOrEqual(1400)
    expect(tookMs).toBeLessThan(4000)
    await expect(stalled.answer).rejects.toThrow(/socket hang up|ECONNRESET/)
    expect(started.output).toMatch(/grace period over/)
  })
})
