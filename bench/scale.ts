/**
 * bench:scale — the scale targets of issue 16, each beside a bare stack doing the same work in the same run.
 *  1. Approval → content on screen at BENCH_CLIENTS (1000) viewers: each viewer is what the browser
 *     runs (a TanStack Query cache with the board's first page observed, as by a mounted page, fed
 *     by the client's own BoardCursor and `applyBoardEvent`); "on screen" is the observer seeing the
 *     post. Beside it: a bare Socket.IO broadcast of the same payload to as many clients. The HTTP
 *     GETs the viewers make during the approvals are counted (target: none).
 *  2. Sustained approvals: the same 1,000 sockets stay in the board and receive every event; BENCH_SCREENS
 *     of them keep running the whole client (cursor, cache merge, observed page) and are timed to the
 *     post on screen, the others to the event's arrival. (A thousand browsers each merge on their own
 *     CPU; run in this one process, a thousand caches growing by every approval make the bench's own
 *     clients, not the server, the limit of both sides.) Approvals sent at rising rates (BENCH_RATES, then ×1.25 each step) for
 *     BENCH_SUSTAIN_MS each, until the on-screen p99 reaches 1 s; the highest rate held under 1 s,
 *     beside the highest rate the bare broadcast holds stepped up the same way, with the very payload
 *     the app sent (one of its `board:event`s, as a viewer received it).
 *  3. Presence: BENCH_PRESENCE_SOCKETS signed-in sockets joining one link as the client does
 *     (`link:join`), the ramp time and the presence messages received, beside a bare server whose
 *     sockets join a room. (Clients and server share this process: its open-file limit caps the count.)
 *  4. Wall page latency with 100 and BENCH_WALL_ITEMS items (newest page, visibility in SQL).
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { InfiniteQueryObserver, QueryClient, type InfiniteData } from '@tanstack/react-query'
import { Server } from 'socket.io'
import type { Socket } from 'socket.io-client'
import { BoardCursor } from '../shared/boardCursor.js'
import type { Ack } from '../shared/errors.js'
import type { Board, BoardEvent, BoardJoinResult, Post, ThreadsPage } from '../shared/schemas/boards.js'
import type { LinkPresence } from '../shared/schemas/links.js'
import { applyBoardEvent } from '../client/src/features/boards/boardCache.js'
import { boardKey } from '../client/src/features/boards/api.js'
import { newId } from '../server/domain/ids.js'
import { createLinkedClasses } from '../server/test/links.js'
import { startTestServer, type TestServer } from '../server/test/server.js'
import { connectAll, percentile, report, round } from './support.js'

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 1000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30)
const SUSTAIN_MS = Number(process.env.BENCH_SUSTAIN_MS ?? 2000)
const RATES = (process.env.BENCH_RATES ?? '10,20,40,80').split(',').map(Number)
const MAX_RATE = Number(process.env.BENCH_MAX_RATE ?? 2000)
const SCREENS = Number(process.env.BENCH_SCREENS ?? 50)
/** The rate after `rate`, the `i`th tried: the given rates, then 25 % more each step. */
const nextRate = (rate: number, i: number) => RATES[i + 1] ?? Math.round(rate * 1.25)
const PRESENCE_SOCKETS = Number(process.env.BENCH_PRESENCE_SOCKETS ?? 4000)
const WALL_ITEMS = Number(process.env.BENCH_WALL_ITEMS ?? 20000)
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Calls `seen(postId, at)` whenever a post first appears in any of the watchers' screens. */
type Screen = { onShown: (postId: string, at: number) => void }

/**
 * The sockets of one side: how many board events each has received, and whether the bench has
 * switched all but the first SCREENS of them to timing arrivals only (the sustained part).
 */
function audience(sockets: Socket[]) {
  const received = new Map<Socket, number>(sockets.map((s) => [s, 0]))
  for (const s of sockets) s.on('board:event', () => received.set(s, received.get(s)! + 1))
  const state = { arrivalsOnly: false }
  const screens = new Set(sockets.slice(0, SCREENS))
  return {
    state,
    screened: (socket: Socket) => !state.arrivalsOnly || screens.has(socket),
    /** How many events each socket has received so far. */
    mark: () => new Map(received),
    /** Resolves once every socket has received `more` events beyond `mark` (a side's backlog is cleared). */
    drained: (mark: Map<Socket, number>, more: number) =>
      new Promise<void>((resolve) => {
        const check = () =>
          [...received].every(([s, n]) => n >= mark.get(s)! + more) ? resolve() : void setTimeout(check, 20)
        check()
      }),
  }
}

/** One browser tab's board page: a query cache, an observer on the first page, the client's cursor. */
async function viewer(
  socket: Socket,
  board: Board,
  fetchPage: () => Promise<ThreadsPage>,
  screen: Screen,
  screened: (socket: Socket) => boolean,
  joinBare?: () => Promise<Ack<BoardJoinResult>>,
): Promise<void> {
  const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 0, retry: false } } })
  const queryKey = [...boardKey(board.id), 'threads', '']
  const paging = { initialPageParam: '', getNextPageParam: (last: ThreadsPage) => last.nextCursor ?? undefined }
  await queryClient.prefetchInfiniteQuery({ queryKey, queryFn: fetchPage, ...paging })
  // Mounted with the page already fetched; any invalidation from here on would fetch it again (and be counted).
  const observer = new InfiniteQueryObserver<ThreadsPage, Error, InfiniteData<ThreadsPage, string>, string[], string>(
    queryClient,
    { queryKey, queryFn: fetchPage, refetchOnMount: false, ...paging },
  )
  const shown = new Set<string>()
  observer.subscribe((result) => {
    for (const post of result.data?.pages.flatMap((page) => page.items) ?? []) {
      if (shown.has(post.id)) continue
      shown.add(post.id)
      screen.onShown(post.id, performance.now())
    }
  })
  const join =
    joinBare ??
    ((after: number | undefined) =>
      socket.timeout(30_000).emitWithAck('board:join', { boardId: board.id, after }) as Promise<Ack<BoardJoinResult>>)
  const cursor = new BoardCursor(board.id, join, (event) =>
    event === 'all' ? void queryClient.invalidateQueries() : applyBoardEvent(queryClient, event),
  )
  socket.on('board:event', (event: BoardEvent) => {
    if (screened(socket)) cursor.receive(event)
    else if (event.type === 'upsert') screen.onShown(event.post.id, performance.now())
  })
  return cursor.catchUp()
}

/** Waits until `count` posts have each been shown by every one of `clients` screens; resolves with each (post, screen) delay. */
function tracker(clients: number) {
  const starts = new Map<string, number>()
  const delays = new Map<string, number[]>()
  let waiting: { ids: Set<string>; remaining: number; resolve: () => void } | undefined
  const screen: Screen = {
    onShown(postId, at) {
      const start = starts.get(postId)
      if (start === undefined) return
      const list = delays.get(postId) ?? []
      delays.set(postId, list)
      list.push(at - start)
      if (waiting && list.length === clients && waiting.ids.has(postId) && --waiting.remaining === 0) waiting.resolve()
    },
  }
  return {
    screen,
    started: (postId: string) => starts.set(postId, performance.now()),
    /** Call before the posts are started. */
    allShown: (ids: string[]) =>
      new Promise<void>((resolve) => (waiting = { ids: new Set(ids), remaining: ids.length, resolve })),
    delaysOf: (ids: string[]) => ids.flatMap((id) => delays.get(id) ?? []),
  }
}

/** A side of the sustained comparison: one step at a rate answers its p99. */
interface Side {
  name: string
  step(rate: number): Promise<number>
  close(): Promise<void>
}

async function bridgesBoards(): Promise<
  Side & { delays: number[]; gets: number; sustainedGets: () => number; payload: BoardEvent }
> {
  const server = await startTestServer({
    env: { BOARD_POSTS_PER_MINUTE: '1000000', SOCKET_USER_EVENTS_PER_10S: '1000000' },
  })
  // The bench's clients sit idle while a thousand sockets open: keep their connections (a reset one would fail a write).
  server.app.http.keepAliveTimeout = 600_000
  const linked = await createLinkedClasses(server, { pupilsPerClass: 1 })
  const [london, nairobi] = linked.sides
  const teacher = london!.teacher.client
  const author = london!.pupils[0]!.client
  const reader = nairobi!.pupils[0]!.client
  const board = (await teacher.post<Board>(`/api/links/${linked.link.id}/boards`, { title: 'Bench' })).body
  let gets = 0
  server.app.http.on('request', (req: http.IncomingMessage) => {
    if (req.method === 'GET' && req.url?.startsWith('/api/boards/')) gets++
  })
  const sockets = await connectAll(server.url, reader.cookie, CLIENTS, 200)
  let payload: BoardEvent | undefined
  sockets[0]!.on('board:event', (event: BoardEvent) => {
    if (event.type === 'upsert') payload = event
  })
  const track = tracker(CLIENTS)
  const fetchPage = async () => (await reader.get<ThreadsPage>(`/api/boards/${board.id}/threads`)).body
  const crowd = audience(sockets)
  await Promise.all(sockets.map((s) => viewer(s, board, fetchPage, track.screen, crowd.screened)))
  await sleep(200)
  const write = (i: number) =>
    author.post<Post>(`/api/boards/${board.id}/threads`, {
      title: `Post ${i}`,
      body: 'We went to the river and saw a heron.',
    })
  const approve = async (id: string) => {
    track.started(id)
    await teacher.post(`/api/moderation/board_post/${id}/approve`)
  }

  // 1. One approval at a time, each waited for on every screen.
  gets = 0
  const recorded: string[] = []
  for (let i = 0; i < ROUNDS + 3; i++) {
    const post = (await write(i)).body
    const shown = track.allShown([post.id])
    await approve(post.id)
    await shown
    if (i >= 3) recorded.push(post.id)
  }
  const delays = track.delaysOf(recorded)
  const roundGets = gets

  // 2. Approvals at a rate (one step; the steps are taken in turn with the bare side's).
  let sustainedGets = 0
  const step = async (rate: number) => {
    crowd.state.arrivalsOnly = true
    gets = 0
    const count = Math.max(1, Math.round((rate * SUSTAIN_MS) / 1000))
    // Each held post tells every viewer its sequence number (a removal): cleared before the clock starts.
    const mark = crowd.mark()
    const posts: Post[] = []
    for (let i = 0; i < count; i += 50)
      posts.push(
        ...(await Promise.all(Array.from({ length: Math.min(50, count - i) }, (_, j) => write(i + j)))).map(
          (r) => r.body,
        ),
      )
    await crowd.drained(mark, count)
    const ids = posts.map((p) => p.id)
    const shown = track.allShown(ids)
    const sent: Promise<void>[] = []
    const t0 = performance.now()
    for (const [i, id] of ids.entries()) {
      const due = t0 + (i * 1000) / rate
      if (due > performance.now()) await sleep(due - performance.now())
      sent.push(approve(id))
    }
    await Promise.all(sent)
    await Promise.race([shown, sleep(30_000)])
    const p99 = percentileOrMissing(track.delaysOf(ids), ids.length * CLIENTS)
    console.log(`  Bridges at ${rate} approvals/s: on-screen p99 ${round(p99)} ms`)
    sustainedGets += gets
    return p99
  }
  const close = async () => {
    for (const s of sockets) s.disconnect()
    await server.close()
  }
  if (!payload) throw new Error('no board:event reached the viewers')
  return { name: 'Bridges', delays, gets: roundGets, sustainedGets: () => sustainedGets, payload, step, close }
}

/** The p99 of `delays`, where a delay missing of the `expected` (never shown in 30 s) counts as infinite. */
function percentileOrMissing(delays: number[], expected: number): number {
  return percentile([...delays, ...Array<number>(Math.max(0, expected - delays.length)).fill(Infinity)], 99)
}

async function bareBoards(event: BoardEvent): Promise<Side & { delays: number[] }> {
  if (event.type !== 'upsert') throw new Error('the bare broadcast replays a post')
  const payload = event.post
  const server = http.createServer()
  const io = new Server(server)
  io.on('connection', (socket) => void socket.join('board'))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const sockets = await connectAll(
    `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    undefined,
    CLIENTS,
    200,
  )
  const track = tracker(CLIENTS)
  // The same client work as on the Bridges side (cursor, cache merge, observed page): in a real class
  // it runs in a thousand browsers, here in this one process, so both sides pay it alike.
  const board: Board = {
    id: payload.boardId,
    linkId: null,
    kind: 'discussion',
    title: 'Bench',
    createdAt: payload.createdAt,
  }
  const emptyPage = async (): Promise<ThreadsPage> => ({ items: [], nextCursor: null })
  const crowd = audience(sockets)
  await Promise.all(
    sockets.map((s) =>
      viewer(s, board, emptyPage, track.screen, crowd.screened, async () => ({
        ok: true,
        data: { events: [], lastSeq: 0, more: false, reload: false },
      })),
    ),
  )
  let seq = 0
  const emit = (id: string) => {
    track.started(id)
    io.to('board').emit('board:event', { ...event, seq: ++seq, post: { ...payload, id } })
  }
  const recorded: string[] = []
  for (let i = 0; i < ROUNDS + 3; i++) {
    const id = newId()
    const shown = track.allShown([id])
    emit(id)
    await shown
    if (i >= 3) recorded.push(id)
  }
  const step = async (rate: number) => {
    crowd.state.arrivalsOnly = true
    const ids = Array.from({ length: Math.max(1, Math.round((rate * SUSTAIN_MS) / 1000)) }, () => newId())
    const shown = track.allShown(ids)
    const t0 = performance.now()
    for (const [i, id] of ids.entries()) {
      const due = t0 + (i * 1000) / rate
      if (due > performance.now()) await sleep(due - performance.now())
      emit(id)
    }
    await Promise.race([shown, sleep(30_000)])
    const p99 = percentileOrMissing(track.delaysOf(ids), ids.length * CLIENTS)
    console.log(`  bare at ${rate} broadcasts/s: p99 ${round(p99)} ms`)
    return p99
  }
  const close = async () => {
    for (const s of sockets) s.disconnect()
    await new Promise<void>((resolve) => void io.close(() => resolve()))
  }
  return { name: 'bare', delays: track.delaysOf(recorded), step, close }
}

/**
 * Both sides stepped up in turn at each rate (the order swapped each step), so a busy moment of this
 * shared machine falls on both alike; each stops once its p99 reaches 1 s.
 */
async function sustainedInTurn(sides: Side[]): Promise<Map<string, Map<number, number>>> {
  const p99s = new Map(sides.map((side) => [side.name, new Map<number, number>()]))
  const going = new Set(sides)
  for (let i = 0, rate = RATES[0]!; going.size && rate <= MAX_RATE; rate = nextRate(rate, i++)) {
    for (const side of i % 2 ? [...sides].reverse() : sides) {
      if (!going.has(side)) continue
      const p99 = await side.step(rate)
      p99s.get(side.name)!.set(rate, p99)
      if (!(p99 < 1000)) going.delete(side)
    }
  }
  return p99s
}

/** Ramp time and presence messages for `count` sockets joining one link (or, bare, one room). */
async function presence(server: TestServer | undefined): Promise<{ rampMs: number; messages: number }> {
  let url: string
  let cookie: string | undefined
  let linkId = ''
  let close: () => Promise<void>
  if (server) {
    const linked = await createLinkedClasses(server, { pupilsPerClass: 1 })
    url = server.url
    cookie = linked.sides[1]!.pupils[0]!.client.cookie
    linkId = linked.link.id
    close = () => server.close()
  } else {
    const bare = http.createServer()
    const io = new Server(bare)
    io.on('connection', (socket) =>
      socket.on('link:join', (_p: unknown, ack: (r: unknown) => void) => {
        void socket.join('link')
        ack({ ok: true })
      }),
    )
    await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(bare.address() as AddressInfo).port}`
    close = () => new Promise<void>((resolve) => void io.close(() => resolve()))
  }
  let messages = 0
  const t0 = performance.now()
  const sockets: Socket[] = []
  for (let i = 0; i < PRESENCE_SOCKETS; i += 200) {
    const batch = await connectAll(url, cookie, Math.min(200, PRESENCE_SOCKETS - i), 200)
    for (const s of batch) s.on('link:presence', (_p: LinkPresence) => messages++)
    await Promise.all(batch.map((s) => s.timeout(60_000).emitWithAck('link:join', { linkId })))
    sockets.push(...batch)
  }
  const rampMs = performance.now() - t0
  await sleep(300)
  for (const s of sockets) s.disconnect()
  await close()
  return { rampMs, messages }
}

/** Newest wall page latency (p50 of 30 requests) with `items` letters on the wall. */
async function wallPage(items: number): Promise<number> {
  const server = await startTestServer()
  const linked = await createLinkedClasses(server, { pupilsPerClass: 1 })
  const teacher = linked.sides[0]!.teacher
  const letter = (
    await teacher.client.post<{ id: string }>(`/api/links/${linked.link.id}/wall`, {
      kind: 'letter',
      body: 'First letter',
    })
  ).body
  const model = await server.storage.db
    .selectFrom('wallItems')
    .selectAll()
    .where('id', '=', letter.id)
    .executeTakeFirstOrThrow()
  for (let i = 1; i < items; i += 500) {
    const rows = Array.from({ length: Math.min(500, items - i) }, (_, j) => ({
      ...model,
      id: newId(),
      body: `Letter ${i + j}`,
      createdAt: new Date(Date.parse(model.createdAt) - (i + j) * 1000).toISOString(),
    }))
    await server.storage.db.insertInto('wallItems').values(rows).execute()
  }
  const reader = linked.sides[1]!.pupils[0]!.client
  const times: number[] = []
  for (let i = 0; i < 33; i++) {
    const t = performance.now()
    const res = await reader.get(`/api/links/${linked.link.id}/wall`)
    if (res.status !== 200) throw new Error(`wall answered ${res.status}`)
    if (i >= 3) times.push(performance.now() - t)
  }
  await server.close()
  return percentile(times, 50)
}

const highestUnder = (rates: Map<number, number>, ms: number) =>
  Math.max(0, ...[...rates].filter(([, p99]) => p99 < ms).map(([rate]) => rate))

// BENCH_ONLY=boards skips the wall and presence parts (they take minutes).
const only = process.env.BENCH_ONLY
if (only !== 'boards') {
  const wallSmall = await wallPage(100)
  const wallLarge = await wallPage(WALL_ITEMS)
  console.log(`wall newest page p50: ${round(wallSmall)} ms with 100 items, ${round(wallLarge)} ms with ${WALL_ITEMS}`)
  const bridgesPresence = await presence(await startTestServer({ env: { SOCKET_USER_EVENTS_PER_10S: '1000000' } }))
  const barePresence = await presence(undefined)
  console.log(
    `presence: ${PRESENCE_SOCKETS} sockets joined in ${round(bridgesPresence.rampMs)} ms (bare ${round(barePresence.rampMs)} ms), ${bridgesPresence.messages} presence messages`,
  )
  report({
    bench: 'scale',
    metric: 'wall_page_p50_ms_ratio_100_to_many',
    value: wallLarge,
    baseline: wallSmall,
    target: 2,
    items: WALL_ITEMS,
  })
  report({
    bench: 'scale',
    metric: 'presence_ramp_ms',
    value: bridgesPresence.rampMs,
    baseline: barePresence.rampMs,
    target: 2,
    sockets: PRESENCE_SOCKETS,
    presence_messages: bridgesPresence.messages,
    quadratic_would_be: (PRESENCE_SOCKETS * (PRESENCE_SOCKETS + 1)) / 2,
  })
}

const app = await bridgesBoards()
const bare = await bareBoards(app.payload)
const rates = await sustainedInTurn([app, bare])
await app.close()
await bare.close()
const appSustained = rates.get(app.name)!
const bareSustained = rates.get(bare.name)!
console.log(
  `approval → on screen at ${CLIENTS} clients: p50 ${round(percentile(app.delays, 50))} ms, p99 ${round(percentile(app.delays, 99))} ms; bare broadcast p50 ${round(percentile(bare.delays, 50))} ms, p99 ${round(percentile(bare.delays, 99))} ms; board GETs during ${ROUNDS + 3} approvals: ${app.gets}`,
)

const appRate = highestUnder(appSustained, 1000)
const bareRate = highestUnder(bareSustained, 1000)
// Higher is better here: the target is a ratio of at least 0.8.
report({
  bench: 'scale',
  metric: 'sustained_per_s_p99_under_1s',
  value: appRate,
  baseline: bareRate || 1,
  target: 0.8,
  app_p99_ms_by_rate: Object.fromEntries([...appSustained].map(([rate, p99]) => [rate, round(p99)])),
  bare_p99_ms_by_rate: Object.fromEntries([...bareSustained].map(([rate, p99]) => [rate, round(p99)])),
})
report({
  bench: 'scale',
  metric: 'extra_http_gets_per_client_per_approval',
  value: app.gets / CLIENTS / (ROUNDS + 3),
  baseline: 1,
  target: 0,
  gets_during_sustained: app.sustainedGets(),
})
report({
  bench: 'scale',
  metric: 'approval_to_screen_p99_ms',
  value: percentile(app.delays, 99),
  baseline: percentile(bare.delays, 99),
  target: 1.5,
  p50_ms: round(percentile(app.delays, 50)),
  baseline_p50_ms: round(percentile(bare.delays, 50)),
  clients: CLIENTS,
})
process.exit(0)
