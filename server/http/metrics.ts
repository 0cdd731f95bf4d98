import { timingSafeEqual } from 'node:crypto'
import type { Express, Request } from 'express'
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'

/** What `/metrics` reads when scraped: live figures come from their owners, not from copies. */
export interface MetricsSources {
  socketsConnected(): number
  moderationQueueDepth(): Promise<number>
}

/**
 * Prometheus metrics for one app (its own registry, so several apps in one process stay apart):
 * HTTP latency by route, sockets connected, event-loop lag and the process's own figures (default
 * metrics), moderation queue depth, rounds released, Redis and database errors.
 */
export function createMetrics(sources: MetricsSources) {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  const http = new Histogram({
    name: 'bridges_http_request_duration_seconds',
    help: 'HTTP request latency by route pattern (never by id)',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  })
  new Gauge({
    name: 'bridges_sockets_connected',
    help: 'Live Socket.IO connections on this node',
    registers: [registry],
    collect() {
      this.set(sources.socketsConnected())
    },
  })
  new Gauge({
    name: 'bridges_moderation_queue_depth',
    help: 'Items waiting for a teacher, all schools',
    registers: [registry],
    async collect() {
      this.set(await sources.moderationQueueDepth())
    },
  })
  const roundsReleased = new Counter({
    name: 'bridges_rounds_released_total',
    help: 'Exchange rounds this node released',
    registers: [registry],
  })
  const redisErrors = new Counter({
    name: 'bridges_redis_errors_total',
    help: 'Errors reported by this node’s Redis connections',
    registers: [registry],
  })
  const databaseErrors = new Counter({
    name: 'bridges_database_errors_total',
    help: 'Requests answered UNAVAILABLE because the database did not answer',
    registers: [registry],
  })

  return {
    registry,
    roundsReleased,
    redisErrors,
    databaseErrors,
    /** Times every API request; the label is the route's pattern (`/boards/:boardId`), so ids never make new series. */
    timeRequests(app: Express): void {
      app.use('/api', (req, res, next) => {
        const end = http.startTimer()
        res.once('finish', () => {
          end({ method: req.method, route: routeOf(req), status: String(res.statusCode) })
          if (res.locals.unavailable === true) databaseErrors.inc()
        })
        next()
      })
    },
  }
}
export type Metrics = ReturnType<typeof createMetrics>

const routeOf = (req: Request): string => {
  const pattern = (req.route as { path?: unknown } | undefined)?.path
  return typeof pattern === 'string' ? `${req.baseUrl}${pattern}` : 'unmatched'
}

/**
 * `GET /metrics`: only with `Authorization: Bearer <METRICS_TOKEN>`. Without a token configured it
 * does not exist (404): the figures say how many schools are busy, which is nobody else's business.
 */
export function mountMetrics(app: Express, metrics: Metrics, token: string | undefined): void {
  app.get('/metrics', (req, res, next) => {
    if (!token) return next()
    const given = Buffer.from(req.get('authorization') ?? '')
    const expected = Buffer.from(`Bearer ${token}`)
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      res.setHeader('WWW-Authenticate', 'Bearer')
      return void res
        .status(401)
        .json({ error: { code: 'UNAUTHENTICATED', message: 'The metrics token is missing or wrong' } })
    }
    metrics.registry.metrics().then(
      (text) => {
        res.setHeader('Cache-Control', 'no-store')
        res.type(metrics.registry.contentType).send(text)
      },
      (error: unknown) => next(error),
    )
  })
}
