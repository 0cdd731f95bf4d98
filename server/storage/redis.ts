import type { Logger } from 'pino'
import { createClient, type RedisClientType } from 'redis'

/**
 * Bounded Redis clients: nothing waits on Redis for long, so an outage degrades the app (live events
 * stay on each node, rate limits count per node) instead of stalling it.
 * - `disableOfflineQueue`: while disconnected a command fails at once (the rate limiters then count in
 *   memory) instead of queueing until Redis returns — which made sign-in wait 4–15 s.
 * - `commandsQueueMaxLength`: a connected but hung Redis cannot make commands pile up without end.
 * - `connectTimeout` and a reconnect back-off capped at 1 s: Redis back is noticed within about a second.
 */
export const REDIS_CLIENT_OPTIONS = {
  disableOfflineQueue: true,
  commandsQueueMaxLength: 10_000,
  socket: {
    connectTimeout: 2000,
    // Jittered, so the nodes do not all knock at the same instant.
    reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 1000) + Math.floor(Math.random() * 200),
  },
} as const

/**
 * The publisher (also the rate limiters' store) and the subscriber of the Socket.IO adapter. Resolves
 * once both are connected — a node does not start serving without Redis — retrying until then.
 */
export async function connectRedis(
  url: string,
  logger: Logger,
): Promise<{ pub: RedisClientType; sub: RedisClientType }> {
  const pub = createClient({ url, ...REDIS_CLIENT_OPTIONS }) as RedisClientType
  const sub = pub.duplicate()
  let warned = false
  for (const client of [pub, sub]) {
    // Required before connect(): node-redis emits `error` on each failed attempt, and an unheard
    // `error` event ends the process. Once running, realtime/redisLink.ts reports outages.
    client.on('error', (error: Error) => {
      if (!pub.isReady || !sub.isReady) {
        if (!warned) logger.warn({ cause: error.message }, 'Redis is not reachable yet: retrying')
        warned = true
      }
    })
  }
  await Promise.all([pub.connect(), sub.connect()])
  return { pub, sub }
}
