import { z } from 'zod'
import { idSchema, requireSomeField, safeString, textSchema } from './common.js'
import { bilingualInputFields, secondTextInAnotherLanguage, secondTextSchema } from './bilingual.js'
import { pictureRefSchema } from './media.js'
import { moderatedContentFields } from './moderation.js'
import { pageQuerySchema } from './paging.js'
import { MAX_POST_LENGTH, OLDER_THREADS_PAGE } from '../boardLimits.js'

export { FIRST_THREADS_PAGE, MAX_POST_LENGTH, OLDER_THREADS_PAGE } from '../boardLimits.js'

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
export const postBodySchema = safeString()
  .trim()
  .min(1, 'Required')
  .max(MAX_POST_LENGTH, `At most ${MAX_POST_LENGTH} characters`)

/** A picture uploaded to the link first (POST /api/links/:linkId/media), attached by its id. */
const attachedMedia = idSchema.optional()
/** A teacher's own picture publishes at once, so she names who it shows as she posts it (a pupil's is asked at approval). */
const shownPupilIds = z.array(idSchema).max(60).optional()

/** A post may carry its text in a second language (the partner class's); it is moderated with the first. */
export const newThreadSchema = z
  .object({
    title: textSchema(120),
    body: postBodySchema,
    mediaId: attachedMedia,
    shownPupilIds,
    ...bilingualInputFields,
  })
  .refine(...secondTextInAnotherLanguage)
export type NewThread = z.infer<typeof newThreadSchema>

export const newReplySchema = z
  .object({ body: postBodySchema, mediaId: attachedMedia, shownPupilIds, ...bilingualInputFields })
  .refine(...secondTextInAnotherLanguage)
export type NewReply = z.infer<typeof newReplySchema>

export const postSchema = z.object({
  id: idSchema,
  boardId: idSchema,
  /** The thread a reply belongs to; null for the post that starts a thread. */
  threadId: idSchema.nullable(),
  title: z.string().nullable(),
  body: z.string(),
  /** The language it was written in ('' for posts from before it was recorded). Optional here, and
   *  `secondText` too, so posts cached or drafted before they were added still parse. */
  language: z.string().optional(),
  /** The same text in a second language, or null. */
  secondText: secondTextSchema.nullable().optional(),
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
export const postParamsSchema = z.object({ postId: idSchema })

/** `?q=&before=<cursor>&limit=<n>`: a page of threads, newest activity first (pinned ones on the first page). */
export const threadsQuerySchema = pageQuerySchema(20, OLDER_THREADS_PAGE).extend({
  q: safeString().trim().max(100).optional(),
})
export type ThreadsQuery = z.infer<typeof threadsQuerySchema>

/** One page of a board's threads: `nextCursor` asks for the older page (null on the oldest). */
export const threadsPageSchema = z.object({ items: z.array(postSchema), nextCursor: z.string().nullable() })
export type ThreadsPage = z.infer<typeof threadsPageSchema>

/** `?before=<cursor>&limit=<n>`: the thread with a page of its replies, the newest first asked for. */
export const threadQuerySchema = pageQuerySchema(50, 100)
/**
 * A thread and one page of its replies (oldest first within the page); `nextCursor` asks for the
 * older replies (null when none are left).
 */
export const threadViewSchema = z.object({
  thread: postSchema,
  replies: z.array(postSchema),
  board: boardSchema,
  nextCursor: z.string().nullable(),
})
export type ThreadView = z.infer<typeof threadViewSchema>

export const threadFlagsSchema = requireSomeField(
  z.object({ pinned: z.boolean().optional(), locked: z.boolean().optional() }),
)

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
