/**
 * A small live classroom for fault tests, driven only over HTTP and Socket.IO (the nodes are separate
 * processes): two linked schools, pupils posting on a board through both nodes, their teachers
 * approving through both nodes, and board watchers connected to both nodes.
 */
import { io as connect, type Socket } from 'socket.io-client'
import { afterAll, beforeAll } from 'vitest'
import type { Ack, ApiError } from '../../shared/errors.js'
import type { Board, BoardEvent, BoardJoinResult, Post } from '../../shared/schemas/boards.js'
import type { Pupil, SchoolClass } from '../../shared/schemas/schools.js'
import { createLinkViaApi } from '../test/links.js'
import { addPupils, LONDON, NAIROBI, type TeacherFixture } from '../test/people.js'
import { TestClient } from '../test/server.js'
import { sleep } from '../test/faults/processes.js'
import { startCluster, type Cluster } from '../test/faults/cluster.js'
import { BoardCursor } from '../../shared/boardCursor.js'

/** One timed HTTP request, as the fault tests judge them. */
export interface Sample {
  what: 'post' | 'approve' | 'pupil-sign-in' | 'teacher-sign-in'
  node: string
  /** 0 when no answer came (refused connection, or the time bound ran out). */
  status: number
  code?: string
  retryAfter: string | null
  startedAt: number
  ms: number
}

export const REQUEST_BOUND_MS = 15_000

/** Sends one request with a person's cookie to a node; never throws. */
export async function timedRequest(
  samples: Sample[],
  what: Sample['what'],
  node: { name: string; url: string },
  path: string,
  body: unknown,
  cookie = '',
): Promise<{ status: number; body: unknown; cookie: string | undefined }> {
  const startedAt = Date.now()
  let status = 0
  let json: unknown
  let retryAfter: string | null = null
  let setCookie: string | undefined
  try {
    const res = await fetch(node.url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_BOUND_MS),
    })
    status = res.status
    retryAfter = res.headers.get('retry-after')
    setCookie = res.headers.get('set-cookie')?.split(';')[0]
    const text = await res.text()
    json = text ? (JSON.parse(text) as unknown) : undefined
  } catch {
    status = 0
  }
  const code = (json as { error?: ApiError } | undefined)?.error?.code
  samples.push({ what, node: node.name, status, code, retryAfter, startedAt, ms: Date.now() - startedAt })
  return { status, body: json, cookie: setCookie }
}

interface NodeRef {
  name: string
  url: string
}

export interface Side {
  teacher: TeacherFixture
  schoolClass: SchoolClass
  pupils: { pupil: Pupil; cookie: string }[]
}

export interface Classroom {
  board: Board
  sides: Side[]
}

/** Two linked schools (London, Nairobi), each with `pupilsPerClass` signed-in pupils, and one discussion board. */
export async function setUpClassroom(node: NodeRef, pupilsPerClass = 2): Promise<Classroom> {
  const { linkId, sides: linked } = await createLinkViaApi({ url: node.url }, [LONDON, NAIROBI])
  const sides: Side[] = []
  for (const { teacher, schoolClass } of linked) {
    const created = await addPupils(
      teacher,
      schoolClass.id,
      Array.from({ length: pupilsPerClass }, (_, i) => `Pupil ${i + 1}`),
    )
    const pupils: Side['pupils'] = []
    for (const pupil of created) {
      const client = new TestClient(node.url)
      const res = await client.post('/api/auth/pupil-sign-in', {
        classCode: schoolClass.code,
        personalCode: pupil.personalCode,
      })
      if (res.status !== 200) throw new Error(`pupil sign-in failed: ${res.status} ${JSON.stringify(res.body)}`)
      pupils.push({ pupil, cookie: client.cookie })
    }
    sides.push({ teacher, schoolClass, pupils })
  }
  const first = sides[0]!.teacher.client
  const board = await first.post<Board>(`/api/links/${linkId}/boards`, { title: 'Our weather' })
  if (board.status !== 201) throw new Error(`board failed: ${board.status} ${JSON.stringify(board.body)}`)
  return { board: board.body, sides }
}

type LooseSocket = Socket & {
  timeout(ms: number): { emitWithAck(event: string, payload: unknown): Promise<unknown> }
}

/**
 * A board viewer running the client app's own cursor (shared/boardCursor.ts):
 * each numbered event applied once, in order; a gap, a reconnect or a `sync:resync` starts a catch-up
 * that pages until done, and a refused catch-up is retried after its Retry-After. It counts what
 * arrives, so the fault tests judge exactly what a class's screen would hold.
 */
export class BoardWatcher {
  readonly socket: LooseSocket
  private readonly cursor: BoardCursor
  /** Published upserts applied per post id (see deliveryOf for what exactly-once means). */
  readonly published = new Map<string, number>()
  /** The seqs at which each post's published upserts were applied (to tell a repeated event from a repeated state). */
  readonly publishedAt = new Map<string, number[]>()
  resyncs = 0
  /** When the first `sync:resync` arrived. */
  firstResyncAt: number | undefined
  catchUps = 0
  failedCatchUps = 0
  /** The error codes of refused catch-ups (UNAVAILABLE while PostgreSQL is down). */
  readonly refusals: string[] = []
  disconnects = 0
  reloads = 0

  constructor(
    readonly name: string,
    node: NodeRef,
    cookie: string,
    boardId: string,
  ) {
    this.socket = connect(node.url, {
      transports: ['websocket'],
      extraHeaders: { cookie },
      forceNew: true,
      reconnectionDelay: 200,
      reconnectionDelayMax: 1000,
    }) as LooseSocket
    this.cursor = new BoardCursor(
      boardId,
      (after) => this.join(boardId, after),
      (event) => this.apply(event),
    )
    this.socket.on('connect', () => void this.cursor.catchUp())
    this.socket.on('disconnect', () => this.disconnects++)
    this.socket.on('board:event', (event: BoardEvent) => this.cursor.receive(event))
    this.socket.on('sync:resync', () => {
      this.resyncs++
      this.firstResyncAt ??= Date.now()
      void this.cursor.catchUp()
    })
  }

  /** Resolves once connected and joined. */
  async ready(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs
    while (this.cursor.seq === undefined) {
      if (Date.now() > deadline) throw new Error(`${this.name} did not join the board`)
      await sleep(50)
    }
  }

  has(postIds: Iterable<string>): boolean {
    for (const id of postIds) if (!this.publishedAt.has(id)) return false
    return true
  }

  close(): void {
    this.socket.close()
  }

  catchUp(): Promise<void> {
    return this.cursor.catchUp()
  }

  private async join(boardId: string, after: number | undefined): Promise<Ack<BoardJoinResult>> {
    this.catchUps++
    const res = (await this.socket.timeout(5000).emitWithAck('board:join', { boardId, after })) as Ack<BoardJoinResult>
    if (!res.ok) {
      this.failedCatchUps++
      this.refusals.push(res.error.code)
    }
    return res
  }

  private apply(event: BoardEvent | 'all'): void {
    // Too far behind for a catch-up: the app would reload the board. Counted, and the tests fail on it.
    if (event === 'all') this.reloads++
    else if (event.type === 'upsert' && event.post.status === 'published') {
      this.published.set(event.post.id, (this.published.get(event.post.id) ?? 0) + 1)
      this.publishedAt.set(event.post.id, [...(this.publishedAt.get(event.post.id) ?? []), event.seq])
    }
  }
}

/** Pupils post threads and their teachers approve them, alternating nodes, until stopped. */
export class Traffic {
  readonly samples: Sample[] = []
  /** Posts whose approval answered 204: every watcher must end up with each of them once. */
  readonly approved = new Set<string>()
  private readonly waiting: { postId: string; side: Side }[] = []
  private stopped = false
  private loops: Promise<void>[] = []
  private counter = 0

  constructor(
    private readonly nodes: NodeRef[],
    private readonly classroom: Classroom,
  ) {}

  start(): void {
    for (const side of this.classroom.sides) {
      for (const [i, pupil] of side.pupils.entries())
        this.loops.push(this.loop(500, (n) => this.post(side, pupil.cookie, this.node(n + i))))
      this.loops.push(this.loop(200, (n) => this.approveNext(this.node(n))))
    }
    this.loops.push(this.loop(400, (n) => this.signIns(n)))
  }

  async stop(): Promise<void> {
    this.stopped = true
    await Promise.all(this.loops)
  }

  /** After the fault: approves whatever still waits (alternating nodes), retrying until `timeoutMs`; returns how many are left. */
  async drain(timeoutMs = 15_000): Promise<number> {
    const deadline = Date.now() + timeoutMs
    for (let n = 0; this.waiting.length && Date.now() < deadline; n++) {
      const ok = await this.approveNext(this.node(n))
      if (!ok) await sleep(200)
    }
    return this.waiting.length
  }

  /** Samples started inside [from, to). */
  between(from: number, to: number, what?: Sample['what']): Sample[] {
    return this.samples.filter((s) => s.startedAt >= from && s.startedAt < to && (!what || s.what === what))
  }

  private node(n: number): NodeRef {
    return this.nodes[n % this.nodes.length]!
  }

  private async loop(everyMs: number, step: (n: number) => Promise<unknown>): Promise<void> {
    for (let n = 0; !this.stopped; n++) {
      const started = Date.now()
      await step(n)
      await sleep(Math.max(0, everyMs - (Date.now() - started)))
    }
  }

  private async post(side: Side, cookie: string, node: NodeRef): Promise<void> {
    const n = ++this.counter
    const res = await timedRequest(
      this.samples,
      'post',
      node,
      `/api/boards/${this.classroom.board.id}/threads`,
      { title: `Weather ${n}`, body: `Sunny spells, report ${n}` },
      cookie,
    )
    if (res.status === 201) this.waiting.push({ postId: (res.body as Post).id, side })
  }

  private async approveNext(node: NodeRef): Promise<boolean> {
    const next = this.waiting.shift()
    if (!next) return false
    const res = await timedRequest(
      this.samples,
      'approve',
      node,
      `/api/moderation/board_post/${next.postId}/approve`,
      {},
      next.side.teacher.client.cookie,
    )
    // 409 "nothing to approve": an earlier approval went through but its answer was lost (the
    // connection dropped after COMMIT): the post is published all the same.
    if (res.status === 204 || res.status === 409) this.approved.add(next.postId)
    else this.waiting.push(next)
    return res.status === 204 || res.status === 409
  }

  private async signIns(n: number): Promise<void> {
    const side = this.classroom.sides[n % this.classroom.sides.length]!
    const node = this.node(n)
    const pupil = side.pupils[0]!.pupil
    await Promise.all([
      timedRequest(this.samples, 'pupil-sign-in', node, '/api/auth/pupil-sign-in', {
        classCode: side.schoolClass.code,
        personalCode: pupil.personalCode,
      }),
      timedRequest(this.samples, 'teacher-sign-in', node, '/api/auth/sign-in', {
        email: side.teacher.email,
        password: side.teacher.password,
      }),
    ])
  }
}

/** Waits until every watcher holds every approved post (or time runs out); returns how long it took. */
export async function untilDelivered(
  watchers: BoardWatcher[],
  postIds: Set<string>,
  timeoutMs = 15_000,
): Promise<number> {
  const started = Date.now()
  while (!watchers.every((w) => w.has(postIds))) {
    if (Date.now() - started > timeoutMs) break
    await sleep(100)
  }
  return Date.now() - started
}

/**
 * What each watcher holds against what was approved: `missing` and `extra` must be empty (the client's
 * view, deduplicated by post id, holds every approved post exactly once), `repeatedEvents` too (no
 * event applied twice). `repeatedStates` counts posts whose published state arrived at two different
 * seqs — harmless for an upsert, reported rather than failed (see the report on catch-up reads).
 */
export function deliveryOf(watcher: BoardWatcher, approved: Set<string>) {
  const held = [...watcher.publishedAt.keys()]
  const seqs = [...watcher.publishedAt.values()].flat()
  return {
    missing: [...approved].filter((id) => !watcher.publishedAt.has(id)),
    extra: held.filter((id) => !approved.has(id)),
    repeatedEvents: seqs.length - new Set(seqs).size,
    repeatedStates: [...watcher.publishedAt.values()].filter((at) => at.length > 1).length,
  }
}

/** p50 / p95 / max of a list of durations, for the report. */
export function percentiles(ms: number[]): { n: number; p50: number; p95: number; max: number } {
  const sorted = [...ms].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0
  return { n: sorted.length, p50: at(0.5), p95: at(0.95), max: sorted.at(-1) ?? 0 }
}

/**
 * What every fault suite starts with: two server processes on a PostgreSQL and a Redis of their own,
 * a linked classroom on them, and board watchers that are closed with the cluster after the suite.
 */
export function useFaultClassroom(env: Record<string, string> = {}): {
  readonly cluster: Cluster
  readonly classroom: Classroom
  readonly watchers: BoardWatcher[]
  /** A teacher and a pupil of each school watching the board, spread over both nodes; resolves once all have joined. */
  watchAcrossNodes(): Promise<void>
} {
  let cluster: Cluster | undefined
  let classroom: Classroom | undefined
  const watchers: BoardWatcher[] = []
  beforeAll(async () => {
    cluster = await startCluster({ nodes: 2, env: { BOARD_POSTS_PER_MINUTE: '600', ...env } })
    classroom = await setUpClassroom(cluster.nodes[0]!)
  })
  afterAll(async () => {
    for (const w of watchers) w.close()
    await cluster?.close()
  })
  return {
    get cluster() {
      if (!cluster) throw new Error('the fault cluster has not started')
      return cluster
    },
    get classroom() {
      if (!classroom) throw new Error('the classroom has not been set up')
      return classroom
    },
    watchers,
    async watchAcrossNodes() {
      const [a, b] = this.cluster.nodes
      if (!a || !b) throw new Error('the fault cluster needs two nodes')
      const [london, nairobi] = this.classroom.sides as [Side, Side]
      const boardId = this.classroom.board.id
      watchers.push(
        new BoardWatcher('London teacher on A', a, london.teacher.client.cookie, boardId),
        new BoardWatcher('Nairobi teacher on B', b, nairobi.teacher.client.cookie, boardId),
        new BoardWatcher('London pupil on B', b, london.pupils[1]!.cookie, boardId),
        new BoardWatcher('Nairobi pupil on A', a, nairobi.pupils[1]!.cookie, boardId),
      )
      await Promise.all(watchers.map((w) => w.ready()))
    },
  }
}
