import type { ApiError, ErrorCode } from '../../shared/errors.js'

/**
 * A refusal a service decides on (not found, forbidden, a consent missing…); each kind of refusal has its own code. Transport layers turn it into
 * an HTTP status or an acknowledgement; its message is written for the person reading it.
 */
export class DomainError extends Error {
  override name = 'DomainError'
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: Omit<ApiError, 'code' | 'message'> = {},
  ) {
    super(message)
  }

  toApiError(): ApiError {
    return { code: this.code, message: this.message, ...this.extra }
  }
}

export const notFound = (what: string) => new DomainError('NOT_FOUND', `${what} was not found`)
export const forbidden = (message = 'You are not allowed to do that') => new DomainError('FORBIDDEN', message)
