/**
 * Whether an error means a service we depend on (PostgreSQL, Redis) cannot be reached just now — a
 * restart, a failover, a dropped connection — rather than a fault in what was asked. Such errors are
 * answered 503 UNAVAILABLE with Retry-After (the client tries again), are never a reason to exit, and
 * are logged as warnings, not as bugs.
 */
export function isUnavailableError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    if (matches(e)) return true
    if (e instanceof AggregateError && e.errors.some(matches)) return true
    e = (e as { cause?: unknown }).cause
  }
  return false
}

/** Socket errors: nobody listening, a connection reset or timed out, an address that did not resolve. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
])

/**
 * PostgreSQL SQLSTATEs: class 08 (connection exception), 57P01–57P03 (admin or crash shutdown, cannot
 * connect now: starting up or shutting down), 53300 (too many connections).
 */
const POSTGRES_STATES = /^(08...|57P0[123]|53300)$/

// pg and pg-pool say these in words only, with no code; so does the Socket.IO Redis adapter when the
// other nodes did not answer a fetchSockets or allRooms request in time.
const MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'is not queryable',
  'timeout reached while waiting for',
]

/** node-redis's own error classes for a connection that is closed, offline, reset or timed out. */
const REDIS_ERRORS = new Set([
  'ClientClosedError',
  'ClientOfflineError',
  'SocketClosedUnexpectedlyError',
  'ConnectionTimeoutError',
  'SocketTimeoutError',
  'ReconnectStrategyError',
])

function matches(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false
  const { code, name, message } = error as { code?: unknown; name?: unknown; message?: unknown }
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || POSTGRES_STATES.test(code))) return true
  if (typeof name === 'string' && REDIS_ERRORS.has(name)) return true
  if (typeof message !== 'string') return false
  return MESSAGES.some((m) => message.includes(m))
}
