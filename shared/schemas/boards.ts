import { z } from 'zod'
import { idSchema, requireSomeField, safeString, textSchema } from './common.js'
import { pictureRefSchema } from './media.js'
import { moderatedContentFields } from './moderation.js'

export const MAX_POST_LENGTH = 4000

/** discussion: pupils and teachers of a link; staffroom: the link's teachers; forum: every teacher on Bridges. */
export const boardKindSchema = z.enum(['discussion', 'staffroom', 'forum'])
export type BoardKind = z.infer<typeof boardKindSchema>

export const boardSchema = z.object({
  id: idSchema,
  linkId: idSchema.nullable(),
  kind: boardKindSchema,
  title: z.string(),
  createdAt: z.string(),
})
export type Board = z.infer<typeof boardSchema>

export const newBoardSchema = z.object({
  title: textSchema(80),
  kind: z.enum(['discussion', 'staffroom']).default('discussion'),
})
export type NewBoard = z.infer<typeof newBoardSchema>

/** Light formatting is Markdown (bold, italic, lists, links); HTML is never rendered. */
export const postBodySchema = safeString().trim().min(1, 'Required').max(MAX_POST_LENGTH, `At most ${MAX_POST_LENGTH} characters`)

/** A picture uploaded to the link first (POST /api/links/:linkId/media), attached by its id. */
const attachedMedia = idSchema.optional()

export const newThreadSchema = z.object({ title: textSchema(120), body: postBodySchema, mediaId: attachedMedia })
export type NewThread = z.infer<typeof newThreadSchema>

export const newReplySchema = z.object({ body: postBodySchema, mediaId: attachedMedia })
export type NewReply = z.infer<typeof newReplySchema>

export const postSchema = z.object({
  id: idSchema,
  boardId: idSchema,
  /** The thread a reply belongs to; null for the post that starts a thread. */
  threadId: idSchema.nullable(),
  title: z.string().nullable(),
  body: z.string(),
  ...moderatedContentFields,
  schoolName: z.string(),
  pinned: z.boolean(),
  locked: z.boolean(),
  replyCount: z.number().int(),
  mediaId: idSchema.nullable(),
  /** The attached picture's size; optional so items built before it was added (or offline drafts) still parse. */
  media: pictureRefSchema.nullable().optional(),
  createdAt: z.string(),
})
export type Post = z.infer<typeof postSchema>

export const boardParamsSchema = z.object({ boardId: idSchema })
export const threadParamsSchema = z.object({ threadId: idSchema })

export const threadsQuerySchema = z.object({
  q: safeString().trim().max(100).optional(),
  page: z.coerce.number().int().min(1).max(1000).default(1),
  pageSize: z.coerce.number().int().min(1).max(50).default(20),
})
export type ThreadsQuery = z.infer<typeof threadsQuerySchema>

export const threadsPageSchema = z.object({ items: z.array(postSchema), page: z.number().int(), pageSize: z.number().int(), total: z.number().int() })
export type ThreadsPage = z.infer<typeof threadsPageSchema>

export const threadViewSchema = z.object({ thread: postSchema, replies: z.array(postSchema), board: boardSchema })
export type ThreadView = z.infer<typeof threadViewSchema>

export const threadFlagsSchema = requireSomeField(z.object({ pinned: z.boolean().optional(), locked: z.boolean().optional() }))

/**
 * A change on a board, in order. Clients remember the last `seq` they saw and, after a gap, ask for
 * the events after it: nothing is missed, nothing arrives twice.
 */
export const boardEventSchema = z.discriminatedUnion('type', [
  z.object({
    seq: z.number().int(),
    boardId: idSchema,
    type: z.literal('upsert'),
    post: postSchema,
    /** For a reply: how many published replies its thread has now, so a board's list stays right without a refetch. */
    threadReplyCount: z.number().int().optional(),
  }),
  /** To a viewer who may not see the post (any more): its id and nothing else about it. */
  z.object({ seq: z.number().int(), boardId: idSchema, type: z.literal('remove'), postId: idSchema }),
])
export type BoardEvent = z.infer<typeof boardEventSchema>

export const boardJoinSchema = z.object({
  boardId: idSchema,
  /** The last event seq this client has; omitted on a first visit. */
  after: z.number().int().min(0).optional(),
})
export const boardLeaveSchema = z.object({ boardId: idSchema })
export const boardJoinResultSchema = z.object({
  events: z.array(boardEventSchema),
  /** The seq to ask from next time (the last event of this page). */
  lastSeq: z.number().int(),
  /** More events follow: ask again with `after: lastSeq`. */
  more: z.boolean(),
  /** Too far behind (or a log it does not know): fetch the board afresh and carry on from `lastSeq`. */
  reload: z.boolean(),
})
export type BoardJoinResult = z.infer<typeof boardJoinResultSchema>
