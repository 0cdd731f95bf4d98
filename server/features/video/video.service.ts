import type { User } from '../../../shared/schemas/accounts.js'
import {
  DEFAULT_VIDEO_MAX_SECONDS,
  type CaptionsInput,
  type Video,
  type VideoSettings,
} from '../../../shared/schemas/video.js'
import { DomainError, forbidden, notFound } from '../../domain/errors.js'
import { newId, nowIso } from '../../domain/ids.js'
import type { LinkAccess } from '../links/linkAccess.js'
import type { MediaService } from '../media/media.service.js'
import type { MediaStore } from '../media/mediaStore.js'
import type { WriteLimiter } from '../moderation/writeLimits.js'
import { ffmpegAvailable, probe, scaledSize, type FfmpegPaths } from './ffmpeg.js'
import type { VideoRecord, VideoRepository } from './video.repository.js'

export interface VideoDeps {
  repository: VideoRepository
  media: MediaService
  store: MediaStore
  linkAccess: LinkAccess
  limits: WriteLimiter
  paths: FfmpegPaths
  transaction: <T>(fn: () => Promise<T>) => Promise<T>
  /** Queues the transcode, inside the upload's transaction (see VideoQueue.enqueue). */
  enqueue: (mediaId: string) => Promise<void>
}

export const videoUnavailable = () =>
  new DomainError(
    'VIDEO_UNAVAILABLE',
    'Video postcards are switched off on this server (ffmpeg is not installed); everything else works as usual',
  )

/**
 * Video postcards. A video is a media record (its poster is that picture), so who may see it is the
 * one visibility rule applied to pictures; its bytes are served only through `file`. An upload is
 * probed before anything is stored, then queued for transcoding.
 */
export class VideoService {
  private availability: Promise<boolean> | undefined

  constructor(private readonly deps: VideoDeps) {}

  /** Whether ffmpeg runs here (asked once per process). */
  available(): Promise<boolean> {
    this.availability ??= ffmpegAvailable(this.deps.paths)
    return this.availability
  }

  /** Checked before the upload is read: ffmpeg present, a member of an active link, a pupil allowed by her class. */
  async assertCanUpload(user: User, linkId: string): Promise<void> {
    await this.assertMayUpload(user, linkId)
    await this.deps.limits.consume(user, 'uploads')
  }

  private async assertMayUpload(user: User, linkId: string): Promise<void> {
    if (!(await this.available())) throw videoUnavailable()
    const membership = await this.deps.linkAccess.membershipOf(user, linkId)
    this.deps.linkAccess.assertWritable(membership)
    if (user.role === 'pupil' && !(user.classId && (await this.deps.repository.pupilsMayRecord(user.classId))))
      throw new DomainError('VIDEO_NOT_ALLOWED', 'Your teacher has not turned on video postcards for pupils')
  }

  /** Probes the uploaded file (refusing it with nothing stored), then keeps it and queues its transcode. */
  async upload(user: User, linkId: string, file: string): Promise<Video> {
    // Checked again (the link may have been paused while the file arrived), without counting the upload twice.
    await this.assertMayUpload(user, linkId)
    const probed = await probe(this.deps.paths, file)
    const maxSeconds = await this.maxSecondsOf(user.schoolId)
    if (probed.durationMs > maxSeconds * 1000 + 500)
      throw new DomainError('VIDEO_TOO_LONG', `Videos can be at most ${maxSeconds} seconds long`)
    const id = newId()
    const size = scaledSize(probed.width, probed.height)
    const record: VideoRecord = {
      mediaId: id,
      linkId,
      schoolId: user.schoolId,
      ownerId: user.id,
      status: 'queued',
      progress: 0,
      durationMs: probed.durationMs,
      ...size,
      bytes: 0,
      attempts: 0,
      claimedBy: null,
      leaseUntil: null,
      createdAt: nowIso(),
    }
    try {
      await this.deps.transaction(async () => {
        await this.deps.media.insertVideoRecord(user, linkId, id, size)
        await this.deps.repository.insert(record)
        // Moved into the store (disk) rather than read into memory: a phone video is tens of megabytes.
        await this.deps.store.putFile(id, 'source', file)
        await this.deps.enqueue(id)
      })
    } catch (error) {
      await this.deps.store.remove(id).catch(() => {})
      throw error
    }
    return this.toVideo(record)
  }

  /** The video's state (status, progress, captions) for someone who may see it. */
  async status(user: User, videoId: string): Promise<Video> {
    return this.toVideo(await this.visible(user, videoId))
  }

  /**
   * The transcoded MP4, for someone who may see it, once it is ready: its length, and a reader of any
   * byte range, streamed from the store (never loaded whole).
   */
  async file(
    user: User,
    videoId: string,
  ): Promise<{ length: number; read: (start: number, end: number) => NodeJS.ReadableStream }> {
    const record = await this.visible(user, videoId)
    if (record.status !== 'ready') throw new DomainError('VIDEO_NOT_READY', 'This video is still being prepared')
    const length = await this.deps.store.byteLength(videoId, 'video')
    if (length === undefined) throw notFound('Video')
    return { length, read: (start, end) => this.deps.store.readRange(videoId, 'video', start, end) }
  }

  async caption(user: User, videoId: string, language: string): Promise<string> {
    await this.visible(user, videoId)
    const found = await this.deps.repository.caption(videoId, language)
    if (!found) throw notFound('Captions')
    return found.vtt
  }

  /** A teacher of the video's school adds captions in one of the link's languages. */
  async setCaption(user: User, videoId: string, language: string, input: CaptionsInput): Promise<Video> {
    const record = await this.visible(user, videoId)
    const membership = await this.deps.linkAccess.teacherMembershipOf(user, record.linkId)
    this.deps.linkAccess.assertWritable(membership)
    if (record.schoolId !== user.schoolId)
      throw forbidden('Only the teachers of the school that sent it add its captions')
    const languages = new Set(membership.link.classes.flatMap((c) => c.languages))
    if (!languages.has(language))
      throw new DomainError('INVALID_PAYLOAD', 'Captions are written in one of the link’s languages', {
        fields: { language: [...languages].join(', ') },
      })
    await this.deps.repository.putCaption({
      mediaId: videoId,
      language,
      vtt: input.vtt,
      updatedBy: user.id,
      updatedAt: nowIso(),
    })
    return this.toVideo(record)
  }

  /** The settings that apply to this user in this link (her school's length, her class's permission). */
  async settings(user: User, linkId: string): Promise<VideoSettings> {
    const { ownClasses } = await this.deps.linkAccess.membershipOf(user, linkId)
    const classId = user.role === 'pupil' ? user.classId : ownClasses[0]?.classId
    return {
      maxSeconds: await this.maxSecondsOf(user.schoolId),
      pupilsMayRecord: classId ? await this.deps.repository.pupilsMayRecord(classId) : false,
      available: await this.available(),
    }
  }

  /** A teacher of the class's school sets whether its pupils record, and the school's longest video. */
  async updateSettings(user: User, classId: string, input: { maxSeconds?: number; pupilsMayRecord?: boolean }) {
    if (user.role !== 'teacher' || (await this.deps.repository.schoolOfClass(classId)) !== user.schoolId)
      throw notFound('Class')
    if (input.maxSeconds !== undefined) await this.deps.repository.setMaxSeconds(user.schoolId, input.maxSeconds)
    if (input.pupilsMayRecord !== undefined)
      await this.deps.repository.setPupilsMayRecord(classId, input.pupilsMayRecord)
    return {
      maxSeconds: await this.maxSecondsOf(user.schoolId),
      pupilsMayRecord: await this.deps.repository.pupilsMayRecord(classId),
      available: await this.available(),
    }
  }

  private async maxSecondsOf(schoolId: string): Promise<number> {
    return (await this.deps.repository.maxSeconds(schoolId)) ?? DEFAULT_VIDEO_MAX_SECONDS
  }

  /** The one visibility rule, through the poster picture: "not yours" and "does not exist" are one NOT_FOUND. */
  private async visible(user: User, videoId: string): Promise<VideoRecord> {
    await this.deps.media.visibleRecord(user, videoId, 'Video')
    const record = await this.deps.repository.find(videoId)
    if (!record) throw notFound('Video')
    return record
  }

  private async toVideo(record: VideoRecord): Promise<Video> {
    const captions = await this.deps.repository.captions(record.mediaId)
    return {
      id: record.mediaId,
      linkId: record.linkId,
      status: record.status,
      progress: record.progress,
      durationMs: record.durationMs,
      width: record.width,
      height: record.height,
      bytes: record.bytes,
      captions: captions.map((c) => ({ language: c.language, updatedAt: c.updatedAt })),
      createdAt: record.createdAt,
    }
  }
}
