import type { User } from '../../../shared/schemas/accounts.js'
import type { Media } from '../../../shared/schemas/media.js'
import { DomainError, notFound } from '../../domain/errors.js'
import { newId, nowIso } from '../../domain/ids.js'
import type { LinkAccess } from '../links/linkAccess.js'
import { canSeePicture, type VisibilityFacts } from '../moderation/visibility.js'
import type { WriteLimiter } from '../moderation/writeLimits.js'
import { processImage, type ProcessedImage } from './imagePipeline.js'
import type { MediaRecord, MediaRepository } from './media.repository.js'
import type { MediaStore, PictureSize } from './mediaStore.js'

export interface MediaDeps {
  repository: MediaRepository
  linkAccess: LinkAccess
  limits: WriteLimiter
  /** The visibility facts of every item the picture is attached to (from the moderation service). */
  attachedTo(mediaId: string): Promise<VisibilityFacts[]>
  /** Where the bytes go: the database when several nodes share it, else this node's disk. */
  store: MediaStore
  /** The record and (in the database) its bytes commit together. */
  transaction: <T>(fn: () => Promise<T>) => Promise<T>
}

/**
 * Pictures belong to a link. One is served only while an item it is attached to is visible to the
 * viewer (by the one visibility rule); an unattached upload only to its uploader and that school's
 * teachers. What is stored is the processed display image and thumbnail: the original upload, and
 * every byte of its metadata, is dropped.
 */
export class MediaService {
  private readonly repository: MediaRepository
  private readonly linkAccess: LinkAccess
  private readonly blobs: MediaStore

  constructor(private readonly deps: MediaDeps) {
    this.repository = deps.repository
    this.linkAccess = deps.linkAccess
    this.blobs = deps.store
  }

  /** Checked before reading an upload, so outsiders' bytes are never even buffered; counts towards the upload limit. */
  async assertCanUpload(user: User, linkId: string): Promise<void> {
    await this.assertMember(user, linkId)
    await this.deps.limits.consume(user, 'uploads')
  }

  private async assertMember(user: User, linkId: string): Promise<void> {
    const membership = await this.linkAccess.membershipOf(user, linkId)
    this.linkAccess.assertWritable(membership)
  }

  async store(user: User, linkId: string, upload: Buffer): Promise<Media> {
    await this.assertMember(user, linkId)
    // Processing happens before anything is written: a refused file leaves no trace.
    const [stored] = await this.storeProcessed(user, linkId, [await processImage(upload)])
    return stored as Media
  }

  /**
   * Keeps pictures already through the pipeline (`processImage`), all or none: records in the
   * caller's transaction, and bytes taken away again when it does not commit.
   */
  async storeProcessed(user: User, linkId: string, images: readonly ProcessedImage[]): Promise<Media[]> {
    const records = images.map((image) => ({ image, record: this.recordOf(user, linkId, image) }))
    try {
      await this.deps.transaction(async () => {
        for (const { image, record } of records) {
          await this.repository.insert(record)
          await this.blobs.put(record.id, 'display', image.display)
          await this.blobs.put(record.id, 'thumb', image.thumb)
        }
      })
    } catch (error) {
      // Bytes on disk are outside the transaction: taken away by hand when it did not commit.
      await Promise.all(records.map(({ record }) => this.blobs.remove(record.id).catch(() => {})))
      throw error
    }
    return records.map(({ record }) => toMedia(record))
  }

  private recordOf(user: User, linkId: string, image: ProcessedImage): MediaRecord {
    return {
      id: newId(),
      linkId,
      ownerId: user.id,
      schoolId: user.schoolId,
      width: image.width,
      height: image.height,
      bytes: image.display.length,
      createdAt: nowIso(),
      shownConfirmedAt: null,
    }
  }

  /** The picture's bytes (WebP). "Not yours" and "does not exist" are the same NOT_FOUND. */
  async picture(user: User, mediaId: string, size: PictureSize): Promise<Buffer> {
    const record = await this.repository.find(mediaId)
    if (!record || !(await this.maySee(user, record))) throw notFound('Picture')
    const bytes = await this.blobs.get(record.id, size)
    if (!bytes) throw notFound('Picture')
    return bytes
  }

  /**
   * A video postcard's record (its poster is this picture, so who is shown, consent and visibility
   * work as for any picture); the poster's bytes arrive once it is transcoded. Call inside the
   * caller's transaction.
   */
  async insertVideoRecord(user: User, linkId: string, id: string, size: { width: number; height: number }) {
    await this.assertMember(user, linkId)
    const record: MediaRecord = {
      id,
      linkId,
      ownerId: user.id,
      schoolId: user.schoolId,
      ...size,
      bytes: 0,
      createdAt: nowIso(),
    }
    await this.repository.insert(record)
    return record
  }

  /** The record, when the viewer may see it by the one visibility rule (as its pictures); else NOT_FOUND. */
  async visibleRecord(user: User, mediaId: string, what = 'Picture'): Promise<MediaRecord> {
    const record = await this.repository.find(mediaId)
    if (!record || !(await this.maySee(user, record))) throw notFound(what)
    return record
  }

  private async maySee(user: User, record: MediaRecord): Promise<boolean> {
    try {
      await this.linkAccess.membershipOf(user, record.linkId)
    } catch {
      return false
    }
    const attached = await this.deps.attachedTo(record.id)
    if (attached.length === 0)
      return record.ownerId === user.id || (user.role === 'teacher' && user.schoolId === record.schoolId)
    return attached.some((item) => canSeePicture(item, user))
  }

  /** A picture the user uploaded to this link, ready to attach to their post. */
  async assertAttachable(user: User, mediaId: string, linkId: string | null): Promise<void> {
    const record = await this.repository.find(mediaId)
    if (!record || record.ownerId !== user.id || record.linkId !== linkId) {
      throw new DomainError('INVALID_PAYLOAD', 'Attach a picture you uploaded to this link', {
        fields: { mediaId: 'Unknown picture' },
      })
    }
  }

  /**
   * Data protection (a pupil who left, a school's retention): forgets the pictures' records. Call
   * inside the removing transaction, with nothing still attached to them; then `deleteFiles` once
   * it has committed.
   */
  async deleteRecords(mediaIds: readonly string[]): Promise<void> {
    await this.repository.deleteMany(mediaIds)
  }

  /** Removes the stored bytes (every size) of pictures whose records are gone, wherever the store keeps them. */
  async deleteFiles(mediaIds: readonly string[]): Promise<void> {
    await Promise.all(mediaIds.map((id) => this.blobs.remove(id)))
  }

  /** A picture's stored bytes, for a subject access export (the caller has authorised it); undefined when gone. */
  bytesOf(mediaId: string): Promise<Buffer | undefined> {
    return this.blobs.get(mediaId, 'display')
  }

  /** Whether any stored bytes of the picture remain (tests of removal). */
  async hasFiles(mediaId: string): Promise<boolean> {
    const found = await Promise.all((['display', 'thumb'] as const).map((size) => this.blobs.get(mediaId, size)))
    return found.some((bytes) => bytes !== undefined)
  }
}

const toMedia = (record: MediaRecord): Media => ({
  id: record.id,
  linkId: record.linkId,
  width: record.width,
  height: record.height,
  bytes: record.bytes,
  createdAt: record.createdAt,
})
