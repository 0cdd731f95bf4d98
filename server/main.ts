import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createApp } from './app.js'
import { ConfigError, loadConfig } from './config.js'
import { createLogger } from './logger.js'
import { installProcessPolicy } from './processPolicy.js'
import { openStorage, storageOptionsFor } from './storage/database.js'
import { connectRedis } from './storage/redis.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

async function main() {
  const config = loadConfig()
  const logger = createLogger(config.logLevel)
  // Until the node serves, a fatal error simply ends it; afterwards it shuts down gracefully first.
  let onFatal: () => void = () => process.exit(1)
  installProcessPolicy(logger, () => onFatal())
  const storage = await openStorage(storageOptionsFor(config), logger)
  const redis = config.redisUrl ? await connectRedis(config.redisUrl, logger) : undefined
  const app = createApp({ config, storage, logger, redis, clientDir: path.join(root, 'dist', 'client') })

  await new Promise<void>((resolve) => app.http.listen(config.port, config.host, resolve))
  const address = app.http.address()
  const port = typeof address === 'object' && address ? address.port : config.port
  logger.info(
    { port, database: storage.dialect, redis: Boolean(redis) },
    `Bridges is listening on http://localhost:${port}`,
  )

  const purge = setInterval(
    () => {
      app.services.accounts.purgeExpiredSessions().catch((err: unknown) => logger.warn({ err }, 'session purge failed'))
    },
    60 * 60 * 1000,
  )
  purge.unref()

  let stopping = false
  const shutdown = (signal: string, exitCode = 0) => {
    // A second signal (Ctrl-C reaches npm, the start script and the server at once) changes nothing.
    if (stopping) return
    stopping = true
    logger.info({ signal, graceMs: config.shutdownGraceMs }, 'shutting down')
    clearInterval(purge)
    // close() itself ends every connection when the grace is over; this is only for a hung close.
    const force = setTimeout(() => {
      logger.error('shutdown took too long: exiting')
      process.exit(1)
    }, config.shutdownGraceMs + 5000)
    force.unref()
    app
      .close()
      .then(async () => {
        if (redis) await Promise.allSettled([redis.pub.quit(), redis.sub.quit()])
        logger.info('stopped')
        process.exit(exitCode)
      })
      .catch((err: unknown) => {
        logger.error({ err }, 'shutdown failed')
        process.exit(1)
      })
  }
  onFatal = () => shutdown('uncaught exception', 1)
  process.on('SIGTERM', () => shutdown('SIGTERM'))
  process.on('SIGINT', () => shutdown('SIGINT'))
  // Started by scripts/start.mjs with an IPC channel: if it dies, even by SIGKILL, stop rather than
  // be left serving with nobody to stop us.
  if (process.channel) process.once('disconnect', () => shutdown('parent exited'))
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message)
  } else {
    console.error('Bridges could not start:', error instanceof Error ? error.message : error)
  }
  process.exit(1)
})
