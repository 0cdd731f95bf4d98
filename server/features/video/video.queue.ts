/**
 * Where transcode jobs wait and who runs them. The service only enqueues; which queue runs underneath
 * (a table polled in-process for the embedded SQLite default, pg-boss on PostgreSQL) is chosen when
 * the services are built.
 */
export interface VideoQueue {
  /** Takes up work: jobs queued before a restart, or by another node. */
  start(): Promise<void>
  /**
   * Queues a video's transcode. Called inside the upload's transaction, so the job exists exactly when
   * the video does; the queue starts on it after the commit.
   */
  enqueue(mediaId: string): Promise<void>
  /** Stops taking jobs; running transcodes end and their jobs go back to the queue. */
  stop(): Promise<void>
}
