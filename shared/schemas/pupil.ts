import { z } from 'zod'
import { idSchema } from './common.js'
import { pictureRefSchema } from './media.js'

/** Something new for a pupil, linking straight to where it is (one tap from her home). */
export const pupilNewsSchema = z.object({
  id: idSchema,
  /** letter: to her or her class; reply: an answer to something she wrote; approved: her own work now shared. */
  kind: z.enum(['letter', 'reply', 'approved']),
  where: z.enum(['wall', 'board']),
  linkId: idSchema,
  /** The thread (board) holding it; null on the wall. */
  threadId: idSchema.nullable(),
  authorName: z.string(),
  /** The first words, for a child to recognise it. */
  excerpt: z.string(),
  toMe: z.boolean(),
  /** When it became visible to her (approved, released). */
  at: z.string(),
})
export type PupilNews = z.infer<typeof pupilNewsSchema>

export const pupilPartnerSchema = z.object({
  classId: idSchema,
  className: z.string(),
  schoolName: z.string(),
  city: z.string(),
  country: z.string(),
  timeZone: z.string(),
  colorIndex: z.number().int(),
})

/** One linked class of hers: who the partners are and the direct ways in. */
export const pupilLinkSchema = z.object({
  linkId: idSchema,
  status: z.enum(['forming', 'active', 'paused', 'ended']),
  partners: z.array(pupilPartnerSchema),
  /** The board "post on the board" opens; null when the link has none yet. */
  boardId: idSchema.nullable(),
  /** The newest picture a partner class shared on the wall, if any. */
  partnerPicture: z.object({ picture: pictureRefSchema, caption: z.string() }).nullable(),
  nextAssembly: z
    .object({ id: idSchema, title: z.string(), startsAt: z.string(), status: z.enum(['scheduled', 'open', 'ended']) })
    .nullable(),
})
export type PupilLink = z.infer<typeof pupilLinkSchema>

export const pupilHomeSchema = z.object({
  links: z.array(pupilLinkSchema),
  /** When she last opened something new (null: never). */
  seenAt: z.string().nullable(),
  /** New since she last looked, newest first. */
  news: z.array(pupilNewsSchema),
})
export type PupilHome = z.infer<typeof pupilHomeSchema>
