import type { Storage } from '../../storage/database.js'
import type { VideoJobDeps } from './video.job.js'
import { PgBossVideoQueue } from './video.pgBossQueue.js'
import type { VideoQueue } from './video.queue.js'
import { TableVideoQueue } from './video.tableQueue.js'

/**
 * The transcode queue for this storage: pg-boss when the database is PostgreSQL (jobs shared by every
 * node), the in-process table queue for the embedded SQLite default (one node, its own database).
 */
export function createVideoQueue(
  storage: Storage,
  deps: VideoJobDeps & { concurrency: number; leaseSeconds: number },
): VideoQueue {
  return storage.dialect === 'postgres'
    ? new PgBossVideoQueue({ ...deps, db: storage.db, transaction: storage.transaction })
    : new TableVideoQueue({ ...deps, singleNode: true, leaseMs: deps.leaseSeconds * 1000 })
}
