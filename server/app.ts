import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import compression from 'compression'
import express, { type Router } from 'express'
import expressStaticGzip from 'express-static-gzip'
import helmet from 'helmet'
import type { Logger } from 'pino'
import type { RedisClientType } from 'redis'
import type { Config } from './config.js'
import { registerAccountsHandlers } from './features/accounts/accounts.handlers.js'
import { registerAccountsRoutes } from './features/accounts/accounts.routes.js'
import { registerLinksHandlers } from './features/links/links.handlers.js'
import { LinkPresenceTracker } from './features/links/presence.js'
import { StaffLiveRoles } from './features/staff/staff.realtime.js'
import { registerLinksRoutes } from './features/links/links.routes.js'
import { registerPartnersRoutes } from './features/links/partners.routes.js'
import { registerLinkRecordRoutes } from './features/linkRecord/linkRecord.routes.js'
import { registerOutcomeRoutes } from './features/links/outcomes.routes.js'
import { registerReflectionsRoutes } from './features/reflections/reflections.routes.js'
import { registerPortfolioRoutes } from './features/portfolio/portfolio.routes.js'
import { PdfPrinter } from './features/portfolio/portfolio.pdf.js'
import { registerBoardHandlers } from './features/boards/boards.realtime.js'
import { registerBoardsRoutes } from './features/boards/boards.routes.js'
import { registerModerationRoutes } from './features/moderation/moderation.routes.js'
import { registerMediaRoutes } from './features/media/media.routes.js'
import { registerWallRoutes } from './features/wall/wall.routes.js'
import { registerPaperRoutes } from './features/paper/paper.routes.js'
import { registerPupilRoutes } from './features/pupil/pupil.routes.js'
import { registerAssemblyHandlers } from './features/assemblies/assemblies.handlers.js'
import { registerAssembliesRoutes } from './features/assemblies/assemblies.routes.js'
import { registerAssemblyChatHandlers } from './features/assemblies/assemblyChat.realtime.js'
import { registerSchoolsRoutes } from './features/schools/schools.routes.js'
import { registerPrivacyRoutes } from './features/privacy/privacy.routes.js'
import { registerCalendarRoutes } from './features/calendar/calendar.routes.js'
import { errorHandler, notFoundHandler, pageErrorHandler } from './http/errors.js'
import { answerClientErrors, MAX_HEADER_BYTES } from './http/clientError.js'
import { requireJsonBody } from './http/contentType.js'
import { createDrain, DRAIN_RETRY_AFTER_SECONDS } from './http/drain.js'
import { createIdempotencyStore, provideIdempotency } from './http/idempotency.js'
import { registerHealthRoutes } from './http/health.js'
import { createMetrics, mountMetrics } from './http/metrics.js'
import { buildOpenApiDocument } from './http/openapi.js'
import { buildAsyncApiDocument } from './http/asyncapi.js'
import { requireSameOrigin } from './http/origin.js'
import { requestLogging } from './http/requestLogging.js'
import { registeredRoutes } from './http/routes.js'
import { sessionMiddleware } from './http/session.js'
import { attachEventGuard } from './realtime/eventGuard.js'
import { createRealtime } from './realtime/io.js'
import { sessionRoom } from './realtime/rooms.js'
import type { AppServer } from './realtime/types.js'
import { createServices, type Services } from './services.js'
import { registerStaffRoutes } from './features/staff/staff.routes.js'
import { registerVideoRoutes, VIDEO_UPLOAD_PATH } from './features/video/video.routes.js'
import type { Storage } from './storage/database.js'
import { withReadScope } from './storage/requestScope.js'

export interface AppDeps {
  config: Config
  storage: Storage
  logger: Logger
  /** Set when REDIS_URL is: shared rooms and shared rate limits across nodes. */
  redis?: { pub: RedisClientType; sub: RedisClientType }
  /** Folder of the built client; served with an SPA fallback when it exists. */
  clientDir?: string
}

export interface App {
  http: http.Server
  io: AppServer
  services: Services
  /** Stops accepting, lets requests in flight finish (within SHUTDOWN_GRACE_MS), sends sockets elsewhere, then closes the database. */
  close(): Promise<void>
}

/** How the API compresses its JSON answers (bench:http compresses its bare route alike). */
export const API_COMPRESSION = { threshold: 1024 }

/** Builds the whole application from its dependencies. Only main.ts listens. */
export function createApp(deps: AppDeps): App {
  const { config, storage, logger } = deps
  const services = createServices(storage, config, deps.redis?.pub, logger)
  const app = express()
  const server = http.createServer({ maxHeaderSize: MAX_HEADER_BYTES }, app)
  answerClientErrors(server, logger)
  const origins = { trustProxy: config.trustProxy, allowedOrigins: config.allowedOrigins }
  const io = createRealtime(server, {
    authenticate: (token) => services.accounts.authenticate(token),
    logger,
    origins,
    redis: deps.redis,
    redisPrefix: config.redisPrefix,
  })
  attachEventGuard(io, config.socketLimits, logger)
  services.linkEvents.attach(io)
  services.boardEvents.attach(io)
  services.assemblyEvents.attach(io)
  services.assemblyChatEvents.attach(io)
  services.videoEvents.attach(io)
  const disconnectSessions = (ids: string[], reason: 'signed-out' | 'deactivated' = 'signed-out') => {
    for (const id of ids) {
      // Tell the tab why before closing, so it shows the sign-in page instead of reconnecting.
      io.in(sessionRoom(id)).emit('session:ended', { reason })
      io.in(sessionRoom(id)).disconnectSockets(true)
    }
  }

  const metrics = createMetrics({
    socketsConnected: () => io.engine.clientsCount,
    moderationQueueDepth: async () =>
      Number(
        (
          await storage.db
            .selectFrom('moderationQueue')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
  })
  for (const client of deps.redis ? [deps.redis.pub, deps.redis.sub] : [])
    client.on('error', () => metrics.redisErrors.inc())
  app.disable('x-powered-by')
  app.set('trust proxy', config.trustProxy)
  // First of all: once the node is stopping, requests on connections it already had are sent elsewhere.
  const drain = createDrain(server, logger)
  app.use(drain.middleware)
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          'script-src': ["'self'"],
          'img-src': ["'self'", 'data:', 'blob:'],
          'media-src': ["'self'", 'blob:'],
          'connect-src': ["'self'"],
          // Classroom installs often run on plain HTTP inside a school network: do not force HTTPS.
          'upgrade-insecure-requests': null,
        },
      },
    }),
  )

  mountMetrics(app, metrics, config.metricsToken)
  metrics.timeRequests(app)
  const api: Router = express.Router()
  api.use(requestLogging(logger))
  // JSON answers over 1 KB are compressed (gzip or Brotli as the browser accepts). Only the API: Socket.IO
  // never passes through Express, and pictures and video are already compressed (not compressible types).
  api.use(compression(API_COMPRESSION))
  registerHealthRoutes(api, storage, deps.redis?.pub)
  // Cross-site refusals come before any body is read or any session looked up.
  api.use(requireSameOrigin(origins))
  api.use(requireJsonBody({ uploadPaths: ['/links/:linkId/media', '/links/:linkId/paper/uploads', VIDEO_UPLOAD_PATH] }))
  api.use(express.json({ limit: config.bodyLimit }))
  // A read request remembers, for its own length only, the facts its checks ask for twice (requestScope.ts).
  api.use((req, _res, next) => (req.method === 'GET' || req.method === 'HEAD' ? withReadScope(next) : next()))
  api.use(sessionMiddleware((token) => services.accounts.authenticate(token)))
  // Routes declared `idempotent` answer a retried Idempotency-Key once (posts, letters, uploads, moderation).
  api.use(provideIdempotency(createIdempotencyStore(storage.db), logger))
  registerAccountsRoutes(api, {
    accounts: services.accounts,
    schools: services.schools,
    cookies: { secure: config.cookieSecure, maxAgeMs: config.sessionTtlMs },
    disconnectSessions,
  })
  registerSchoolsRoutes(api, { schools: services.schools, disconnectSessions })
  const liveRoles = new StaffLiveRoles(io, (id) => services.accounts.findUser(id), logger)
  registerStaffRoutes(api, {
    staff: services.staff,
    passwordReset: services.passwordReset,
    schools: services.schools,
    moderation: services.moderation,
    cookies: { secure: config.cookieSecure, maxAgeMs: config.sessionTtlMs },
    disconnectSessions,
    rolesChanged: (userId) => liveRoles.changed(userId),
  })
  registerLinksRoutes(api, { linkAccess: services.linkAccess, agreements: services.agreements })
  registerPartnersRoutes(api, { partners: services.partners })
  registerLinkRecordRoutes(api, { linkRecord: services.linkRecord })
  registerOutcomeRoutes(api, { outcomeReviews: services.outcomeReviews })
  registerReflectionsRoutes(api, { reflections: services.reflections })
  const pdfPrinter = new PdfPrinter(config.chromiumPath)
  registerPortfolioRoutes(api, { portfolio: services.portfolio, printer: pdfPrinter })
  registerBoardsRoutes(api, { boards: services.boards })
  registerModerationRoutes(api, { moderation: services.moderation })
  registerMediaRoutes(api, { media: services.media })
  registerWallRoutes(api, { wall: services.wall, wallAdmin: services.wallAdmin })
  registerPaperRoutes(api, { paper: services.paper, replySheets: services.replySheets })
  registerPupilRoutes(api, { pupilHome: services.pupilHome })
  registerAssembliesRoutes(api, {
    assemblies: services.assemblies,
    chat: services.assemblyChat,
    events: services.assemblyEvents,
  })
  registerPrivacyRoutes(api, {
    privacy: services.privacy,
    inventory: services.inventory,
    subjectAccess: services.subjectAccess,
    disconnectSessions,
  })
  registerCalendarRoutes(api, { calendar: services.calendar })
  registerVideoRoutes(api, { video: services.video })
  const openApi = buildOpenApiDocument(registeredRoutes)
  api.get('/openapi.json', (_req, res) => res.json(openApi))
  const asyncApi = buildAsyncApiDocument()
  api.get('/asyncapi.json', (_req, res) => res.json(asyncApi))
  api.use(notFoundHandler())
  api.use(errorHandler(logger))
  app.use('/api', api)

  if (deps.clientDir && fs.existsSync(path.join(deps.clientDir, 'index.html'))) {
    const clientDir = deps.clientDir
    // Source maps stay on disk for error reports (the build keeps them out of dist/client); never serve one.
    app.get(/\.map$/, (_req, res) => void res.status(404).end())
    // The build writes Brotli and gzip copies beside each file: sent as the browser accepts, with
    // `Vary: Accept-Encoding`, and nothing compressed per request. Hashed bundles never change: a school
    // on a slow, shared line downloads them once.
    const precompressed: expressStaticGzip.ExpressStaticGzipOptions = {
      enableBrotli: true,
      orderPreference: ['br', 'gzip'],
      index: false,
    }
    app.use(
      '/assets',
      expressStaticGzip(path.join(clientDir, 'assets'), {
        ...precompressed,
        serveStatic: { immutable: true, maxAge: '365d' },
      }),
    )
    app.use(expressStaticGzip(clientDir, { ...precompressed, serveStatic: { index: false, maxAge: '1h' } }))
    const indexFile = path.join(clientDir, 'index.html')
    app.get('/{*splat}', (req, res) => {
      res.setHeader('Cache-Control', 'no-cache')
      res.setHeader('Vary', 'Accept-Encoding')
      // The page (with its inline app shell) is the first thing a slow line waits for: its precompressed copy when there is one.
      const encoding = req.acceptsEncodings('br', 'gzip', 'identity')
      const suffix = encoding === 'br' ? '.br' : encoding === 'gzip' ? '.gz' : ''
      if (suffix && fs.existsSync(indexFile + suffix)) {
        res.setHeader('Content-Encoding', encoding as string)
        res.type('html')
        res.sendFile(indexFile + suffix)
      } else {
        res.sendFile(indexFile)
      }
    })
  }
  app.use(pageErrorHandler(logger))

  const presence = new LinkPresenceTracker(io, logger, () => closing !== undefined)
  io.on('connection', (socket) => {
    registerAccountsHandlers(socket, logger)
    registerBoardHandlers(socket, services.boards, logger)
    registerAssemblyHandlers(io, socket, services.assemblies, logger, () => closing !== undefined)
    registerAssemblyChatHandlers(socket, services.assemblyChat, logger)
    registerLinksHandlers(socket, { linkAccess: services.linkAccess, logger, presence })
  })

  // Exchange rounds go out on their release date whether or not anyone is online. Every node runs
  // this; the conditional UPDATE in the repository lets exactly one of them release each round.
  const releaseTimer = setInterval(() => {
    services.wall
      .releaseDueRounds()
      .then((released) => metrics.roundsReleased.inc(released))
      .catch((error: unknown) => logger.error({ err: error }, 'round release failed'))
  }, config.wallReleaseCheckMs)
  releaseTimer.unref()
  // Retention works the same way: every node looks, and each ended link's side is swept by exactly one
  // (the sweep's claim is an insert only one node's transaction can make).
  const retentionTimer = setInterval(() => {
    services.privacy.sweepDue().catch((error: unknown) => logger.error({ err: error }, 'retention sweep failed'))
  }, config.retentionCheckMs)
  retentionTimer.unref()
  // The board log is an outbox: an event committed by a node that died before announcing it is
  // announced by whichever node claims it first, a few seconds later.
  const announceTimer = setInterval(() => {
    services.boards
      .announceStragglers()
      .catch((error: unknown) => logger.warn({ err: error }, 'announcing board events failed'))
  }, 1000)
  announceTimer.unref()
  // Video transcodes queued before a restart (or by another node) are taken up here.
  services.videoWorker.start().catch((error: unknown) => logger.error({ err: error }, 'video queue did not start'))

  let closing: Promise<void> | undefined
  const close = () => {
    closing ??= (async () => {
      clearInterval(releaseTimer)
      clearInterval(retentionTimer)
      clearInterval(announceTimer)
      presence.close()
      const drained = drain.drain(config.shutdownGraceMs)
      // Live connections are told why, then their transports closed (not disconnect(), after which a
      // Socket.IO client would stay away): the client reconnects by itself, to another node behind a
      // load balancer. Engine-level close waits for the notice to be written first.
      io.local.emit('server:shutdown', { retryAfterMs: DRAIN_RETRY_AFTER_SECONDS * 1000 })
      for (const socket of io.of('/').sockets.values()) socket.conn.close()
      await drained
      // Whatever is left (a socket that never answered the close) goes with the server's own close.
      await io.close()
      await pdfPrinter.close()
      await services.videoWorker.stop()
      await storage.close()
    })()
    return closing
  }
  return { http: server, io, services, close }
}
