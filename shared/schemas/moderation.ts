import { z } from 'zod'
import { idSchema, safeString, textSchema } from './common.js'
import { pictureRefSchema } from './media.js'
import { pageQuerySchema } from './paging.js'

/** Everything pupils publish goes through one moderation service; each feature is one kind. */
export const moderatedKindSchema = z.enum(['board_post', 'wall_item', 'chat_message', 'reflection_answer'])
export type ModeratedKind = z.infer<typeof moderatedKindSchema>

/**
 * held: waiting for a teacher of the author's school; published: everyone in the link sees it;
 * rejected: only the author (with the reason) and their teachers; hidden: taken down by a teacher;
 * deleted: removed by the author's school.
 */
export const moderationStatusSchema = z.enum(['held', 'published', 'rejected', 'hidden', 'deleted'])
export type ModerationStatus = z.infer<typeof moderationStatusSchema>

/** Who wrote a moderated item and where it stands: shared by board posts and wall items. */
export const moderatedContentFields = {
  authorId: idSchema,
  authorName: z.string(),
  authorRole: z.enum(['teacher', 'pupil']),
  schoolId: idSchema,
  className: z.string().nullable(),
  /** 0–3: the link colour of the author's class (teachers: their school's first class). */
  colorIndex: z.number().int().nullable(),
  status: moderationStatusSchema,
  rejectReason: z.string().nullable(),
  editNote: z.string().nullable(),
  flagged: z.boolean(),
}

export const moderationActionSchema = z.enum(['approve', 'reject', 'flag', 'hide', 'edit', 'delete'])
export type ModerationAction = z.infer<typeof moderationActionSchema>

export const moderationParamsSchema = z.object({
  kind: moderatedKindSchema,
  itemId: idSchema,
  action: moderationActionSchema,
})

export const moderationInputSchema = z.object({
  /** Required for reject (the pupil sees it) and hide; optional for flag. */
  reason: safeString().trim().max(300).optional(),
  /** For edit: the corrected text, shown with a visible note. */
  body: textSchema(4000).optional(),
  /** Approving a picture: the pupils it shows, confirmed by the teacher (checked against photo consent). */
  shownPupilIds: z.array(idSchema).max(60).optional(),
})
export type ModerationInput = z.infer<typeof moderationInputSchema>

/** A queue item whole, so a teacher can decide from the queue alone. */
export const queueDetailSchema = z.object({
  /** A thread's title or a picture's caption. */
  heading: z.string().nullable(),
  /** The full text a teacher may correct in place (the edit action replaces it). */
  body: z.string(),
  picture: pictureRefSchema.nullable(),
  /** The picture is a video postcard's poster: the queue plays the video itself, so she sees what she approves. */
  video: z.boolean().optional(),
  /** The exchange round a letter belongs to (bulk approval works per round). */
  roundId: idSchema.nullable(),
  /** For a picture to approve: who might be in it (the author's class), with each pupil's photo consent. */
  shownCandidates: z.array(z.object({ pupilId: idSchema, name: z.string(), consent: z.boolean() })),
})
export type QueueDetail = z.infer<typeof queueDetailSchema>

export const queueItemSchema = z.object({
  kind: moderatedKindSchema,
  itemId: idSchema,
  linkId: idSchema.nullable(),
  authorName: z.string(),
  className: z.string().nullable(),
  excerpt: z.string(),
  /** Where it was posted (a board title, "wall", "assembly chat"). */
  place: z.string(),
  /** Why it is in the queue: a pupil's new post, or a flag on a published one. */
  reason: z.enum(['new', 'flagged']),
  suspiciousWords: z.array(z.string()),
  createdAt: z.string(),
  /** The whole item as the teacher may see it (absent for kinds with nothing more than the excerpt). */
  detail: queueDetailSchema.optional(),
})
export type QueueItem = z.infer<typeof queueItemSchema>

/** `?before=<cursor>&limit=<n>`: a page of my school's queue, newest first. */
export const queueQuerySchema = pageQuerySchema(30, 100)
/** One page of the queue: `nextCursor` asks for the older page (null on the oldest). */
export const queuePageSchema = z.object({ items: z.array(queueItemSchema), nextCursor: z.string().nullable() })
export type QueuePage = z.infer<typeof queuePageSchema>

/** Approving many held items at once (a round's letters); each is its own decision. */
export const approveManySchema = z.object({
  items: z
    .array(z.object({ kind: moderatedKindSchema, itemId: idSchema }))
    .min(1)
    .max(100),
})
export type ApproveMany = z.infer<typeof approveManySchema>

export const approveManyResultSchema = z.object({
  approved: z.array(idSchema),
  refused: z.array(z.object({ itemId: idSchema, code: z.string(), message: z.string() })),
})
export type ApproveManyResult = z.infer<typeof approveManyResultSchema>

export const auditEntrySchema = z.object({
  id: idSchema,
  kind: moderatedKindSchema,
  itemId: idSchema,
  action: z.union([moderationActionSchema, z.literal('flag_cleared')]),
  actorName: z.string(),
  reason: z.string().nullable(),
  excerpt: z.string(),
  createdAt: z.string(),
})
export type AuditEntry = z.infer<typeof auditEntrySchema>

/** `?before=<cursor>&limit=<n>`: a page of an audit record, newest first. */
export const auditQuerySchema = pageQuerySchema(50, 200)
/** One page of an audit record: `nextCursor` asks for the older page (null on the oldest). */
export const auditPageSchema = z.object({ items: z.array(auditEntrySchema), nextCursor: z.string().nullable() })
export type AuditPage = z.infer<typeof auditPageSchema>

export const moderationCountSchema = z.object({ count: z.number().int() })

/** What a pupil was writing too fast: her teachers see a note, so a flood is noticed, not just refused. */
export const writeKindSchema = z.enum(['posts', 'chat', 'wall', 'uploads', 'flags'])
export type WriteKind = z.infer<typeof writeKindSchema>

export const pupilNoticeSchema = z.object({
  id: idSchema,
  pupilId: idSchema,
  pupilName: z.string(),
  kind: writeKindSchema,
  createdAt: z.string(),
})
export type PupilNoticeView = z.infer<typeof pupilNoticeSchema>
