import type { VideoProgress } from '../schemas/video.js'

export interface VideoServerEvents {
  /** A video postcard's transcode moved on (percent) or finished: to its school's teachers and its uploader. */
  'video:progress': (payload: VideoProgress) => void
}
