/**
 * The error contract shared by HTTP responses and Socket.IO acknowledgements.
 * Codes are stable strings: the client translates them (errors namespace), never the message.
 */
export const PROTOCOL_VERSION = 1

export const ERROR_CODES = [
  'INVALID_PAYLOAD',
  'MALFORMED_JSON',
  'PAYLOAD_TOO_LARGE',
  'NOT_FOUND',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'CROSS_SITE',
  'INVALID_CREDENTIALS',
  'EMAIL_TAKEN',
  'WEAK_PASSWORD',
  'RATE_LIMITED',
  'CONFLICT',
  'ACCOUNT_INACTIVE',
  'LINK_NOT_ACTIVE',
  'LOCKED',
  'DEADLINE_PASSED',
  'UNSUPPORTED_MEDIA',
  'UNSUPPORTED_CONTENT_TYPE',
  'NOT_IN_DIRECTORY',
  'SAME_SCHOOL',
  'LINK_FULL',
  'STALE_VERSION',
  'ASSEMBLY_NOT_OPEN',
  'INTERNAL',
  /** The request line and headers together are over the server's limit (a huge address or cookie). */
  'HEADERS_TOO_LARGE',
  /** The request did not finish arriving in time. */
  'REQUEST_TIMEOUT',
  /** The socket handshake carried an older PROTOCOL_VERSION than the server speaks: reload the page. */
  'CLIENT_TOO_OLD',
  /** A request with the same Idempotency-Key is still being handled: retry in a moment for its answer. */
  'IN_PROGRESS',
  /** This Idempotency-Key was already used by this person for a different request. */
  'IDEMPOTENCY_KEY_REUSED',
  /**
   * Try again after Retry-After: this server is stopping (a deploy or restart), or cannot reach its
   * database just now (PostgreSQL restarting, a failover). HTTP 503.
   */
  'UNAVAILABLE',
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

export interface ApiError {
  code: ErrorCode
  message: string
  /** Seconds to wait before trying again (RATE_LIMITED, UNAVAILABLE, IN_PROGRESS). */
  retryAfterSeconds?: number
  /** Field-level problems for INVALID_PAYLOAD: path → message. */
  fields?: Record<string, string>
}

export interface ErrorBody {
  error: ApiError
}

/** Socket.IO acknowledgement: always the last argument of a request event. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ApiError }

export function isErrorBody(value: unknown): value is ErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    'error' in value &&
    typeof (value as ErrorBody).error?.code === 'string'
  )
}
