import { z } from 'zod'
import { pageQuerySchema } from './paging.js'
import { idSchema, isoDateTimeSchema, languageTagSchema, optionalTextSchema, textSchema } from './common.js'
import { secondTextSchema } from './bilingual.js'
import { pictureRefSchema } from './media.js'
import { moderatedContentFields } from './moderation.js'

export const STICKERS = ['star', 'heart', 'smile', 'wave', 'rainbow', 'clap'] as const

/**
 * letter: to the partner class or a pen pal; picture: a photo or drawing with a caption; reply: short,
 * or a sticker; video: a video postcard (its `mediaId` is the video's id). A letter or video with a
 * `parentId` answers a video.
 */
export const wallItemKindSchema = z.enum(['letter', 'picture', 'reply', 'video'])

export { secondTextSchema, type SecondText } from './bilingual.js'

export const newWallItemSchema = z
  .object({
    kind: wallItemKindSchema,
    body: optionalTextSchema(4000),
    /** The language `body` is written in; the writer's interface language when not given. */
    language: languageTagSchema.optional(),
    /** A letter only: the same text in another language. */
    secondText: secondTextSchema.optional(),
    caption: optionalTextSchema(200),
    mediaId: idSchema.optional(),
    /** A letter to one pen pal instead of the whole partner class. */
    toPupilId: idSchema.optional(),
    /** The item a reply answers. */
    parentId: idSchema.optional(),
    sticker: z.enum(STICKERS).optional(),
    /** A teacher's own picture publishes at once, so they name who it shows as they post it. */
    shownPupilIds: z.array(idSchema).max(60).optional(),
  })
  .refine((i) => i.kind !== 'letter' || i.body.length > 0, { path: ['body'], message: 'Required' })
  .refine((i) => !i.secondText || i.kind === 'letter', {
    path: ['secondText'],
    message: 'Only a letter carries a second language',
  })
  .refine((i) => !i.secondText || i.secondText.language !== (i.language ?? ''), {
    path: ['secondText', 'language'],
    message: 'Choose another language than the letter’s',
  })
  .refine((i) => i.kind !== 'picture' || (i.mediaId && i.caption.length > 0), {
    path: ['caption'],
    message: 'A picture needs a caption',
  })
  .refine((i) => i.kind !== 'video' || i.mediaId, { path: ['mediaId'], message: 'Record or choose a video first' })
  .refine((i) => i.kind !== 'reply' || (i.parentId && (i.body.length > 0 || i.sticker)), {
    path: ['body'],
    message: 'Write a reply or choose a sticker',
  })
  .refine((i) => i.kind !== 'reply' || i.body.length <= 500, { path: ['body'], message: 'At most 500 characters' })
export type NewWallItem = z.infer<typeof newWallItemSchema>

export const wallItemSchema = z.object({
  id: idSchema,
  linkId: idSchema,
  roundId: idSchema.nullable(),
  kind: wallItemKindSchema,
  parentId: idSchema.nullable(),
  body: z.string(),
  caption: z.string(),
  /** The language it was written in ('' for items from before it was recorded). */
  language: z.string(),
  secondText: secondTextSchema.nullable(),
  mediaId: idSchema.nullable(),
  /** The attached picture's size; optional so items built before it was added (or offline drafts) still parse. */
  media: pictureRefSchema.nullable().optional(),
  /** A letter that came on paper: every page, in reading order (the first is `media`). */
  pages: z.array(pictureRefSchema).optional(),
  sticker: z.enum(STICKERS).nullable(),
  toPupilId: idSchema.nullable(),
  toPupilName: z.string().nullable(),
  ...moderatedContentFields,
  classId: idSchema.nullable(),
  /** False while its round has not been released: then only its own school sees it. */
  released: z.boolean(),
  createdAt: z.string(),
})
export type WallItem = z.infer<typeof wallItemSchema>

export const newRoundSchema = z
  .object({ theme: textSchema(120), deadline: isoDateTimeSchema, releaseAt: isoDateTimeSchema })
  .refine((r) => r.deadline <= r.releaseAt, { path: ['releaseAt'], message: 'Release after the writing deadline' })
export type NewRound = z.infer<typeof newRoundSchema>

export const roundSchema = z.object({
  id: idSchema,
  linkId: idSchema,
  theme: z.string(),
  deadline: z.string(),
  releaseAt: z.string(),
  status: z.enum(['open', 'released']),
  releasedAt: z.string().nullable(),
  /** Classes whose teacher agreed to release early. */
  earlyReleaseClassIds: z.array(idSchema),
  createdAt: z.string(),
})
export type Round = z.infer<typeof roundSchema>

export const roundParamsSchema = z.object({ roundId: idSchema })
/**
 * One page of a wall: letters and pictures newest first, then the replies to them; `nextCursor`
 * asks for the older page (null on the oldest).
 */
export const wallPageSchema = z.object({
  items: z.array(wallItemSchema),
  rounds: z.array(roundSchema),
  nextCursor: z.string().nullable(),
})
export type WallPage = z.infer<typeof wallPageSchema>
export const wallPageQuerySchema = pageQuerySchema(30, 100)

export const wallItemParamsSchema = z.object({ itemId: idSchema })

/** The teacher's view of a round: who has written, and each class's letters collated. */
export const roundReportSchema = z.object({
  round: roundSchema,
  classes: z.array(
    z.object({
      classId: idSchema,
      className: z.string(),
      schoolName: z.string(),
      pupils: z.array(z.object({ pupilId: idSchema, name: z.string(), letters: z.number().int() })),
      items: z.array(wallItemSchema),
    }),
  ),
})
export type RoundReport = z.infer<typeof roundReportSchema>

export const penPalGroupsSchema = z.object({ groups: z.array(z.array(idSchema).min(2).max(3)).max(200) })
export type PenPalGroups = z.infer<typeof penPalGroupsSchema>

export const penPalViewSchema = z.object({
  groups: z.array(z.array(z.object({ pupilId: idSchema, name: z.string(), classId: idSchema, className: z.string() }))),
})
export type PenPalView = z.infer<typeof penPalViewSchema>

export const consentEntrySchema = z.object({ pupilId: idSchema, name: z.string(), consent: z.boolean() })
export const consentUpdateSchema = z.object({ pupilId: idSchema, consent: z.boolean() })
export const approveWallSchema = z.object({
  /** The pupils a picture shows, confirmed by the approving teacher (empty: nobody). */
  shownPupilIds: z.array(idSchema).max(60),
})
