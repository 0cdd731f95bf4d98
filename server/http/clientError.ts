import type http from 'node:http'
import type { Duplex } from 'node:stream'
import type { Logger } from 'pino'
import type { ApiError, ErrorBody } from '../../shared/errors.js'
import { statusOf } from './errors.js'

/** Request line plus headers. Node's default is 16 KB; said here so the limit is ours, not an accident. */
export const MAX_HEADER_BYTES = 16 * 1024

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
}

/** What the client did wrong, from the parser's error code; undefined when there is nobody to answer. */
export function clientErrorAnswer(code: string | undefined): ApiError | undefined {
  switch (code) {
    case 'ECONNRESET':
    case 'EPIPE':
      return undefined
    case 'HPE_HEADER_OVERFLOW':
      return { code: 'HEADERS_TOO_LARGE', message: 'The address or the headers of the request are too large' }
    case 'ERR_HTTP_REQUEST_TIMEOUT':
    case 'HPE_REQUEST_TIMEOUT':
      return { code: 'REQUEST_TIMEOUT', message: 'The request did not arrive in time' }
    default:
      return { code: 'INVALID_PAYLOAD', message: 'The request could not be read' }
  }
}

/**
 * Requests Node's HTTP parser refuses never reach Express: without this, Node writes a bare status
 * line (a 431 or 400 with an empty body). Answers them with the same JSON error shape as every route.
 */
export function answerClientErrors(server: http.Server, logger: Logger): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    const answer = clientErrorAnswer(error.code)
    // A response already started on this connection cannot be replaced by another.
    const started = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent
    if (!answer || !socket.writable || started) {
      socket.destroy()
      return
    }
    logger.debug({ code: error.code }, 'unreadable request refused')
    const status = statusOf(answer.code)
    const body = JSON.stringify({ error: answer } satisfies ErrorBody)
    socket.end(
      `HTTP/1.1 ${status} ${REASONS[status] ?? 'Bad Request'}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    )
  })
}
