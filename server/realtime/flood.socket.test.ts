import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Ack } from '../../shared/errors.js'
import type { Board } from '../../shared/schemas/boards.js'
import { testDialects } from '../test/databases.js'
import { createLinkedClasses, type LinkedClasses } from '../test/links.js'
import { startTestServer, type TestServer, type TestSocket } from '../test/server.js'

interface RawSocket {
  emit(event: string, ...args: unknown[]): void
}

const FLOOD = 920
const POSTS = 150

/** Fires `count` calls at once and resolves with each answer (or 'disconnected'). */
function burst(
  socket: TestSocket,
  count: number,
  event: string,
  payload: unknown,
  times: number[] = [],
): Promise<(Ack<unknown> | 'disconnected')[]> {
  const raw = socket as unknown as RawSocket
  const start = performance.now()
  return Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<Ack<unknown> | 'disconnected'>((resolve) => {
          const gone = () => resolve('disconnected')
          socket.once('disconnect', gone)
          raw.emit(event, payload, (res: Ack<unknown>) => {
            socket.off('disconnect', gone)
            if (!res.ok) times.push(performance.now() - start)
            resolve(res)
          })
        }),
    ),
  )
}

const codes = (answers: (Ack<unknown> | 'disconnected')[]) => {
  const tally: Record<string, number> = {}
  for (const a of answers) {
    const key = a === 'disconnected' ? a : a.ok ? 'ok' : a.error.code
    tally[key] = (tally[key] ?? 0) + 1
  }
  return tally
}

/** Polls /api/health every few milliseconds until stopped: each answer's time in ms, and how many failed. */
function pollHealth(url: string): { stop(): Promise<{ times: number[]; failed: number }> } {
  const times: number[] = []
  let failed = 0
  let running = true
  const loop = (async () => {
    while (running) {
      const start = performance.now()
      try {
        const res = await fetch(`${url}/api/health`)
        await res.text()
        if (res.status !== 200) failed++
      } catch {
        failed++
      }
      times.push(performance.now() - start)
      await new Promise((r) => setTimeout(r, 5))
    }
  })()
  return {
    async stop() {
      running = false
      await loop
      return { times, failed }
    },
  }
}

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))] ?? 0

describe.each(testDialects())('one socket cannot swamp a node on $name', (dialect) => {
  let server: TestServer
  let linked: LinkedClasses
  let board: Board
  beforeAll(async () => {
    server = await startTestServer({ storage: await dialect.open(), env: { BOARD_POSTS_PER_MINUTE: '100000' } })
    linked = await createLinkedClasses(server, { pupilsPerClass: 1 })
    const teacher = linked.sides[0]!.teacher.client
    board = (await teacher.post<Board>(`/api/links/${linked.link.id}/boards`, { title: 'Flood' })).body
    // A board with history, so every `after: 0` catch-up has real work to do.
    for (let i = 0; i < POSTS; i++)
      await teacher.post(`/api/boards/${board.id}/threads`, {
        title: `Post ${i}`,
        body: 'A post with some words in it. '.repeat(20),
      })
  })
  afterAll(() => server?.close())

  it(`${FLOOD} board:join {after:0} in one go: most refused at once with RATE_LIMITED, health stays fast, memory flat`, async () => {
    const socket = await linked.sides[1]!.pupils[0]!.client.connectSocket()
    global.gc?.()
    const heapBefore = process.memoryUsage().heapUsed
    const health = pollHealth(server.url)
    await new Promise((r) => setTimeout(r, 50))
    const start = performance.now()
    const refusalTimes: number[] = []
    const answers = await burst(socket, FLOOD, 'board:join', { boardId: board.id, after: 0 }, refusalTimes)
    const elapsed = performance.now() - start
    await new Promise((r) => setTimeout(r, 100))
    const { times: healthTimes, failed: healthFailed } = await health.stop()
    const heapGrowth = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024
    const tally = codes(answers)
    console.info(
      `flood on ${dialect.name}: ${JSON.stringify(tally)} answered in ${Math.round(elapsed)} ms (refusals: median ${percentile(refusalTimes, 50).toFixed(0)} ms, last ${Math.max(0, ...refusalTimes).toFixed(0)} ms); health p50 ${percentile(healthTimes, 50).toFixed(1)} ms, ` +
        `p99 ${percentile(healthTimes, 99).toFixed(1)} ms, max ${Math.max(...healthTimes).toFixed(1)} ms over ${healthTimes.length} checks (${healthFailed} failed); heap +${heapGrowth.toFixed(1)} MB`,
    )
    expect(tally.ok ?? 0).toBeLessThanOrEqual(30)
    expect(tally.RATE_LIMITED ?? 0).toBeGreaterThanOrEqual(FLOOD - 30)
    const limited = answers.find((a): a is Extract<Ack<unknown>, { ok: false }> => a !== 'disconnected' && !a.ok)
    expect(limited?.error.retryAfterSeconds).toBeGreaterThanOrEqual(1)
    // Refusals go out as the calls arrive, while the admitted catch-ups take their turns.
    expect(percentile(refusalTimes, 50)).toBeLessThan(2000)
    expect(healthFailed).toBe(0)
    expect(percentile(healthTimes, 50)).toBeLessThan(100)
    // The machine running the tests is shared: only a stall of seconds, as before, fails this.
    expect(Math.max(...healthTimes)).toBeLessThan(2000)
    expect(heapGrowth).toBeLessThan(100)
    socket.disconnect()
  })

  it('a socket that keeps flooding after being refused is disconnected', async () => {
    const socket = await linked.sides[0]!.pupils[0]!.client.connectSocket()
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)))
    const answers = await burst(socket, 1500, 'session:whoami', {})
    const tally = codes(answers)
    // 150 tokens, then 1000 refusals; whatever was still on its way finds the socket closed.
    expect(tally.ok ?? 0).toBeLessThanOrEqual(150)
    expect(tally.RATE_LIMITED).toBeGreaterThanOrEqual(800)
    expect(tally.disconnected ?? 0).toBeGreaterThan(0)
    expect(await disconnected).toBe('io server disconnect')
  })

  it("more tabs do not buy more: one person's sockets share an allowance", async () => {
    const teacher = linked.sides[1]!.teacher.client
    const sockets = await Promise.all(Array.from({ length: 5 }, () => teacher.connectSocket()))
    // 5 × 120 = 600 calls, each socket under its own 150, together over the person's 450.
    const answers = (await Promise.all(sockets.map((s) => burst(s, 120, 'session:whoami', {})))).flat()
    expect(codes(answers)).toEqual({ ok: 450, RATE_LIMITED: 150 })
    for (const s of sockets) s.disconnect()
  })

  it('the node still answers everyone else', async () => {
    const other = await linked.sides[1]!.teacher.client.connectSocket()
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200)
    other.disconnect()
    // The teacher's own allowance is spent for a few seconds; another person's is untouched.
    const pupil = await linked.sides[1]!.pupils[0]!.client.connectSocket()
    const [answer] = await burst(pupil, 1, 'board:join', { boardId: board.id })
    expect(answer).toMatchObject({ ok: true })
    pupil.disconnect()
  })
})
