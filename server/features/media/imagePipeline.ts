import sharp from 'sharp'
import { DISPLAY_SIZE, THUMB_SIZE } from '../../../shared/schemas/media.js'
import { DomainError } from '../../domain/errors.js'

/** Formats decided from the file's own bytes (never its name or declared type). */
const ACCEPTED = new Set(['jpeg', 'png', 'webp', 'heif'])
/** 40 megapixels: any real camera photo, but not a decompression bomb. */
export const MAX_PIXELS = 40_000_000

export interface ProcessedImage {
  display: Buffer
  thumb: Buffer
  width: number
  height: number
}

const refuse = (message: string) => new DomainError('UNSUPPORTED_MEDIA', message)

/**
 * Turns an uploaded picture into what Bridges keeps: rotated upright from its EXIF orientation,
 * every piece of metadata dropped (sharp writes none unless asked), resized to 1600 px WebP plus a
 * thumbnail. The pixel limit is checked from the header before anything is decoded.
 */
export async function processImage(input: Buffer): Promise<ProcessedImage> {
  let format: string | undefined
  let pixels = 0
  try {
    const header = await sharp(input, { limitInputPixels: false }).metadata()
    format = header.format
    pixels = (header.width ?? 0) * (header.height ?? 0)
  } catch {
    throw refuse('That file is not a picture we can read')
  }
  if (!format || !ACCEPTED.has(format)) throw refuse('Please choose a JPEG, PNG, WebP or HEIC picture')
  if (pixels > MAX_PIXELS) throw refuse(`That picture is too large (more than ${MAX_PIXELS / 1_000_000} megapixels)`)
  try {
    // failOn 'truncated' refuses cut-off files instead of serving half a picture.
    const { data: display, info } = await sharp(input, { limitInputPixels: MAX_PIXELS, failOn: 'truncated' })
      .rotate()
      .resize(DISPLAY_SIZE, DISPLAY_SIZE, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 80 })
      .toBuffer({ resolveWithObject: true })
    // The thumbnail comes from the display image: decoding a 12 MP original twice would double the cost.
    const thumb = await sharp(display)
      .resize(THUMB_SIZE, THUMB_SIZE, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 70 })
      .toBuffer()
    return { display, thumb, width: info.width, height: info.height }
  } catch {
    throw refuse('That picture is damaged or incomplete')
  }
}
