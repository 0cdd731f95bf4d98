import type http from 'node:http'
import type { RequestHandler, Response } from 'express'
import type { Logger } from 'pino'
import type { ErrorBody } from '../../shared/errors.js'

/** Seconds a client is told to wait before retrying a request refused while this node stops. */
export const DRAIN_RETRY_AFTER_SECONDS = 2

export interface DrainReport {
  /** Requests being answered when the drain began. */
  inFlight: number
  /** Milliseconds until every connection had ended (or the grace ran out). */
  tookMs: number
  /** Connections still open when the grace ran out, destroyed. */
  forced: number
}

export interface Drain {
  /** First middleware of the app: while draining, a request on an existing connection gets 503 + Connection: close. */
  middleware: RequestHandler
  readonly draining: boolean
  /**
   * Stops accepting connections and lets the requests in flight finish (uploads still being read
   * included), closing each connection as it falls idle. Resolves once every connection has ended, or
   * when `graceMs` has passed: only then is what is left destroyed.
   */
  drain(graceMs: number): Promise<DrainReport>
}

export function createDrain(server: http.Server, logger: Logger): Drain {
  let draining = false
  const inFlight = new Set<Response>()

  const middleware: RequestHandler = (req, res, next) => {
    if (draining) {
      // Behind a load balancer the retry lands on another node; on one node, on the restarted one.
      res.setHeader('Connection', 'close')
      res.setHeader('Retry-After', String(DRAIN_RETRY_AFTER_SECONDS))
      const error = {
        code: 'UNAVAILABLE',
        message: 'This server is restarting. Please try again in a moment.',
        retryAfterSeconds: DRAIN_RETRY_AFTER_SECONDS,
      } as const
      if (req.path.startsWith('/api/')) res.status(503).json({ error } satisfies ErrorBody)
      else res.status(503).type('text/plain').send(error.message)
      return
    }
    inFlight.add(res)
    res.once('close', () => inFlight.delete(res))
    next()
  }

  const drain = (graceMs: number): Promise<DrainReport> => {
    draining = true
    const started = Date.now()
    const report = { inFlight: inFlight.size, tookMs: 0, forced: 0 }
    // An answer still to be sent closes its connection after it, so no new request can follow on it.
    for (const res of inFlight) if (!res.headersSent) res.setHeader('Connection', 'close')
    return new Promise((resolve) => {
      // Stops listening at once; Node also closes the idle keep-alive connections now.
      server.close(() => finish(false))
      logger.info(
        { inFlight: report.inFlight, graceMs },
        'draining: no new connections, waiting for requests in flight',
      )
      // Connections that fall idle later (an answer already under way when the drain began) go too.
      const sweep = setInterval(() => server.closeIdleConnections(), 100)
      const grace = setTimeout(() => finish(true), graceMs)
      function finish(expired: boolean) {
        clearInterval(sweep)
        clearTimeout(grace)
        if (report.tookMs) return
        report.tookMs = Math.max(1, Date.now() - started)
        if (expired) {
          server.getConnections((_error, count) => {
            report.forced = count
            logger.warn(report, 'grace period over: closing the connections left')
            server.closeAllConnections()
            resolve(report)
          })
        } else {
          logger.info(report, 'drained')
          resolve(report)
        }
      }
    })
  }

  return {
    middleware,
    get draining() {
      return draining
    },
    drain,
  }
}
