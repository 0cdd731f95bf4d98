import fs from 'node:fs/promises'
import path from 'node:path'
import type { User } from '../../../shared/schemas/accounts.js'
import type { Media } from '../../../shared/schemas/media.js'
import { DomainError, forbidden, notFound } from '../../domain/errors.js'
import { newId, nowIso } from '../../domain/ids.js'
import type { LinkAccess } from '../links/linkAccess.js'
import { processImage } from './imagePipeline.js'
import type { MediaRecord, MediaRepository } from './media.repository.js'

/**
 * Pictures belong to a link and are served only to its members. What is stored is the processed
 * display image and thumbnail: the original upload, and every byte of its metadata, is dropped.
 */
export class MediaService {
  constructor(
    private readonly repository: MediaRepository,
    private readonly linkAccess: LinkAccess,
    private readonly dir: string,
  ) {}

  /** Checked before reading an upload, so outsiders' bytes are never even buffered. */
  async assertCanUpload(user: User, linkId: string): Promise<void> {
    const membership = await this.linkAccess.membershipOf(user, linkId)
    this.linkAccess.assertWritable(membership)
  }

  async store(user: User, linkId: string, upload: Buffer): Promise<Media> {
    await this.assertCanUpload(user, linkId)
    // Processing happens before anything is written: a refused file leaves no trace.
    const image = await processImage(upload)
    const record: MediaRecord = { id: newId(), linkId, ownerId: user.id, schoolId: user.schoolId, width: image.width, height: image.height, bytes: image.display.length, createdAt: nowIso() }
    await fs.mkdir(this.dir, { recursive: true })
    await fs.writeFile(this.fileOf(record.id, 'display'), image.display)
    await fs.writeFile(this.fileOf(record.id, 'thumb'), image.thumb)
    try {
      await this.repository.insert(record)
    } catch (error) {
      await Promise.allSettled([fs.rm(this.fileOf(record.id, 'display')), fs.rm(this.fileOf(record.id, 'thumb'))])
      throw error
    }
    return toMedia(record)
  }

  /** The file to serve, for members of the picture's link only (others get NOT_FOUND). */
  async fileFor(user: User, mediaId: string, size: 'display' | 'thumb'): Promise<string> {
    const record = await this.repository.find(mediaId)
    if (!record) throw notFound('Picture')
    try {
      await this.linkAccess.membershipOf(user, record.linkId)
    } catch {
      throw forbidden('This picture belongs to a link you are not part of')
    }
    return this.fileOf(record.id, size)
  }

  /** A picture the user uploaded to this link, ready to attach to their post. */
  async assertAttachable(user: User, mediaId: string, linkId: string | null): Promise<void> {
    const record = await this.repository.find(mediaId)
    if (!record || record.ownerId !== user.id || record.linkId !== linkId) {
      throw new DomainError('INVALID_PAYLOAD', 'Attach a picture you uploaded to this link', { fields: { mediaId: 'Unknown picture' } })
    }
  }

  private fileOf(id: string, size: 'display' | 'thumb'): string {
    return path.join(this.dir, `${id}${size === 'thumb' ? '-thumb' : ''}.webp`)
  }
}

const toMedia = (record: MediaRecord): Media => ({ id: record.id, linkId: record.linkId, width: record.width, height: record.height, bytes: record.bytes, createdAt: record.createdAt })
