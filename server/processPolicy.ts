import type { Logger } from 'pino'
import { isUnavailableError } from './storage/unavailable.js'

/**
 * What the process does with errors nobody handled:
 * - a connection to PostgreSQL or Redis failing (a restart, a failover) is never a reason to exit —
 *   the app answers 503 or works on in degraded mode — so it is logged as a warning and forgotten;
 * - any other rejected promise nobody awaited is a bug in one piece of work, not damage to the
 *   process: logged as an error, and the node keeps serving everyone else;
 * - any other uncaught exception may have left state half-changed (Node's own advice is to exit):
 *   logged as fatal, then `onFatal` stops the node (gracefully, within a bound) with a failing code,
 *   for the supervisor to restart it.
 */
export function installProcessPolicy(logger: Logger, onFatal: (error: unknown) => void): void {
  process.on('unhandledRejection', (reason) => {
    if (isUnavailableError(reason))
      logger.warn(
        { cause: describe(reason) },
        'a background call to the database or Redis failed (unavailable): kept running',
      )
    else logger.error({ err: reason }, 'unhandled promise rejection: kept running')
  })
  process.on('uncaughtException', (error, origin) => {
    if (isUnavailableError(error)) {
      logger.warn(
        { cause: describe(error), origin },
        'a connection to the database or Redis failed with nobody listening: kept running',
      )
      return
    }
    logger.fatal({ err: error, origin }, 'uncaught exception: stopping')
    onFatal(error)
  })
}

const describe = (error: unknown): string => {
  const e = error as { name?: unknown; code?: unknown; message?: unknown }
  return [e.name, e.code, e.message].filter((part) => typeof part === 'string').join(' ')
}
