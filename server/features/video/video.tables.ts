import type { VideoStatus } from '../../../shared/schemas/video.js'

/** A video postcard and its transcode job (the row is the job: claimed by a node under a lease). */
export interface VideosTable {
  mediaId: string
  linkId: string
  schoolId: string
  ownerId: string
  status: VideoStatus
  progress: number
  durationMs: number
  width: number
  height: number
  bytes: number
  attempts: number
  claimedBy: string | null
  leaseUntil: string | null
  createdAt: string
}

export interface VideoCaptionsTable {
  mediaId: string
  language: string
  vtt: string
  updatedBy: string | null
  updatedAt: string
}

export interface SchoolVideoSettingsTable {
  schoolId: string
  maxSeconds: number
}

export interface ClassVideoSettingsTable {
  classId: string
  pupilsMayRecord: number
}

export interface VideoTables {
  videos: VideosTable
  videoCaptions: VideoCaptionsTable
  schoolVideoSettings: SchoolVideoSettingsTable
  classVideoSettings: ClassVideoSettingsTable
}
