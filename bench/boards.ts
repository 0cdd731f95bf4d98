/**
 * bench:boards — time from a teacher's approval to delivery at every one of N clients watching the
 * board (p50, p99), beside a bare Socket.IO server broadcasting the same payload to the same number
 * of clients in the same run; and sustained approved posts per second.
 *   BENCH_CLIENTS (default 1000), BENCH_ROUNDS (default 50, after 3 unrecorded warm-up rounds),
 *   BENCH_REPEATS (default 3).
 * A p99 over rounds that each reach all clients at once is decided by the slowest round or two, so a
 * single garbage-collection pause can swing it: both sides are measured BENCH_REPEATS times, in turn,
 * and the median of each side's p99 (and p50) is reported.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { Server } from 'socket.io'
import type { Socket } from 'socket.io-client'
import type { Board, BoardEvent, Post } from '../shared/schemas/boards.js'
import { createLinkedClasses } from '../server/test/links.js'
import { startTestServer } from '../server/test/server.js'
import { connectAll, percentile, report, round } from './support.js'

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 1000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 50)
/** Rounds run first on each side and not recorded: the JIT and connection pools warm up on both alike. */
const WARMUP = 3
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3)

/** Resolves with each socket's delay after `start` once every socket has seen the matching event. */
function deliveries(
  sockets: Socket[],
  event: string,
  matches: (payload: unknown) => boolean,
  start: () => number,
): Promise<number[]> {
  return new Promise((resolve) => {
    const delays: number[] = []
    for (const socket of sockets) {
      const listener = (payload: unknown) => {
        if (!matches(payload)) return
        socket.off(event, listener)
        delays.push(performance.now() - start())
        if (delays.length === sockets.length) resolve(delays)
      }
      socket.on(event, listener)
    }
  })
}

async function bareBaseline(samplePost: Post): Promise<number[]> {
  const server = http.createServer()
  const io = new Server(server)
  io.on('connection', (socket) => void socket.join('board'))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const sockets = await connectAll(url, undefined, CLIENTS)
  const delays: number[] = []
  for (let seq = 1; seq <= WARMUP + ROUNDS; seq++) {
    let start = 0
    const done = deliveries(
      sockets,
      'board:event',
      (p) => (p as BoardEvent).seq === seq,
      () => start,
    )
    start = performance.now()
    io.to('board').emit('board:event', { seq, boardId: samplePost.boardId, type: 'upsert', post: samplePost })
    const arrived = await done
    if (seq > WARMUP) delays.push(...arrived)
  }
  for (const s of sockets) s.disconnect()
  await new Promise<void>((resolve) => void io.close(() => resolve()))
  return delays
}

async function bridges(): Promise<{ delays: number[]; approvalsPerSecond: number; samplePost: Post }> {
  // Every viewer is the same pupil here: her per-person socket allowance is lifted for the bench.
  const server = await startTestServer({
    env: { BOARD_POSTS_PER_MINUTE: '100000', SOCKET_USER_EVENTS_PER_10S: '1000000' },
  })
  const linked = await createLinkedClasses(server, { pupilsPerClass: 1 })
  const [london, nairobi] = linked.sides
  const teacher = london!.teacher.client
  const author = london!.pupils[0]!.client
  const board = (await teacher.post<Board>(`/api/links/${linked.link.id}/boards`, { title: 'Bench' })).body
  const viewers = await connectAll(server.url, nairobi!.pupils[0]!.client.cookie, CLIENTS)
  await Promise.all(viewers.map((s) => s.timeout(10_000).emitWithAck('board:join', { boardId: board.id })))

  const delays: number[] = []
  let samplePost: Post | undefined
  for (let i = 0; i < WARMUP + ROUNDS; i++) {
    const post = (
      await author.post<Post>(`/api/boards/${board.id}/threads`, {
        title: `Post ${i}`,
        body: 'We went to the river and saw a heron.',
      })
    ).body
    let start = 0
    const done = deliveries(
      viewers,
      'board:event',
      (p) => {
        const e = p as BoardEvent
        return e.type === 'upsert' && e.post.id === post.id
      },
      () => start,
    )
    start = performance.now()
    await teacher.post(`/api/moderation/board_post/${post.id}/approve`)
    const arrived = await done
    if (process.env.BENCH_TRACE) console.log(`round ${i}: max ${round(Math.max(...arrived))} ms`)
    if (i >= WARMUP) delays.push(...arrived)
    samplePost ??= { ...post, status: 'published' }
  }

  // Sustained: approve a batch back to back; count until every viewer has every post.
  const batch = await Promise.all(
    Array.from({ length: ROUNDS }, (_, i) =>
      author.post<Post>(`/api/boards/${board.id}/threads`, { title: `Burst ${i}`, body: 'Burst' }),
    ),
  )
  const ids = new Set(batch.map((r) => r.body.id))
  const everyone = Promise.all(
    viewers.map(
      (s) =>
        new Promise<void>((resolve) => {
          let seen = 0
          s.on('board:event', (e: BoardEvent) => {
            if (e.type === 'upsert' && ids.has(e.post.id) && ++seen === ids.size) resolve()
          })
        }),
    ),
  )
  const burstStart = performance.now()
  for (const id of ids) await teacher.post(`/api/moderation/board_post/${id}/approve`)
  await everyone
  const approvalsPerSecond = ids.size / ((performance.now() - burstStart) / 1000)

  for (const s of viewers) s.disconnect()
  await server.close()
  return { delays, approvalsPerSecond, samplePost: samplePost! }
}

const runs: { bridges: number[]; bare: number[]; approvalsPerSecond: number }[] = []
for (let i = 0; i < REPEATS; i++) {
  const measured = await bridges()
  runs.push({
    bridges: measured.delays,
    bare: await bareBaseline(measured.samplePost),
    approvalsPerSecond: measured.approvalsPerSecond,
  })
}
const median = (values: number[]) => percentile(values, 50)
const p = (side: 'bridges' | 'bare', q: number) => median(runs.map((r) => percentile(r[side], q)))
const approvalsPerSecond = median(runs.map((r) => r.approvalsPerSecond))
console.log(`clients ${CLIENTS}, rounds ${ROUNDS}, repeats ${REPEATS} (median of each)`)
for (const [i, r] of runs.entries())
  console.log(
    `  run ${i + 1}: Bridges p99 ${round(percentile(r.bridges, 99))} ms, bare p99 ${round(percentile(r.bare, 99))} ms`,
  )
console.log(`Bridges approval → delivery: p50 ${round(p('bridges', 50))} ms, p99 ${round(p('bridges', 99))} ms`)
console.log(`bare Socket.IO broadcast:    p50 ${round(p('bare', 50))} ms, p99 ${round(p('bare', 99))} ms`)
console.log(`sustained: ${round(approvalsPerSecond, 1)} approved posts per second delivered to every client`)
report({
  bench: 'boards',
  metric: 'p99_ms',
  value: p('bridges', 99),
  baseline: p('bare', 99),
  target: 1.5,
  p50_ms: round(p('bridges', 50)),
  baseline_p50_ms: round(p('bare', 50)),
  clients: CLIENTS,
  approved_posts_per_second: round(approvalsPerSecond, 1),
})
process.exit(0)
