import { z } from 'zod'
import { idSchema } from './common.js'

export { DISPLAY_SIZE, MAX_UPLOAD_BYTES, THUMB_SIZE } from '../mediaSizes.js'

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
