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
  /** A class holds at most 60 pupils. */
  'CLASS_FULL',
  /** The assembly has ended: it cannot be opened or joined again. */
  'ASSEMBLY_ENDED',
  'LINK_ALREADY_PAUSED',
  /** Only a paused link can be resumed. */
  'LINK_NOT_PAUSED',
  /** These classes are already linked together. */
  'ALREADY_LINKED',
  /** An invitation between these classes is already waiting for an answer. */
  'INVITATION_PENDING',
  /** This partner invitation was already accepted, declined or withdrawn. */
  'INVITATION_ANSWERED',
  'CLASS_ALREADY_IN_LINK',
  /** A link has one open exchange round at a time. */
  'ROUND_ALREADY_OPEN',
  'ROUND_RELEASED',
  /** A picture shows a pupil whose parents have not agreed to share her image with partner schools. */
  'PHOTO_CONSENT_MISSING',
  /** Moderation: the item is neither held nor flagged. */
  'NOTHING_TO_APPROVE',
  /** Moderation: only held or flagged items can be rejected. */
  'NOT_REJECTABLE',
  /** Only published items can be flagged. */
  'NOT_FLAGGABLE',
  /** Nobody flags her own item. */
  'OWN_ITEM',
  /** Only published items can be hidden. */
  'NOT_HIDEABLE',
  /** A rejected, hidden or deleted item can no longer be edited. */
  'NOT_EDITABLE',
  /** A colleague's invitation to join a school is unknown, expired or already used. */
  'STAFF_INVITATION_INVALID',
  /** A password reset link is unknown, expired or already used. */
  'RESET_LINK_INVALID',
  /** A school keeps at least one school admin: the last one cannot be removed or lose the role. */
  'LAST_ADMIN',
  /** The agreement has no aims, way of communicating or plan yet: nothing to sign. */
  'AGREEMENT_EMPTY',
  /** Each school records its own review of an outcome before the joint one. */
  'SCHOOL_REVIEWS_MISSING',
  /** A reflection that is closed takes no more answers. */
  'REFLECTION_CLOSED',
  /** A pupil answers a reflection once. */
  'ALREADY_ANSWERED',
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
  /** A file sent as a PDF (by its name or type) that is not one, or cannot be opened. */
  'NOT_A_PDF',
  /** More files or pages in one upload than Bridges takes at once. */
  'TOO_MANY_FILES',
  /** A page of a paper upload that is not in that upload, or was already filed into a letter. */
  'PAGE_NOT_AVAILABLE',
  /** This server has no ffmpeg: video postcards are switched off (everything else works). HTTP 503. */
  'VIDEO_UNAVAILABLE',
  /** The video is longer than the school allows. */
  'VIDEO_TOO_LONG',
  /** This class's teacher has not allowed pupils to record videos. */
  'VIDEO_NOT_ALLOWED',
  /** The video is still being prepared (or could not be): nothing to play yet. */
  'VIDEO_NOT_READY',
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
