import { randomUUID } from 'node:crypto'
import { afterCommit } from '../../storage/transaction.js'
import { runVideoJob, type VideoJobDeps } from './video.job.js'
import type { VideoQueue } from './video.queue.js'
import type { VideoRecord } from './video.repository.js'

export interface TableVideoQueueDeps extends VideoJobDeps {
  /** Transcodes at once on this node (0: this node only queues; another does the work). */
  concurrency: number
  /** One node with its own database (SQLite): whatever was "processing" at start was this node's, cut off by a restart. */
  singleNode: boolean
  leaseMs?: number
  pollMs?: number
}

/**
 * Runs transcode jobs from the `videos` table, at most `concurrency` at once on this node. Jobs are
 * claimed under a lease renewed with each progress tick, so a job of a node that died is taken up by
 * another (or by this one after its restart) once the lease runs out; a clean stop puts its jobs back.
 * The embedded default's queue (SQLite, one node); it also works on PostgreSQL, where pg-boss is used.
 */
export class TableVideoQueue implements VideoQueue {
  private readonly node = randomUUID()
  private readonly running = new Map<string, AbortController>()
  private timer: NodeJS.Timeout | undefined
  private stopped = false
  private ticking: Promise<void> | undefined
  private readonly leaseMs: number

  constructor(private readonly deps: TableVideoQueueDeps) {
    this.leaseMs = deps.leaseMs ?? 30_000
  }

  async start(): Promise<void> {
    if (this.deps.concurrency <= 0) return
    if (this.deps.singleNode) await this.deps.repository.requeueAbandoned()
    this.timer = setInterval(() => this.poke(), this.deps.pollMs ?? 2000)
    this.timer.unref()
    this.poke()
  }

  async enqueue(): Promise<void> {
    // The row is the job; look for it now (after the commit) instead of at the next poll.
    afterCommit(() => this.poke())
  }

  private poke(): void {
    if (this.stopped || this.deps.concurrency <= 0 || this.ticking) return
    this.ticking = this.fill()
      .catch((error: unknown) => this.deps.logger.error({ err: error }, 'video queue poll failed'))
      .finally(() => (this.ticking = undefined))
  }

  private async fill(): Promise<void> {
    while (!this.stopped && this.running.size < this.deps.concurrency) {
      const now = Date.now()
      const job = await this.deps.repository.claimNext(
        this.node,
        new Date(now).toISOString(),
        new Date(now + this.leaseMs).toISOString(),
      )
      if (!job) return
      const abort = new AbortController()
      this.running.set(job.mediaId, abort)
      void this.run(job, abort.signal).finally(() => {
        this.running.delete(job.mediaId)
        this.poke()
      })
    }
  }

  /** Stops taking jobs, ends running ffmpeg processes and puts their jobs back in the queue. */
  async stop(): Promise<void> {
    this.stopped = true
    clearInterval(this.timer)
    for (const abort of this.running.values()) abort.abort()
    await this.ticking
    while (this.running.size > 0) await new Promise((resolve) => setTimeout(resolve, 20))
    // With the database already gone, the claims lapse with their lease and another node takes the jobs.
    await this.deps.repository.releaseClaims(this.node).catch((err: unknown) => {
      this.deps.logger.warn({ err }, 'video jobs not put back at stop; their leases will lapse')
    })
  }

  private async run(job: VideoRecord, signal: AbortSignal): Promise<void> {
    const lease = () => new Date(Date.now() + this.leaseMs).toISOString()
    await runVideoJob(this.deps, job, this.node, signal, lease, this.leaseMs / 3)
  }
}
