import type { Formatter } from '../../i18n/format.js'
import { THUMB_SIZE } from '../../../../shared/mediaSizes.js'
import type { PictureRef } from '../../../../shared/schemas/media.js'

/** What a picture shows first: on a data saver even the thumbnail waits for a tap. */
export type PictureStage = 'placeholder' | 'thumb'

export function pictureStage(dataSaver: boolean, tapped: boolean): PictureStage {
  return dataSaver && !tapped ? 'placeholder' : 'thumb'
}

/** The thumbnail's size, as the server makes it (fit inside THUMB_SIZE, never enlarged), so its box is kept before it loads. */
export function thumbSize(media: Pick<PictureRef, 'width' | 'height'>): { width: number; height: number } {
  const scale = Math.min(1, THUMB_SIZE / Math.max(media.width, media.height, 1))
  return { width: Math.max(1, Math.round(media.width * scale)), height: Math.max(1, Math.round(media.height * scale)) }
}

/** A size a teacher or pupil can weigh up: "180 kB", "1.2 MB". */
export function formatBytes(bytes: number, format: Pick<Formatter, 'number'>): string {
  const megabytes = bytes >= 1_000_000
  return format.number(megabytes ? bytes / 1_000_000 : Math.max(1, bytes / 1000), {
    style: 'unit',
    unit: megabytes ? 'megabyte' : 'kilobyte',
    unitDisplay: 'short',
    maximumFractionDigits: megabytes ? 1 : 0,
  })
}
