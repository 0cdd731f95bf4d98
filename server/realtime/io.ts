import type http from 'node:http'
import { createAdapter } from '@socket.io/redis-adapter'
import type { Logger } from 'pino'
import type { RedisClientType } from 'redis'
import { Server } from 'socket.io'
import { checkOrigin, ownOrigin, type OriginPolicy } from '../http/origin.js'
import type { Authenticate } from '../http/session.js'
import { sessionTokenFrom } from '../http/session.js'
import { isUnavailableError } from '../storage/unavailable.js'
import { watchRedis } from './redisLink.js'
import { clientTooOldError, isClientTooOld } from './protocol.js'
import { schoolTeachersRoom, sessionRoom, userRoom } from './rooms.js'
import type { AppServer, AppSocket } from './types.js'

export interface RealtimeOptions {
  authenticate: Authenticate
  logger: Logger
  /** Which pages may open a socket: the same rule as for state-changing HTTP requests. */
  origins: OriginPolicy
  /** Publisher and subscriber connections: rooms are then shared by every node on the same Redis. */
  redis?: { pub: RedisClientType; sub: RedisClientType }
  redisPrefix?: string
}

/** A socket frame larger than this is not read: the connection closes (the client reconnects). */
export const MAX_FRAME_BYTES = 1e6

export function createRealtime(httpServer: http.Server, options: RealtimeOptions): AppServer {
  const io: AppServer = new Server(httpServer, {
    serveClient: false,
    // Short drops (a classroom's Wi-Fi blinking) resume with missed events replayed by Socket.IO;
    // longer gaps are caught up from the database by each feature.
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60 * 1000, skipMiddlewares: false },
    // Frames past this close the connection; below it each event's own cap (64 KB, signals 128 KB) answers PAYLOAD_TOO_LARGE.
    maxHttpBufferSize: MAX_FRAME_BYTES,
    // A WebSocket is not bound by CORS or SameSite=Lax: a page on another port of this host could
    // otherwise open one with the signed-in teacher's cookie and receive her school's live events.
    allowRequest: (req, callback) => {
      const check = checkOrigin(req, options.origins)
      if (!check.allowed)
        options.logger.warn(
          { origin: req.headers.origin, own: ownOrigin(req, options.origins.trustProxy) },
          'cross-site socket refused',
        )
      callback(check.allowed ? null : 'CROSS_SITE', check.allowed)
    },
  })
  if (options.redis) {
    // Redis down is a degraded mode, never a crash: see watchRedis. On recovery every client, on
    // every node (the emit crosses Redis, and reaches this node's own sockets even if it cannot), is
    // told to catch up on what the outage kept from it.
    const link = watchRedis(options.redis, options.logger, () => io.emit('sync:resync', { reason: 'redis-recovered' }))
    io.adapter(createAdapter(link.pub, options.redis.sub, { key: `${options.redisPrefix ?? 'bridges'}:socket.io` }))
  }

  // The handshake carries the same session cookie as HTTP: no cookie, no socket. A tab still running
  // an older build than this server is told to reload instead of misreading what it receives.
  io.use((socket, next) => {
    if (isClientTooOld(socket.handshake.auth)) return next(clientTooOldError())
    options
      .authenticate(sessionTokenFrom(socket.handshake.headers.cookie))
      .then((auth) => {
        if (!auth) return next(new Error('UNAUTHENTICATED'))
        socket.data.user = auth.user
        socket.data.sessionId = auth.sessionId
        socket.data.sessionExpiresAt = auth.expiresAt
        next()
      })
      .catch((error: unknown) => {
        // The database restarting: the client retries by itself, as for any refused handshake.
        if (isUnavailableError(error)) return next(new Error('UNAVAILABLE'))
        options.logger.error({ err: error }, 'socket authentication failed')
        next(new Error('INTERNAL'))
      })
  })

  io.on('connection', (socket) => {
    const { user, sessionId } = socket.data
    void socket.join(sessionRoom(sessionId))
    void socket.join(userRoom(user.id))
    if (socket.data.sessionExpiresAt) endWithSession(socket, socket.data.sessionExpiresAt)
    if (user.role === 'teacher') void socket.join(schoolTeachersRoom(user.schoolId))
  })
  return io
}

/** Longer than this, a timer would overflow; such sessions (a teacher's weeks) end at a later handshake instead. */
const LONGEST_TIMER_MS = 2 ** 31 - 1

/**
 * A live connection ends with its session: a pupil's at the end of her school day, while her page is
 * still open on a shared class computer. The tab is told why, then shows the sign-in page.
 */
function endWithSession(socket: AppSocket, expiresAt: string): void {
  const ms = Date.parse(expiresAt) - Date.now()
  if (!(ms < LONGEST_TIMER_MS)) return
  const timer = setTimeout(
    () => {
      socket.emit('session:ended', { reason: 'expired' })
      socket.disconnect(true)
    },
    Math.max(0, ms),
  )
  socket.once('disconnect', () => clearTimeout(timer))
}
