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
export function registerHealthRoutes(api: Router, storage: Pick<Storage, 'ping' | 'dialect'>): void {
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
}
