import type { Logger } from 'pino'
import type { RedisClientType } from 'redis'

/** After a publish fails while the connection looks fine (a full command queue), wait this long for more before resyncing once. */
const SETTLE_MS = 1000

export interface RedisLink {
  /** False from the first sign of trouble until every client is ready again and clients were told to catch up. */
  readonly healthy: boolean
  /** For the adapter: the publisher, whose fire-and-forget publishes report failures here instead of as unhandled rejections. */
  readonly pub: RedisClientType
  /** Records that a live event may not have reached the other nodes. */
  lost(error: unknown): void
}

/**
 * Watches the Socket.IO adapter's Redis connections. While Redis is unreachable, broadcasts still
 * reach this node's own sockets but not the other nodes', and the events are lost for those: they
 * are in the database, not in anyone's view. So when every connection is ready again (node-redis
 * resubscribes before it says `ready`), `onRecovered` runs once, to tell every client to catch up.
 * Every client gets an `error` listener here: node-redis emits `error` on each failed reconnect, and
 * an unheard `error` event would end the process.
 */
export function watchRedis(
  clients: { pub: RedisClientType; sub: RedisClientType },
  logger: Logger,
  onRecovered: () => void,
): RedisLink {
  const all = [clients.pub, clients.sub]
  let troubleSince: number | undefined
  let timer: NodeJS.Timeout | undefined

  const recoverIfReady = () => {
    clearTimeout(timer)
    if (troubleSince === undefined || !all.every((c) => c.isReady)) return
    const outageMs = Date.now() - troubleSince
    troubleSince = undefined
    logger.warn({ outageMs }, 'Redis is back: telling every client to catch up')
    onRecovered()
  }
  const trouble = (error: unknown, what: string) => {
    if (troubleSince === undefined) {
      troubleSince = Date.now()
      logger.warn(
        { cause: describe(error) },
        `Redis ${what}: live events between nodes paused, rate limits counted per node`,
      )
    } else {
      logger.debug({ cause: describe(error) }, `Redis ${what}`)
    }
    clearTimeout(timer)
    timer = setTimeout(recoverIfReady, SETTLE_MS)
    timer.unref()
  }

  for (const client of all) {
    client.on('error', (error: unknown) => trouble(error, 'unreachable'))
    client.on('ready', recoverIfReady)
  }

  const link: RedisLink = {
    get healthy() {
      return troubleSince === undefined
    },
    pub: reportingPublishes(clients.pub, (error) => link.lost(error)),
    lost: (error) => trouble(error, 'publish failed'),
  }
  return link
}

/**
 * The adapter publishes without awaiting (`pubClient.publish(…)` and nothing more), so a publish that
 * fails — Redis gone, or the command queue full — would be an unhandled rejection. This view of the
 * client catches those and reports them; everything else is the client itself.
 */
function reportingPublishes(client: RedisClientType, onError: (error: unknown) => void): RedisClientType {
  return new Proxy(client, {
    get(target, property) {
      if (property === 'publish' || property === 'PUBLISH') {
        return (...args: Parameters<RedisClientType['publish']>) =>
          target.publish(...args).catch((error: unknown) => {
            onError(error)
            return 0
          })
      }
      // node-redis keeps its state in private fields: its methods must run on the client itself.
      const value: unknown = Reflect.get(target, property, target)
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value
    },
  })
}

const describe = (error: unknown): string => {
  const e = error as { name?: unknown; code?: unknown; message?: unknown }
  return [e.name, e.code, e.message].filter((part) => typeof part === 'string').join(' ')
}
