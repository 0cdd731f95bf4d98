import { describe, expect, it } from 'vitest'
import { faultSkipReason } from '../test/faults/cluster.js'
import { sleep } from '../test/faults/processes.js'
import { deliveryOf, percentiles, Traffic, untilDelivered, useFaultClassroom } from './classroom.js'

const skip = faultSkipReason()
const OUTAGE_MS = 10_000
const BOUND_MS = 2000

describe.skipIf(Boolean(skip))('Redis outage under traffic (two nodes, one PostgreSQL, one Redis)', () => {
  const room = useFaultClassroom()

  it(
    'no node exits, sign-in and posting stay quick, and after recovery every client holds every approved post once',
    { timeout: 90_000 },
    async () => {
      const { nodes, redis } = room.cluster
      const [a, b] = nodes as [(typeof nodes)[0], (typeof nodes)[0]]
      await room.watchAcrossNodes()

      const traffic = new Traffic(nodes, room.classroom)
      traffic.start()
      await sleep(2500)
      const down = Date.now()
      await redis!.stop('SIGKILL')
      await sleep(OUTAGE_MS)
      const up = Date.now()
      await redis!.start()
      await sleep(3000)
      await traffic.stop()
      const unapproved = await traffic.drain()
      const deliveredMs = await untilDelivered(room.watchers, traffic.approved)

      const during = traffic.between(down, up)
      const latencies = (from: number, to: number) =>
        Object.fromEntries(
          (['pupil-sign-in', 'teacher-sign-in', 'post', 'approve'] as const).map((what) => [
            what,
            percentiles(traffic.between(from, to, what).map((s) => s.ms)),
          ]),
        )
      const report = {
        before: latencies(0, down),
        during: latencies(down, up),
        resyncMsAfterRestart: room.watchers.map((w) => (w.firstResyncAt ?? NaN) - up),
        statuses: countBy(during.map((s) => `${s.what} ${s.status}${s.code ? ` ${s.code}` : ''}`)),
        approved: traffic.approved.size,
        unapproved,
        deliveredMsAfterDrain: deliveredMs,
        watchers: room.watchers.map((w) => ({
          name: w.name,
          repeatedStates: deliveryOf(w, traffic.approved).repeatedStates,
          resyncs: w.resyncs,
          catchUps: w.catchUps,
          disconnects: w.disconnects,
        })),
      }
      console.info('redis fault:', JSON.stringify(report))

      const context = `${JSON.stringify(report)}\n--- A\n${a.output.slice(-3000)}\n--- B\n${b.output.slice(-3000)}`
      // No node exits, whatever Redis does.
      expect({ a: a.exits, b: b.exits }, context).toEqual({ a: [], b: [] })
      expect(a.running && b.running).toBe(true)
      // Redis is only for sharing: sign-in, posting and approving keep answering, quickly, while it is down.
      expect(during.length).toBeGreaterThan(20)
      for (const sample of during) {
        expect(sample.status, `${sample.what} on ${sample.node}\n${context}`).toBeGreaterThanOrEqual(200)
        expect(sample.status, `${sample.what} on ${sample.node}\n${context}`).toBeLessThan(300)
        expect(sample.ms, `${sample.what} on ${sample.node}`).toBeLessThan(BOUND_MS)
      }
      expect(traffic.samples.filter((s) => s.status >= 500 || s.status === 0)).toEqual([])
      // After recovery every client, having caught up, holds every approved post exactly once.
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
