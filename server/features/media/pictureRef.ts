import type { PictureRef } from '../../../shared/schemas/media.js'

/** The attached picture's size, read with a wall item or post (null without a picture). */
export interface MediaSizeColumns {
  mediaWidth: number | null
  mediaHeight: number | null
  mediaBytes: number | null
}

/** The read model's `media`: null when there is no picture or its record is gone. */
export function pictureRefOf(record: MediaSizeColumns & { mediaId: string | null }): PictureRef | null {
  const { mediaId, mediaWidth, mediaHeight, mediaBytes } = record
  if (!mediaId || mediaWidth === null || mediaHeight === null) return null
  return { id: mediaId, width: mediaWidth, height: mediaHeight, bytes: mediaBytes ?? 0 }
}
