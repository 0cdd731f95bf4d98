import type { ErrorRequestHandler, RequestHandler } from 'express'
import type { Logger } from 'pino'
import { z } from 'zod'
import type { ApiError, ErrorBody, ErrorCode } from '../../shared/errors.js'
import { DomainError } from '../domain/errors.js'
import { isUnavailableError } from '../storage/unavailable.js'

const STATUS_OF: Record<ErrorCode, number> = {
  INVALID_PAYLOAD: 400,
  MALFORMED_JSON: 400,
  WEAK_PASSWORD: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  ACCOUNT_INACTIVE: 403,
  FORBIDDEN: 403,
  CROSS_SITE: 403,
  NOT_FOUND: 404,
  EMAIL_TAKEN: 409,
  CLASS_FULL: 409,
  ASSEMBLY_ENDED: 409,
  LINK_ALREADY_PAUSED: 409,
  LINK_NOT_PAUSED: 409,
  ALREADY_LINKED: 409,
  INVITATION_PENDING: 409,
  INVITATION_ANSWERED: 409,
  CLASS_ALREADY_IN_LINK: 409,
  ROUND_ALREADY_OPEN: 409,
  ROUND_RELEASED: 409,
  PHOTO_CONSENT_MISSING: 409,
  NOTHING_TO_APPROVE: 409,
  NOT_REJECTABLE: 409,
  NOT_FLAGGABLE: 409,
  OWN_ITEM: 409,
  NOT_HIDEABLE: 409,
  NOT_EDITABLE: 409,
  STAFF_INVITATION_INVALID: 410,
  RESET_LINK_INVALID: 410,
  LAST_ADMIN: 409,
  AGREEMENT_EMPTY: 409,
  SCHOOL_REVIEWS_MISSING: 409,
  REFLECTION_CLOSED: 409,
  ALREADY_ANSWERED: 409,
  LINK_NOT_ACTIVE: 409,
  LOCKED: 409,
  DEADLINE_PASSED: 409,
  UNSUPPORTED_MEDIA: 415,
  UNSUPPORTED_CONTENT_TYPE: 415,
  NOT_IN_DIRECTORY: 409,
  SAME_SCHOOL: 400,
  LINK_FULL: 409,
  STALE_VERSION: 409,
  ASSEMBLY_NOT_OPEN: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  HEADERS_TOO_LARGE: 431,
  REQUEST_TIMEOUT: 408,
  CLIENT_TOO_OLD: 426,
  IN_PROGRESS: 409,
  IDEMPOTENCY_KEY_REUSED: 422,
  VIDEO_UNAVAILABLE: 503,
  VIDEO_TOO_LONG: 422,
  VIDEO_NOT_ALLOWED: 403,
  VIDEO_NOT_READY: 409,
  UNAVAILABLE: 503,
  NOT_A_PDF: 415,
  TOO_MANY_FILES: 413,
  PAGE_NOT_AVAILABLE: 409,
}

export const statusOf = (code: ErrorCode): number => STATUS_OF[code]

/** Turns a zod failure into the INVALID_PAYLOAD shape, naming each field that was wrong. */
export function invalidPayload(error: z.ZodError, what = 'request'): ApiError {
  const fields: Record<string, string> = {}
  for (const issue of error.issues) {
    const key = issue.path.join('.') || '(root)'
    fields[key] ??= issue.message
  }
  const summary = Object.entries(fields)
    .map(([field, message]) => `${field}: ${message}`)
    .join('; ')
  return { code: 'INVALID_PAYLOAD', message: `The ${what} is not valid (${summary})`, fields }
}

/** How long a client is asked to wait when the database (or Redis) cannot be reached: a restart takes seconds. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5

/** The answer while a service we depend on is unreachable: 503 with Retry-After, never a 500. */
export const unavailable = (): ApiError => ({
  code: 'UNAVAILABLE',
  message: 'Bridges cannot reach its database just now. Please try again in a moment.',
  retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS,
})

/**
 * Anything not a known refusal becomes INTERNAL, except a dependency that cannot be reached (a
 * database restart, a dropped connection), which is UNAVAILABLE. The exception's own message never
 * leaves the server.
 */
export function toApiError(error: unknown, logger: Logger): ApiError {
  if (error instanceof DomainError) return error.toApiError()
  if (error instanceof z.ZodError) return invalidPayload(error)
  if (isUnavailableError(error)) {
    // Expected while PostgreSQL restarts: a warning with the cause, not a stack trace per request.
    logger.warn({ cause: describe(error) }, 'database unavailable: answered 503')
    return unavailable()
  }
  logger.error({ err: error }, 'unexpected error')
  return { code: 'INTERNAL', message: 'Something went wrong on the server. Please try again.' }
}

const describe = (error: unknown): string => {
  const e = error as { code?: unknown; message?: unknown }
  return [e.code, e.message].filter((part) => typeof part === 'string').join(' ')
}

export function sendError(res: Parameters<RequestHandler>[1], error: ApiError): void {
  if (error.retryAfterSeconds) res.setHeader('Retry-After', String(error.retryAfterSeconds))
  // Counted by the metrics (a database that did not answer).
  if (error.code === 'UNAVAILABLE') res.locals.unavailable = true
  const body: ErrorBody = { error }
  res.status(statusOf(error.code)).json(body)
}

export function notFoundHandler(): RequestHandler {
  return (req, res) => sendError(res, { code: 'NOT_FOUND', message: `No API route ${req.method} ${req.path}` })
}

interface BodyParserError {
  type?: string
  status?: number
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    if (res.headersSent) return next(error)
    const parserError = error as BodyParserError
    if (parserError?.type === 'entity.parse.failed') {
      return sendError(res, { code: 'MALFORMED_JSON', message: 'The request body is not valid JSON' })
    }
    if (parserError?.type === 'entity.too.large') {
      return sendError(res, { code: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large' })
    }
    // Other refusals from Express itself (an undecodable address, an unsupported charset or
    // encoding) are the client's mistake: a 400, not an INTERNAL error logged as ours.
    if (isClientError(parserError)) {
      return sendError(res, { code: 'INVALID_PAYLOAD', message: 'The request could not be read' })
    }
    sendError(res, toApiError(error, logger))
  }
}

const isClientError = (error: BodyParserError | undefined): boolean =>
  typeof error?.status === 'number' && error.status >= 400 && error.status < 500

/**
 * The last handler outside /api (static files, the SPA fallback). Express's own one would print the
 * stack trace into the page whenever NODE_ENV is not `production`, which `npm start` does not set.
 */
export function pageErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    if (res.headersSent) return next(error)
    const clientError = isClientError(error as BodyParserError)
    if (!clientError) logger.error({ err: error }, 'unexpected error')
    res
      .status(clientError ? 400 : 500)
      .type('text/plain')
      .send(clientError ? 'Bad request' : 'Something went wrong on the server. Please try again.')
  }
}
