import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely'
import type { Board, BoardKind } from '../../../shared/schemas/boards.js'
import type { ModerationStatus } from '../../../shared/schemas/moderation.js'
import type { Position } from '../../../shared/schemas/paging.js'
import type { Database } from '../../storage/schema.js'
import type { MediaSizeColumns } from '../media/pictureRef.js'

/** A post as stored, with its author's names joined in. */
export interface PostRecord extends MediaSizeColumns {
  id: string
  boardId: string
  threadId: string | null
  title: string | null
  body: string
  authorId: string
  authorName: string
  authorRole: 'teacher' | 'pupil'
  schoolId: string
  schoolName: string
  classId: string | null
  className: string | null
  status: ModerationStatus
  rejectReason: string | null
  editNote: string | null
  flagged: boolean
  pinned: boolean
  locked: boolean
  replyCount: number
  mediaId: string | null
  language: string
  secondLanguage: string | null
  secondBody: string | null
  lastActivityAt: string
  createdAt: string
}

export interface Viewer {
  id: string
  role: 'teacher' | 'pupil'
  schoolId: string
  safeguardingLead?: boolean
}

export type NewPost = Omit<
  PostRecord,
  | keyof MediaSizeColumns
  | 'authorName'
  | 'authorRole'
  | 'schoolName'
  | 'className'
  | 'replyCount'
  | 'flagged'
  | 'pinned'
  | 'locked'
  | 'rejectReason'
  | 'editNote'
  | BilingualColumns
> &
  Partial<Pick<PostRecord, BilingualColumns>>

/** `language` defaults to '' (not recorded) and the second text to none. */
type BilingualColumns = 'language' | 'secondLanguage' | 'secondBody'

export interface PostChange {
  status?: ModerationStatus
  flagged?: boolean
  rejectReason?: string | null
  body?: string
  editNote?: string | null
  secondLanguage?: string | null
  secondBody?: string | null
  pinned?: boolean
  locked?: boolean
}

/** Boards, their posts and the ordered log of changes that lets clients catch up. */
export interface BoardsRepository {
  insertBoard(board: Board & { createdBy: string }): Promise<void>
  findBoard(id: string): Promise<Board | undefined>
  boardsOfLink(linkId: string): Promise<Board[]>
  forumBoards(): Promise<Board[]>
  insertPost(post: NewPost): Promise<void>
  findPost(id: string): Promise<PostRecord | undefined>
  findPosts(ids: readonly string[]): Promise<PostRecord[]>
  /** Posts with the number of their latest board event, read in one statement (one snapshot). */
  findPostsWithLatestEvent(ids: readonly string[]): Promise<(PostRecord & { latestSeq: number })[]>
  /** Posts carrying this picture. */
  postsWithMedia(mediaId: string): Promise<string[]>
  updatePost(id: string, change: PostChange): Promise<void>
  /** Ids of posts of a board the viewer may see, by the SQL filter alone (lists use the same filter). */
  visibleIds(boardId: string, viewer: Viewer): Promise<string[]>
  /**
   * One page of a board's threads the viewer may see (filtered in SQL, on the board's index): the
   * pinned ones first on the first page (no `before`), then the others by latest activity, newest
   * first, from before `before` (its `createdAt` is the thread's latest activity). `more`: an older
   * page follows.
   */
  listThreads(
    boardId: string,
    viewer: Viewer,
    q: string | undefined,
    before: Position | undefined,
    limit: number,
  ): Promise<{ items: PostRecord[]; more: boolean }>
  /** One page of a thread's replies the viewer may see, newest first, from before `before`. */
  repliesPage(
    threadId: string,
    viewer: Viewer,
    before: Position | undefined,
    limit: number,
  ): Promise<{ items: PostRecord[]; more: boolean }>
  touchThread(threadId: string, at: string): Promise<void>
  /** How many published replies each of these threads has (what `replyCount` says in lists). */
  publishedReplyCounts(threadIds: readonly string[]): Promise<Map<string, number>>
  /**
   * Appends a change to the board's log and returns its number within the board. Call inside the
   * writing transaction: the board's row lock orders concurrent writers, so numbers have no gaps.
   */
  appendEvent(boardId: string, postId: string, at: string): Promise<number>
  /** The board's changes after a sequence number, oldest first. */
  eventsAfter(boardId: string, after: number, limit: number): Promise<{ seq: number; postId: string }[]>
  lastSeq(boardId: string): Promise<number>
  /** Claims an event for announcing; true for exactly one caller across nodes. */
  claimEvent(boardId: string, seq: number, at: string): Promise<boolean>
  /** Events committed before `before` that no node has announced yet (their node died first). */
  unannounced(before: string, limit: number): Promise<{ boardId: string; seq: number; postId: string }[]>
}

/** What a viewer may see, in SQL: the same rule as `canSee` in moderation/visibility.ts (kept in agreement by visibility.property.test.ts). */
export function visibleTo(viewer: Viewer) {
  return (eb: ExpressionBuilder<Database & { p: Database['posts'] }, 'p'>): Expression<SqlBool> => {
    const own = eb.and([eb('p.authorId', '=', viewer.id), eb('p.status', 'in', ['held', 'rejected', 'published'])])
    if (viewer.role === 'pupil') {
      const flaggedByMe = eb.exists(
        eb
          .selectFrom('moderationFlags as f')
          .select('f.itemId')
          .where('f.kind', '=', 'board_post')
          .whereRef('f.itemId', '=', 'p.id')
          .where('f.userId', '=', viewer.id),
      )
      return eb.or([own, eb.and([eb('p.status', '=', 'published'), eb.not(flaggedByMe)])])
    }
    // The safeguarding lead sees every post of her school, deleted ones included.
    if (viewer.safeguardingLead)
      return eb.or([own, eb('p.status', 'in', ['published', 'hidden']), eb('p.schoolId', '=', viewer.schoolId)])
    return eb.or([
      own,
      eb('p.status', 'in', ['published', 'hidden']),
      eb.and([eb('p.status', 'in', ['held', 'rejected']), eb('p.schoolId', '=', viewer.schoolId)]),
    ])
  }
}

/** The most pinned threads the first page of a board shows. */
const MAX_PINNED = 50

type PostsEb = ExpressionBuilder<Database & { p: Database['posts'] }, 'p'>

/** Rows after the cursor in newest-first order: (time, id) below the cursor's, so pages never overlap. */
function olderThan(column: 'p.lastActivityAt' | 'p.createdAt', before: Position | undefined) {
  return (eb: PostsEb): Expression<SqlBool> =>
    before
      ? eb.or([
          eb(column, '<', before.createdAt),
          eb.and([eb(column, '=', before.createdAt), eb('p.id', '<', before.id)]),
        ])
      : eb.and([])
}

/** A search in a thread's title, its text or its published replies' text (case-insensitive). */
function matching(q: string) {
  const like = `%${q.toLowerCase().replace(/[%_\\]/g, (ch) => `\\${ch}`)}%`
  return (eb: PostsEb): Expression<SqlBool> =>
    eb.or([
      eb(sql`lower(p.title)`, 'like', sql`${like} escape '\\'`),
      eb(sql`lower(p.body)`, 'like', sql`${like} escape '\\'`),
      eb.exists(
        eb
          .selectFrom('posts as r')
          .select('r.id')
          .whereRef('r.threadId', '=', 'p.id')
          .where('r.status', '=', 'published')
          .where(sql<SqlBool>`lower(r.body) like ${like} escape '\\'`),
      ),
    ])
}

export function createBoardsRepository(db: Kysely<Database>): BoardsRepository {
  const posts = () =>
    db
      .selectFrom('posts as p')
      .innerJoin('users as u', 'u.id', 'p.authorId')
      .innerJoin('schools as s', 's.id', 'p.schoolId')
      .leftJoin('classes as c', 'c.id', 'p.classId')
      .leftJoin('media as m', 'm.id', 'p.mediaId')
      .selectAll('p')
      .select(['u.displayName as authorName', 'u.role as authorRole', 's.name as schoolName', 'c.name as className'])
      .select(['m.width as mediaWidth', 'm.height as mediaHeight', 'm.bytes as mediaBytes'])
      .select((eb) =>
        eb
          .selectFrom('posts as r')
          .select((r) => r.fn.countAll<number>().as('n'))
          .whereRef('r.threadId', '=', 'p.id')
          .where('r.status', '=', 'published')
          .as('replyCount'),
      )
  type Row = Awaited<ReturnType<ReturnType<typeof posts>['executeTakeFirstOrThrow']>>
  const toRecord = (row: Row): PostRecord => ({
    ...row,
    flagged: Boolean(row.flagged),
    pinned: Boolean(row.pinned),
    locked: Boolean(row.locked),
    replyCount: Number(row.replyCount ?? 0),
  })
  const toBoard = (row: {
    id: string
    linkId: string | null
    kind: BoardKind
    title: string
    createdAt: string
  }): Board => ({
    id: row.id,
    linkId: row.linkId,
    kind: row.kind,
    title: row.title,
    createdAt: row.createdAt,
  })
  return {
    async insertBoard(board) {
      await db
        .insertInto('boards')
        .values({ ...board, lastSeq: 0 })
        .execute()
    },
    async findBoard(id) {
      const row = await db.selectFrom('boards').selectAll().where('id', '=', id).executeTakeFirst()
      return row ? toBoard(row) : undefined
    },
    async boardsOfLink(linkId) {
      const rows = await db.selectFrom('boards').selectAll().where('linkId', '=', linkId).orderBy('createdAt').execute()
      return rows.map(toBoard)
    },
    async forumBoards() {
      const rows = await db.selectFrom('boards').selectAll().where('kind', '=', 'forum').orderBy('createdAt').execute()
      return rows.map(toBoard)
    },
    async insertPost(post) {
      await db
        .insertInto('posts')
        .values({
          secondLanguage: null,
          secondBody: null,
          ...post,
          flagged: 0,
          pinned: 0,
          locked: 0,
          rejectReason: null,
          editNote: null,
        })
        .execute()
    },
    async findPost(id) {
      const row = await posts().where('p.id', '=', id).executeTakeFirst()
      return row ? toRecord(row) : undefined
    },
    async findPosts(ids) {
      if (ids.length === 0) return []
      const rows = await posts()
        .where('p.id', 'in', [...ids])
        .execute()
      return rows.map(toRecord)
    },
    async findPostsWithLatestEvent(ids) {
      if (ids.length === 0) return []
      const rows = await posts()
        .select((eb) =>
          eb
            .selectFrom('boardEvents as e')
            .select((e) => e.fn.max('e.boardSeq').as('n'))
            .whereRef('e.postId', '=', 'p.id')
            .as('latestSeq'),
        )
        .where('p.id', 'in', [...ids])
        .execute()
      return rows.map((row) => ({ ...toRecord(row), latestSeq: Number(row.latestSeq ?? 0) }))
    },
    async postsWithMedia(mediaId) {
      return (await db.selectFrom('posts').select('id').where('mediaId', '=', mediaId).execute()).map((r) => r.id)
    },
    async updatePost(id, change) {
      if (Object.values(change).every((value) => value === undefined)) return
      const { flagged, pinned, locked, ...rest } = change
      await db
        .updateTable('posts')
        .set({
          ...rest,
          ...(flagged === undefined ? {} : { flagged: flagged ? 1 : 0 }),
          ...(pinned === undefined ? {} : { pinned: pinned ? 1 : 0 }),
          ...(locked === undefined ? {} : { locked: locked ? 1 : 0 }),
        })
        .where('id', '=', id)
        .execute()
    },
    async listThreads(boardId, viewer, q, before, limit) {
      let query = posts().where('p.boardId', '=', boardId).where('p.threadId', 'is', null).where(visibleTo(viewer))
      if (q) query = query.where(matching(q))
      // Pinned threads are few (teachers pin one or two): all of them head the first page.
      const pinned = before
        ? []
        : await query
            .where('p.pinned', '=', 1)
            .orderBy('p.lastActivityAt', 'desc')
            .orderBy('p.id', 'desc')
            .limit(MAX_PINNED)
            .execute()
      const rows = await query
        .where('p.pinned', '=', 0)
        .where(olderThan('p.lastActivityAt', before))
        .orderBy('p.lastActivityAt', 'desc')
        .orderBy('p.id', 'desc')
        .limit(limit + 1)
        .execute()
      return { items: [...pinned, ...rows.slice(0, limit)].map(toRecord), more: rows.length > limit }
    },
    async visibleIds(boardId, viewer) {
      const rows = await db
        .selectFrom('posts as p')
        .select('p.id')
        .where('p.boardId', '=', boardId)
        .where(visibleTo(viewer))
        .execute()
      return rows.map((r) => r.id)
    },
    async repliesPage(threadId, viewer, before, limit) {
      const rows = await posts()
        .where('p.threadId', '=', threadId)
        .where(visibleTo(viewer))
        .where(olderThan('p.createdAt', before))
        .orderBy('p.createdAt', 'desc')
        .orderBy('p.id', 'desc')
        .limit(limit + 1)
        .execute()
      return { items: rows.slice(0, limit).map(toRecord), more: rows.length > limit }
    },
    async touchThread(threadId, at) {
      await db.updateTable('posts').set({ lastActivityAt: at }).where('id', '=', threadId).execute()
    },
    async publishedReplyCounts(threadIds) {
      if (threadIds.length === 0) return new Map()
      const rows = await db
        .selectFrom('posts')
        .select(['threadId', (eb) => eb.fn.countAll<number>().as('n')])
        .where('threadId', 'in', [...threadIds])
        .where('status', '=', 'published')
        .groupBy('threadId')
        .execute()
      return new Map(threadIds.map((id) => [id, Number(rows.find((r) => r.threadId === id)?.n ?? 0)]))
    },
    async appendEvent(boardId, postId, at) {
      const row = await db
        .updateTable('boards')
        .set((eb) => ({ lastSeq: eb('lastSeq', '+', 1) }))
        .where('id', '=', boardId)
        .returning('lastSeq')
        .executeTakeFirstOrThrow()
      const boardSeq = Number(row.lastSeq)
      await db
        .insertInto('boardEvents')
        .values({ boardId, boardSeq, postId, createdAt: at, publishedAt: null })
        .execute()
      return boardSeq
    },
    async eventsAfter(boardId, after, limit) {
      const rows = await db
        .selectFrom('boardEvents')
        .select(['boardSeq', 'postId'])
        .where('boardId', '=', boardId)
        .where('boardSeq', '>', after)
        .orderBy('boardSeq')
        .limit(limit)
        .execute()
      return rows.map((row) => ({ seq: Number(row.boardSeq), postId: row.postId }))
    },
    async lastSeq(boardId) {
      const row = await db.selectFrom('boards').select('lastSeq').where('id', '=', boardId).executeTakeFirst()
      return Number(row?.lastSeq ?? 0)
    },
    async claimEvent(boardId, seq, at) {
      const result = await db
        .updateTable('boardEvents')
        .set({ publishedAt: at })
        .where('boardId', '=', boardId)
        .where('boardSeq', '=', seq)
        .where('publishedAt', 'is', null)
        .executeTakeFirst()
      return Number(result.numUpdatedRows) === 1
    },
    async unannounced(before, limit) {
      const rows = await db
        .selectFrom('boardEvents')
        .select(['boardId', 'boardSeq', 'postId'])
        .where('publishedAt', 'is', null)
        .where('createdAt', '<', before)
        .orderBy('seq')
        .limit(limit)
        .execute()
      return rows.map((row) => ({ boardId: row.boardId, seq: Number(row.boardSeq), postId: row.postId }))
    },
  }
}
