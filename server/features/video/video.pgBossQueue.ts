import { randomUUID } from 'node:crypto'
import { CompiledQuery, type Kysely } from 'kysely'
import PgBoss from 'pg-boss'
import type { Database } from '../../storage/schema.js'
import { afterCommit } from '../../storage/transaction.js'
import { MAX_ATTEMPTS, runVideoJob, type VideoJobDeps } from './video.job.js'
import type { VideoQueue } from './video.queue.js'

export const VIDEO_JOB_QUEUE = 'video-transcode'

export interface PgBossVideoQueueDeps extends VideoJobDeps {
  /** The application's database: pg-boss runs its SQL through it, so a job is sent in the upload's transaction. */
  db: Kysely<Database>
  /** Transcodes at once on this node (0: this node only queues; other nodes do the work). */
  concurrency: number
  /** One transaction on `db` (the lapsed-claim sweep requeues the video and retries its job together). */
  transaction: <T>(fn: () => Promise<T>) => Promise<T>
  /** A transcode's claim on its video, renewed while it runs; lapsed, its node is taken for dead. */
  leaseSeconds: number
  /** How often an idle worker asks for a job (pg-boss's minimum is half a second). */
  pollSeconds?: number
}

/**
 * pg-boss's own backstop: a job still active this long after it was taken is failed and retried. The
 * lease sweep gives a dead node's job back far sooner; this only bounds what nothing else catches.
 */
const EXPIRE_IN_SECONDS = 20 * 60

interface TranscodeJob {
  mediaId: string
}

/**
 * The transcode queue on PostgreSQL, kept by pg-boss: a job is one row in its `pgboss` schema, taken
 * by one worker of one node (SKIP LOCKED), retried when a stop cuts it off or a transcode fails. A
 * node that dies mid-transcode (killed, its machine gone) stops renewing its lease on the video; every
 * working node sweeps for lapsed leases (at start and every half lease) and fails that job in pg-boss,
 * which retries it at once, so it resumes within about a lease instead of at pg-boss's expiry
 * (pg-boss 10 has no heartbeat of its own). The job's id is the video's id, so queueing a video twice
 * makes one job.
 */
export class PgBossVideoQueue implements VideoQueue {
  private readonly node = randomUUID()
  private readonly boss: PgBoss
  private readonly running = new Set<AbortController>()
  private readonly workers: string[] = []
  private started: Promise<void> | undefined
  private stopped = false
  private sweeper: NodeJS.Timeout | undefined

  constructor(private readonly deps: PgBossVideoQueueDeps) {
    this.boss = new PgBoss({
      db: { executeSql: (text, values) => deps.db.executeQuery(CompiledQuery.raw(text, values ?? [])) },
      schedule: false,
      // What the data inventory says (SCHEMA_CATEGORIES): a finished job (a video's id and its state)
      // goes to the archive after an hour and is deleted from it a day later.
      archiveCompletedAfterSeconds: 60 * 60,
      deleteAfterDays: 1,
    })
    this.boss.on('error', (err) => deps.logger.warn({ err }, 'video queue (pg-boss) error'))
  }

  start(): Promise<void> {
    this.started ??= this.open()
    return this.started
  }

  private async open(): Promise<void> {
    await this.boss.start()
    await this.boss.createQueue(VIDEO_JOB_QUEUE, {
      name: VIDEO_JOB_QUEUE,
      // Our own attempts count (MAX_ATTEMPTS) decides when a video has failed; pg-boss's limit also
      // covers the retries after a stop, which are not the video's fault.
      retryLimit: MAX_ATTEMPTS + 20,
      retryDelay: 1,
      expireInSeconds: EXPIRE_IN_SECONDS,
    })
    // Videos queued before this queue existed (or by the table queue before a move to PostgreSQL).
    for (const mediaId of await this.deps.repository.queuedIds()) await this.send(mediaId)
    const options = { batchSize: 1, pollingIntervalSeconds: this.deps.pollSeconds ?? 2 }
    for (let i = 0; i < this.deps.concurrency && !this.stopped; i++)
      this.workers.push(await this.boss.work<TranscodeJob>(VIDEO_JOB_QUEUE, options, (jobs) => this.handle(jobs)))
    if (this.deps.concurrency <= 0 || this.stopped) return
    await this.sweep()
    this.sweeper = setInterval(() => void this.sweep(), (this.deps.leaseSeconds * 1000) / 2)
    this.sweeper.unref()
  }

  /**
   * Gives back the jobs of nodes that died mid-transcode: each video whose lease lapsed is queued again
   * and its job (still "active" in pg-boss) failed, so pg-boss retries it now. One transaction, and the
   * conditional update lets one node alone act on a lapse.
   */
  private async sweep(): Promise<void> {
    try {
      const lapsed = await this.deps.transaction(async () => {
        const ids = await this.deps.repository.requeueLapsed(new Date().toISOString())
        for (const mediaId of ids) {
          await this.boss.fail(VIDEO_JOB_QUEUE, mediaId, { message: 'its node stopped renewing its lease' })
          // pg-boss may hold no job for it any more (archived): then this makes one; otherwise nothing.
          await this.send(mediaId)
        }
        return ids
      })
      if (lapsed.length === 0) return
      this.deps.logger.warn({ videoIds: lapsed }, 'video transcodes of a node that stopped answering are retried')
      afterCommit(() => this.workers.forEach((id) => this.boss.notifyWorker(id)))
    } catch (err) {
      this.deps.logger.warn({ err }, 'video queue: the sweep for lapsed transcodes failed; it runs again soon')
    }
  }

  async enqueue(mediaId: string): Promise<void> {
    await this.start()
    await this.send(mediaId)
    afterCommit(() => this.workers.forEach((id) => this.boss.notifyWorker(id)))
  }

  private async send(mediaId: string): Promise<void> {
    await this.boss.send(VIDEO_JOB_QUEUE, { mediaId } satisfies TranscodeJob, { id: mediaId })
  }

  private async handle(jobs: PgBoss.Job<TranscodeJob>[]): Promise<void> {
    for (const job of jobs) {
      // Taken just as this node stops: thrown back at once, for another node or the next start.
      if (this.stopped) throw new Error('the node is stopping')
      const lease = () => new Date(Date.now() + this.deps.leaseSeconds * 1000).toISOString()
      const record = await this.deps.repository.claim(job.data.mediaId, this.node, lease())
      if (!record) continue
      const abort = new AbortController()
      this.running.add(abort)
      try {
        const heartbeatMs = (this.deps.leaseSeconds * 1000) / 3
        const outcome = await runVideoJob(this.deps, record, this.node, abort.signal, lease, heartbeatMs)
        if (outcome === 'stopped') {
          await this.deps.repository.finish(record.mediaId, this.node, { status: 'queued' })
          throw new Error('the node stopped mid-transcode; the job goes back to the queue')
        }
        // Thrown, pg-boss puts the job back for another try (the row says queued again).
        if (outcome === 'retry') throw new Error('the transcode failed; it will be tried again')
      } finally {
        this.running.delete(abort)
      }
    }
  }

  /** Stops taking jobs; running ffmpeg processes end and their jobs are retried (here or on another node). */
  async stop(): Promise<void> {
    this.stopped = true
    clearInterval(this.sweeper)
    await this.started?.catch(() => undefined)
    for (const abort of this.running) abort.abort()
    // The database stays the application's: pg-boss closes nothing of it.
    await this.boss.stop({ graceful: true, wait: true, timeout: 10_000 }).catch((err: unknown) => {
      this.deps.logger.warn({ err }, 'video queue (pg-boss) did not stop cleanly; its jobs expire and are retried')
    })
  }
}
