import { describe, expect, it } from 'vitest'
import type { ThreadsPage } from '../../shared/schemas/boards.js'
import type { QueuePage } from '../../shared/schemas/moderation.js'
import { faultSkipReason, type Cluster } from '../test/faults/cluster.js'
import { sleep } from '../test/faults/processes.js'
import { TestClient } from '../test/server.js'
import { BoardWatcher, deliveryOf, Traffic, untilDelivered, useFaultClassroom, type Classroom } from './classroom.js'

const skip = faultSkipReason()
const GRACE_MS = 5000

/**
 * A rolling restart as an operator does it: SIGTERM to one of two nodes while classes post and
 * teachers approve through both. The node finishes what it has started, refuses what comes after
 * (503 or a closed port, never a 500), exits 0 within the grace; its classes reconnect and catch up.
 */
describe.skipIf(Boolean(skip))('SIGTERM to one node under traffic (two nodes, one PostgreSQL, one Redis)', () => {
  const room = useFaultClassroom({ SHUTDOWN_GRACE_MS: String(GRACE_MS) })

  it(
    'loses nothing: every request answered or refused cleanly, every approved post delivered once',
    { timeout: 90_000 },
    async () => {
      const [a, b] = room.cluster.nodes as [Cluster['nodes'][0], Cluster['nodes'][0]]
      const [london, nairobi] = room.classroom.sides as [Classroom['sides'][0], Classroom['sides'][0]]
      const boardId = room.classroom.board.id
      room.watchers.push(
        new BoardWatcher('Nairobi pupil on B', b, nairobi.pupils[0]!.cookie, boardId),
        new BoardWatcher('London teacher on B', b, london.teacher.client.cookie, boardId),
        new BoardWatcher('Nairobi teacher on A', a, nairobi.teacher.client.cookie, boardId),
      )
      await Promise.all(room.watchers.map((w) => w.ready()))

      const traffic = new Traffic([a, b], room.classroom)
      traffic.start()
      await sleep(2000)
      const signalled = Date.now()
      const exit = await b.kill('SIGTERM', GRACE_MS + 10_000)
      const stoppedMs = Date.now() - signalled
      await b.start()
      await sleep(1500)
      await traffic.stop()
      const unapproved = await traffic.drain()

      const onB = traffic.between(signalled, signalled + stoppedMs).filter((s) => s.node === b.name)
      const report = {
        exit,
        stoppedMs,
        duringStop: countBy(onB.map((s) => `${s.what} ${s.status}${s.code ? ` ${s.code}` : ''}`)),
        approved: traffic.approved.size,
        unapproved,
      }
      console.info('sigterm fault:', JSON.stringify(report))
      const context = `${JSON.stringify(report)}\n--- B\n${b.output.slice(-3000)}`

      expect(exit, context).toEqual({ code: 0, signal: null })
      expect(stoppedMs, context).toBeLessThan(GRACE_MS + 2000)
      // Requests in flight when the signal came are finished with their normal answer.
      const inFlight = traffic.samples.filter(
        (s) => s.node === b.name && s.startedAt < signalled && s.startedAt + s.ms > signalled,
      )
      expect(
        inFlight.filter((s) => s.status === 0 || s.status >= 500),
        context,
      ).toEqual([])
      // Requests to the stopping node: answered normally, or refused as 503 / a closed port; never a 500.
      expect(
        traffic.samples.filter((s) => s.status >= 500 && s.status !== 503),
        context,
      ).toEqual([])
      expect(unapproved, context).toBe(0)
      expect(a.exits, context).toEqual([])

      // Nothing held is lost in a queue nobody sees: the drain approved all that waited.
      for (const side of [london, nairobi]) {
        const teacher = Object.assign(new TestClient(a.url), { cookie: side.teacher.client.cookie })
        expect((await teacher.get<QueuePage>('/api/moderation/queue')).body.items, context).toEqual([])
      }
      // What is published (an approval whose answer the stop cut off counts too) reaches every client once.
      const published = await publishedPosts(a.url, london.teacher.client.cookie, boardId)
      for (const id of traffic.approved) expect(published.has(id), context).toBe(true)
      await untilDelivered(room.watchers, published, 20_000)
      const delivery = room.watchers.map((w) => ({ name: w.name, ...deliveryOf(w, published) }))
      expect(delivery, context).toEqual(
        room.watchers.map((w) => ({
          name: w.name,
          missing: [],
          extra: [],
          repeatedEvents: 0,
          repeatedStates: expect.any(Number),
        })),
      )
    },
  )
})

async function publishedPosts(url: string, cookie: string, boardId: string): Promise<Set<string>> {
  const client = Object.assign(new TestClient(url), { cookie })
  const ids = new Set<string>()
  let before = ''
  for (;;) {
    const query = new URLSearchParams({ limit: '50', ...(before ? { before } : {}) }).toString()
    const res = await client.get<ThreadsPage>(`/api/boards/${boardId}/threads?${query}`)
    for (const post of res.body.items) if (post.status === 'published') ids.add(post.id)
    if (!res.body.nextCursor) return ids
    before = res.body.nextCursor
  }
}

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1
  return counts
}
