import { z } from 'zod'
import { idSchema } from './common.js'

/** The largest upload accepted, before processing (a phone photo is 3–8 MB). */
export const MAX_UPLOAD_BYTES = 15 * 1024 * 1024
/** Longest side of the display image; the original is never kept. */
export const DISPLAY_SIZE = 1600
export const THUMB_SIZE = 400

export const mediaSchema = z.object({
  id: idSchema,
  linkId: idSchema,
  width: z.number().int(),
  height: z.number().int(),
  bytes: z.number().int(),
  createdAt: z.string(),
})
export type Media = z.infer<typeof mediaSchema>

export const mediaParamsSchema = z.object({ mediaId: idSchema })
export const mediaQuerySchema = z.object({ size: z.enum(['display', 'thumb']).default('display') })

/**
 * What a reader needs to lay out an attached picture before it loads: the display image's size (the
 * thumbnail keeps its shape) and bytes, so a data-saving screen can say what opening it costs.
 */
export const pictureRefSchema = z.object({
  id: idSchema,
  width: z.number().int(),
  height: z.number().int(),
  bytes: z.number().int(),
})
export type PictureRef = z.infer<typeof pictureRefSchema>
