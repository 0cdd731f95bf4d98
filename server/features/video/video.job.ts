import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { Logger } from 'pino'
import { processImage } from '../media/imagePipeline.js'
import type { MediaStore } from '../media/mediaStore.js'
import type { LinkEvents } from '../links/linkEvents.js'
import { transcodeWithPoster, type FfmpegPaths } from './ffmpeg.js'
import type { VideoEvents } from './video.events.js'
import type { VideoRecord, VideoRepository } from './video.repository.js'

/** What every queue implementation needs to transcode a video it has claimed. */
export interface VideoJobDeps {
  repository: VideoRepository
  store: MediaStore
  events: VideoEvents
  linkEvents: LinkEvents
  paths: FfmpegPaths
  logger: Logger
}

/** A job is tried this many times before it is marked failed (a file ffmpeg cannot finish). */
export const MAX_ATTEMPTS = 3

/** How a claimed job ended: done (ready or failed for good), back in the queue, or cut off by a stop. */
export type JobOutcome = 'done' | 'retry' | 'stopped'

/**
 * Transcodes one claimed video (its row already says `processing`, claimed by `node`), stores the MP4
 * and its poster, and records the outcome. The claim is renewed (`renewLease` gives its new end) with
 * each progress tick and every `heartbeatMs` besides, so it lapses soon after this node dies, never
 * while it works.
 */
export async function runVideoJob(
  deps: VideoJobDeps,
  job: VideoRecord,
  node: string,
  signal: AbortSignal,
  renewLease: () => string,
  heartbeatMs: number,
): Promise<JobOutcome> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'bridges-video-'))
  const to = { schoolId: job.schoolId, ownerId: job.ownerId }
  const say = (status: VideoRecord['status'], progress: number) =>
    deps.events.progress(to, { videoId: job.mediaId, linkId: job.linkId, status, progress })
  let progress = 0
  const renew = () => void deps.repository.renew(job.mediaId, node, progress, renewLease()).catch(() => undefined)
  const heartbeat = setInterval(renew, heartbeatMs)
  heartbeat.unref()
  try {
    // ffmpeg reads the stored upload where it lies (on disk), or one streamed copy (from the database).
    const bytes = await deps.store.withFile(job.mediaId, 'source', async (input) => {
      if (!input) throw new Error('the upload is gone')
      const output = path.join(dir, 'out.mp4')
      say('processing', 0)
      // The poster frame comes out of the same ffmpeg run: the picture is decoded and scaled once.
      const frame = await transcodeWithPoster(
        deps.paths,
        { input, output, poster: path.join(dir, 'poster.png') },
        job.durationMs,
        (percent) => {
          progress = percent
          renew()
          say('processing', percent)
        },
        signal,
      )
      const poster = await processImage(frame)
      const { size } = await fs.stat(output)
      // The MP4 is moved into the store (disk) or read once (database), never copied in memory first.
      await deps.store.putFile(job.mediaId, 'video', output)
      await deps.store.put(job.mediaId, 'display', poster.display)
      await deps.store.put(job.mediaId, 'thumb', poster.thumb)
      return size
    })
    await deps.repository.finish(job.mediaId, node, { status: 'ready', bytes })
    await deps.store.removeKind(job.mediaId, 'source')
    say('ready', 100)
    deps.linkEvents.linkChanged(job.linkId)
    return 'done'
  } catch (error) {
    if (signal.aborted) return 'stopped'
    const failed = job.attempts >= MAX_ATTEMPTS
    deps.logger.warn({ err: error, videoId: job.mediaId, attempt: job.attempts }, 'video transcode failed')
    await deps.repository.finish(job.mediaId, node, { status: failed ? 'failed' : 'queued' })
    if (!failed) return 'retry'
    await deps.store.removeKind(job.mediaId, 'source')
    say('failed', 0)
    deps.linkEvents.linkChanged(job.linkId)
    return 'done'
  } finally {
    clearInterval(heartbeat)
    await fs.rm(dir, { recursive: true, force: true })
  }
}
