import type { Router } from 'express'
import type { Storage } from '../storage/database.js'
import { UNAVAILABLE_RETRY_AFTER_SECONDS } from './errors.js'

/**
 * Two probes, because they answer different questions:
 * - `GET /api/live` (liveness): is this process able to answer at all? It touches nothing else, so a
 *   PostgreSQL outage never makes an orchestrator restart every node at once — restarting cannot
 *   bring the database back, and would drop every class's live connection.
 * - `GET /api/health` (readiness): should traffic come here? 200 while the database answers; 503
 *   `{ status: 'unavailable' }` with Retry-After when it does not (within a couple of seconds), so a
 *   load balancer sends requests elsewhere, or a monitor raises the alarm. Redis being down does not
 *   fail it: the node still serves everything, with live events between nodes paused.
 * Both come before the session middleware: a probe carrying a cookie must not need the database.
 */
export function registerHealthRoutes(
  api: Router,
  storage: Pick<Storage, 'ping' | 'dialect'>,
  redis?: { ping(): Promise<unknown> },
): void {
  api.get('/live', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store')
    res.json({ status: 'ok' })
  })
  api.get('/health', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store')
    storage.ping().then(
      () => res.json({ status: 'ok', database: storage.dialect }),
      () => {
        res.setHeader('Retry-After', String(UNAVAILABLE_RETRY_AFTER_SECONDS))
        res.status(503).json({ status: 'unavailable' })
      },
    )
  })
  // For a deployment of several nodes: ready only while both the database and Redis answer (a node
  // cut off from Redis serves its own sockets but not the others' events).
  api.get('/health/ready', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store')
    const checks = { database: storage.ping(), redis: redis ? withTimeout(redis.ping(), 2000) : Promise.resolve() }
    void Promise.allSettled([checks.database, checks.redis]).then(([database, cache]) => {
      const status = {
        database: database.status === 'fulfilled' ? 'ok' : 'unavailable',
        redis: redis ? (cache.status === 'fulfilled' ? 'ok' : 'unavailable') : 'not used',
      }
      if (database.status === 'fulfilled' && cache.status === 'fulfilled')
        return void res.json({ status: 'ok', ...status })
      res.setHeader('Retry-After', String(UNAVAILABLE_RETRY_AFTER_SECONDS))
      res.status(503).json({ status: 'unavailable', ...status })
    })
  })
}

const withTimeout = <T>(promise: Promise<T>, ms: number): Promise<T> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out')), ms)
    promise.then(resolve, reject).finally(() => clearTimeout(timer))
  })
