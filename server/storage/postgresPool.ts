import type { Logger } from 'pino'
import pg from 'pg'

/** A request waits at most this long for a connection (PostgreSQL restarting, or every connection busy) before it is answered 503. */
export const CONNECT_TIMEOUT_MS = 3000

/**
 * The PostgreSQL pool. A restart or failover of the server must never end the process: every client
 * the pool opens gets an `error` listener for its whole life — pg emits `error` on a client whose
 * connection drops, idle in the pool (pg-pool's own listener then discards it) *or checked out by a
 * query* (nobody else listens then, and an unheard `error` event throws). The query in flight still
 * fails, with an error the HTTP and socket layers answer as 503 UNAVAILABLE; the pool drops the broken
 * client on release and the next query connects afresh.
 */
export function createPostgresPool(connectionString: string, logger?: Logger): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max: 10,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    // A peer that vanished without closing (a failover, a dropped route) is noticed by TCP keep-alive.
    keepAlive: true,
  })
  const dropped = (error: Error) =>
    logger?.warn(
      { cause: `${(error as { code?: string }).code ?? ''} ${error.message}`.trim() },
      'PostgreSQL connection lost',
    )
  pool.on('connect', (client) => client.on('error', dropped))
  // Emitted for idle clients; the listener above has already logged it.
  pool.on('error', () => {})
  return pool
}
