import { describe, expect, it } from 'vitest'
import { faultSkipReason } from '../test/faults/cluster.js'
import { sleep } from '../test/faults/processes.js'
import { deliveryOf, percentiles, Traffic, untilDelivered, useFaultClassroom, type Sample } from './classroom.js'

const skip = faultSkipReason()
const OUTAGE_MS = 5000
/** A request during the outage must be answered (with 503) within this, never hang. */
const BOUND_MS = 3000

describe.skipIf(Boolean(skip))('PostgreSQL restarts under traffic (two nodes, one PostgreSQL, one Redis)', () => {
  const room = useFaultClassroom()

  it(
    'answers 503 with Retry-After while it is down, no node exits, and afterwards every client holds every approved post once',
    { timeout: 90_000 },
    async () => {
      const { nodes, postgres } = room.cluster
      const [a, b] = nodes as [(typeof nodes)[0], (typeof nodes)[0]]
      await room.watchAcrossNodes()

      const traffic = new Traffic(nodes, room.classroom)
      traffic.start()
      await sleep(2500)
      // A clean stop (sessions end with admin_shutdown), an outage, then a start.
      const down = Date.now()
      await postgres!.stop('fast')
      await sleep(OUTAGE_MS / 2)
      // Not ready (a load balancer sends traffic elsewhere) but alive (nothing restarts it).
      const [health, live] = await Promise.all([fetch(`${a.url}/api/health`), fetch(`${a.url}/api/live`)])
      await sleep(OUTAGE_MS / 2)
      await postgres!.start()
      const up = Date.now()
      await sleep(2500)
      // A crash-like restart (backends killed, connections dropped mid-query).
      const crashed = Date.now()
      await postgres!.restart('immediate')
      const back = Date.now()
      await sleep(3000)
      await traffic.stop()
      const unapproved = await traffic.drain()
      const deliveredMs = await untilDelivered(room.watchers, traffic.approved)

      const during = [...traffic.between(down, up), ...traffic.between(crashed, back)]
      const firstOk = (after: number) =>
        traffic.samples
          .filter((s) => s.startedAt >= after && s.status >= 200 && s.status < 300)
          .sort((x, y) => x.startedAt - y.startedAt)[0]
      const report = {
        outageLatency: percentiles(traffic.between(down + 500, up - 500).map((s) => s.ms)),
        statuses: countBy(during.map((s) => `${s.what} ${s.status}${s.code ? ` ${s.code}` : ''}`)),
        recoveredMsAfterStart: (firstOk(up)?.startedAt ?? NaN) - up,
        recoveredMsAfterCrashRestart: (firstOk(back)?.startedAt ?? NaN) - back,
        approved: traffic.approved.size,
        unapproved,
        deliveredMsAfterDrain: deliveredMs,
        watchers: room.watchers.map((w) => ({
          name: w.name,
          repeatedStates: deliveryOf(w, traffic.approved).repeatedStates,
          catchUps: w.catchUps,
          refused: w.refusals,
          disconnects: w.disconnects,
        })),
      }
      console.info('postgres fault:', JSON.stringify(report))

      const context = `${JSON.stringify(report)}\n--- A\n${a.output.slice(-3000)}\n--- B\n${b.output.slice(-3000)}`
      expect({ a: a.exits, b: b.exits }, context).toEqual({ a: [], b: [] })
      expect([health.status, health.headers.get('retry-after'), await health.json()]).toEqual([
        503,
        expect.stringMatching(/^\d+$/),
        { status: 'unavailable' },
      ])
      expect(live.status).toBe(200)
      // Socket acknowledgements refused during the outage say UNAVAILABLE too (board catch-ups).
      expect(room.watchers.flatMap((w) => w.refusals).filter((code) => code !== 'UNAVAILABLE')).toEqual([])
      // While it is down: answered quickly, as 503 UNAVAILABLE with Retry-After — never a 500, never a hang.
      const refused = during.filter((s) => s.status < 200 || s.status >= 300)
      expect(refused.length, context).toBeGreaterThan(5)
      const wrong = refused.filter(
        (s: Sample) => s.status !== 503 || s.code !== 'UNAVAILABLE' || !s.retryAfter || s.ms > BOUND_MS,
      )
      expect(wrong, context).toEqual([])
      expect(
        traffic.samples.filter((s) => s.status >= 500 && s.status !== 503),
        context,
      ).toEqual([])
      expect(
        traffic.samples.filter((s) => s.status === 0),
        context,
      ).toEqual([])
      // Afterwards everything works again, and every client holds every approved post exactly once.
      const last = traffic.between(back + 1500, Date.now())
      expect(last.length).toBeGreaterThan(5)
      expect(
        last.filter((s) => s.status >= 300 && s.status !== 409),
        context,
      ).toEqual([])
      expect(unapproved, context).toBe(0)
      expect(traffic.approved.size).toBeGreaterThan(10)
      for (const watcher of room.watchers) {
        const delivery = deliveryOf(watcher, traffic.approved)
        expect(
          { ...delivery, repeatedStates: 0, reloads: watcher.reloads },
          `${watcher.name} of ${traffic.approved.size}\n${context}`,
        ).toEqual({
          missing: [],
          extra: [],
          repeatedEvents: 0,
          repeatedStates: 0,
          reloads: 0,
        })
      }
    },
  )
})

function countBy(items: string[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const item of items) counts[item] = (counts[item] ?? 0) + 1
  return counts
}
