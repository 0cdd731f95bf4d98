import type { RequestHandler } from 'express'
import type { Logger } from 'pino'
import { pinoHttp } from 'pino-http'

/**
 * One log line per API request (pino-http, at info). pino-http builds a child logger with the
 * serialised request on every request, whatever the level: when info is off (warn and above, as in
 * tests and benchmarks) it would write nothing, so its work is skipped and `req.log` is the logger.
 */
export function requestLogging(logger: Logger): RequestHandler {
  const perRequest = pinoHttp({
    logger,
    autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/live' },
  })
  return (req, res, next) => {
    if (logger.isLevelEnabled('info')) return perRequest(req, res, next)
    req.log = logger
    next()
  }
}
