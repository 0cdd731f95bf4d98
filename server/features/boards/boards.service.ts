import type { User } from '../../../shared/schemas/accounts.js'
import type {
  Board,
  BoardEvent,
  BoardJoinResult,
  NewBoard,
  NewReply,
  NewThread,
  Post,
  ThreadsPage,
  ThreadsQuery,
  ThreadView,
} from '../../../shared/schemas/boards.js'
import type { Link } from '../../../shared/schemas/links.js'
import { decodeCursor, encodeCursor, type PageQuery } from '../../../shared/schemas/paging.js'
import type { SecondText } from '../../../shared/schemas/bilingual.js'
import { assertAnotherLanguage, moderatedText, secondTextColumns, secondTextOf } from '../../domain/bilingual.js'
import type { ModerationInput } from '../../../shared/schemas/moderation.js'
import { DomainError, forbidden, notFound } from '../../domain/errors.js'
import { newId, nowIso } from '../../domain/ids.js'
import type { LinkAccess } from '../links/linkAccess.js'
import type { LinkActivityService } from '../links/linkActivity.service.js'
import type { ModeratedItem, ModerationService } from '../moderation/moderation.service.js'
import type { MediaService } from '../media/media.service.js'
import type { PhotoConsent } from '../media/photoConsent.js'
import { pictureRefOf } from '../media/pictureRef.js'
import { canSee, type VisibilityFacts } from '../moderation/visibility.js'
import type { WriteLimiter } from '../moderation/writeLimits.js'
import { afterCommit } from '../../storage/transaction.js'
import type { BoardsRepository, PostRecord } from './boards.repository.js'

/** Tells viewers of a board about a change; the Socket.IO implementation picks the rooms. */
export interface BoardEventsPort {
  /**
   * `flaggedBy`: pupils who flagged the post, from whom it is hidden. `threadReplyCount` (replies
   * only): the thread's published replies now, sent along with the reply to those who may see it.
   */
  publish(board: Board, seq: number, post: Post, flaggedBy: readonly string[], threadReplyCount?: number): void
}

type PostContent = {
  threadId: string | null
  title: string | null
  body: string
  mediaId: string | null
  shownPupilIds: string[] | undefined
  language: string
  secondLanguage: string | null
  secondBody: string | null
}

/** Events per catch-up page: a client asks again with the last seq until `more` is false. */
export const CATCH_UP_PAGE = 200
/** Further behind than this, reloading the board is cheaper than replaying its log. */
export const CATCH_UP_RELOAD_AFTER = 5000

export interface BoardsDeps {
  boards: BoardsRepository
  linkAccess: LinkAccess
  moderation: ModerationService
  activity: LinkActivityService
  events: BoardEventsPort
  limits: WriteLimiter
  media: MediaService
  /** The one photo-consent rule, shared with the wall's pictures. */
  consent: PhotoConsent
  /** Runs a write with side effects as one transaction (live events go out after it commits). */
  transaction: <T>(fn: () => Promise<T>) => Promise<T>
}

/** Discussion boards of a link, its teachers' staffroom, and the forum every teacher shares. */
export class BoardsService {
  constructor(private readonly deps: BoardsDeps) {}

  async listLinkBoards(user: User, linkId: string): Promise<Board[]> {
    await this.deps.linkAccess.membershipOf(user, linkId)
    const boards = await this.deps.boards.boardsOfLink(linkId)
    return user.role === 'teacher' ? boards : boards.filter((b) => b.kind === 'discussion')
  }

  async createLinkBoard(user: User, linkId: string, input: NewBoard): Promise<Board> {
    const membership = await this.deps.linkAccess.teacherMembershipOf(user, linkId)
    this.deps.linkAccess.assertWritable(membership)
    const board: Board = { id: newId(), linkId, kind: input.kind, title: input.title, createdAt: nowIso() }
    await this.deps.boards.insertBoard({ ...board, createdBy: user.id })
    return board
  }

  async listForumBoards(user: User): Promise<Board[]> {
    if (user.role !== 'teacher') throw forbidden('The staffroom forum is for teachers')
    return this.deps.boards.forumBoards()
  }

  async createForumBoard(user: User, input: NewBoard): Promise<Board> {
    if (user.role !== 'teacher') throw forbidden('The staffroom forum is for teachers')
    const board: Board = { id: newId(), linkId: null, kind: 'forum', title: input.title, createdAt: nowIso() }
    await this.deps.boards.insertBoard({ ...board, createdBy: user.id })
    return board
  }

  /** A board the user may read, with its link (null for the forum). Outsiders get NOT_FOUND. */
  async boardFor(user: User, boardId: string): Promise<{ board: Board; link: Link | null }> {
    const board = await this.deps.boards.findBoard(boardId)
    if (!board) throw notFound('Board')
    if (board.kind === 'forum') {
      if (user.role !== 'teacher') throw notFound('Board')
      return { board, link: null }
    }
    const { link } = await this.deps.linkAccess.membershipOf(user, board.linkId ?? '')
    if (board.kind === 'staffroom' && user.role !== 'teacher') throw notFound('Board')
    return { board, link }
  }

  /** One page of a board's threads, newest activity first (pinned ones head the first page). */
  async threads(user: User, boardId: string, query: ThreadsQuery): Promise<ThreadsPage> {
    const { link } = await this.boardFor(user, boardId)
    const { items, more } = await this.deps.boards.listThreads(
      boardId,
      user,
      query.q || undefined,
      query.before ? decodeCursor(query.before) : undefined,
      query.limit,
    )
    const last = items.at(-1)
    return {
      items: items.map((p) => toPost(p, link)),
      nextCursor: more && last ? encodeCursor({ createdAt: last.lastActivityAt, id: last.id }) : null,
    }
  }

  /** A thread with one page of its replies: the newest `limit` (or those before `before`), shown oldest first. */
  async thread(user: User, threadId: string, page: PageQuery = { limit: 50 }): Promise<ThreadView> {
    const thread = await this.visiblePost(user, threadId)
    if (thread.threadId) throw notFound('Thread')
    const { board, link } = await this.boardFor(user, thread.boardId)
    const replies = await this.deps.boards.repliesPage(
      threadId,
      user,
      page.before ? decodeCursor(page.before) : undefined,
      page.limit,
    )
    const oldest = replies.items.at(-1)
    return {
      board,
      thread: toPost(thread, link),
      replies: replies.items.map((p) => toPost(p, link)).reverse(),
      nextCursor: replies.more && oldest ? encodeCursor(oldest) : null,
    }
  }

  async startThread(user: User, boardId: string, input: NewThread): Promise<Post> {
    const { board, link } = await this.writableBoard(user, boardId)
    return this.publishNew(user, board, link, {
      threadId: null,
      title: input.title,
      body: input.body,
      mediaId: input.mediaId ?? null,
      ...writtenIn(user, input),
      shownPupilIds: input.shownPupilIds,
    })
  }

  async reply(user: User, threadId: string, input: NewReply): Promise<Post> {
    const thread = await this.visiblePost(user, threadId)
    if (thread.threadId || thread.status !== 'published') throw notFound('Thread')
    const { board, link } = await this.writableBoard(user, thread.boardId)
    if (thread.locked) throw new DomainError('LOCKED', 'This thread is locked: no more replies')
    return this.publishNew(user, board, link, {
      threadId,
      title: null,
      body: input.body,
      mediaId: input.mediaId ?? null,
      ...writtenIn(user, input),
      shownPupilIds: input.shownPupilIds,
    })
  }

  /**
   * A teacher of the writer's school adds (or corrects) the post's text in a second language, for
   * instance while approving it. Her own words need no approval; the post keeps its moderation state,
   * and viewers who may see it get the change live.
   */
  async setSecondText(user: User, postId: string, input: SecondText): Promise<Post> {
    const record = await this.visiblePost(user, postId)
    if (user.role !== 'teacher' || record.schoolId !== user.schoolId || record.status === 'deleted')
      throw notFound('Post')
    await this.writableBoard(user, record.boardId)
    assertAnotherLanguage(record.language, input)
    return this.deps.transaction(async () => {
      await this.deps.boards.updatePost(postId, secondTextColumns(input))
      // A held post's queue row shows the text the teacher approves: both languages, as they are now.
      await this.deps.moderation.submitted(await this.moderatedItem(user, postId))
      return this.emitChange(postId)
    })
  }

  async setThreadFlags(user: User, threadId: string, flags: { pinned?: boolean; locked?: boolean }): Promise<Post> {
    const thread = await this.visiblePost(user, threadId)
    if (user.role !== 'teacher') throw forbidden('Only teachers pin or lock threads')
    if (thread.threadId) throw notFound('Thread')
    return this.deps.transaction(async () => {
      await this.deps.boards.updatePost(threadId, flags)
      return this.emitChange(threadId)
    })
  }

  /**
   * One page of the changes after `after`, newest state of each post, in order of change: the client
   * asks again from the returned `lastSeq` while `more` is true, so nothing is ever skipped. A client
   * too far behind (or ahead: the board's log is not the one it knew) is told to reload instead.
   */
  async catchUp(user: User, boardId: string, after: number | undefined): Promise<BoardJoinResult> {
    const { board, link } = await this.boardFor(user, boardId)
    const lastSeq = await this.deps.boards.lastSeq(boardId)
    if (after === undefined || after === lastSeq) return { events: [], lastSeq, more: false, reload: false }
    if (after > lastSeq || lastSeq - after > CATCH_UP_RELOAD_AFTER)
      return { events: [], lastSeq, more: false, reload: true }
    const log = await this.deps.boards.eventsAfter(boardId, after, CATCH_UP_PAGE)
    const flaggers = await this.deps.moderation.flaggersOf('board_post', [...new Set(log.map((e) => e.postId))])
    // Each post's state and its latest event, read together: a post that changed again later (in
    // this page or after it) is sent once, with that later event, never twice.
    const records = new Map(
      (await this.deps.boards.findPostsWithLatestEvent(log.map((e) => e.postId))).map((r) => [r.id, r]),
    )
    const threadIds = [...new Set([...records.values()].flatMap((r) => (r.threadId ? [r.threadId] : [])))]
    const replyCounts = await this.deps.boards.publishedReplyCounts(threadIds)
    const events: BoardEvent[] = []
    for (const entry of log) {
      const record = records.get(entry.postId)
      if (!record || record.latestSeq !== entry.seq) continue
      // Those who may not see a post learn only which one to remove: nothing of what it said or who wrote it.
      events.push(
        canSee({ ...record, flaggedBy: flaggers.get(record.id) ?? [] }, user)
          ? {
              seq: entry.seq,
              boardId: board.id,
              type: 'upsert',
              post: toPost(record, link),
              ...threadCount(record, replyCounts),
            }
          : { seq: entry.seq, boardId: board.id, type: 'remove', postId: record.id },
      )
    }
    const pageEnd = log.at(-1)?.seq ?? lastSeq
    return { events, lastSeq: pageEnd, more: pageEnd < lastSeq, reload: false }
  }

  /**
   * Records a change to a post in the board's log (call it inside the writing transaction) and
   * announces it once committed. The log is the outbox: an event whose node died before announcing
   * it is announced by `announceStragglers` on another node.
   */
  async emitChange(postId: string): Promise<Post> {
    const record = await this.deps.boards.findPost(postId)
    if (!record) throw notFound('Post')
    const board = await this.deps.boards.findBoard(record.boardId)
    if (!board) throw notFound('Board')
    const link = board.linkId ? await this.linkOf(board.linkId) : null
    const flaggers = (await this.deps.moderation.flaggersOf('board_post', [postId])).get(postId) ?? []
    const replyCount = record.threadId
      ? (await this.deps.boards.publishedReplyCounts([record.threadId])).get(record.threadId)
      : undefined
    const seq = await this.deps.boards.appendEvent(board.id, postId, nowIso())
    // Read last in the writing transaction, this is the state that commits: announced as it is.
    const post = toPost(record, link)
    afterCommit(() => void this.claimAndPublish(board, seq, post, flaggers, replyCount).catch(() => {}))
    return post
  }

  /** Announces events committed more than `graceMs` ago that nobody announced (their node died between commit and announcement). */
  async announceStragglers(graceMs = 2000): Promise<number> {
    const due = await this.deps.boards.unannounced(new Date(Date.now() - graceMs).toISOString(), 200)
    let announced = 0
    for (const event of due) {
      const board = await this.deps.boards.findBoard(event.boardId)
      if (board && (await this.announce(board, event.seq, event.postId))) announced++
    }
    return announced
  }

  /** Announces a straggler: claims it (exactly one node announces each), then sends the post's current state. */
  private async announce(board: Board, seq: number, postId: string): Promise<boolean> {
    if (!(await this.deps.boards.claimEvent(board.id, seq, nowIso()))) return false
    const record = await this.deps.boards.findPost(postId)
    if (!record) return false
    const link = board.linkId ? await this.linkOf(board.linkId) : null
    const flaggers = await this.deps.moderation.flaggersOf('board_post', [postId])
    const replyCounts = await this.deps.boards.publishedReplyCounts(record.threadId ? [record.threadId] : [])
    this.deps.events.publish(
      board,
      seq,
      toPost(record, link),
      flaggers.get(postId) ?? [],
      threadCount(record, replyCounts).threadReplyCount,
    )
    return true
  }

  /**
   * The writing node announces at once, then records the event as announced: the database write is
   * off the delivery path (it waited behind every other query on the connection). Should the node
   * die in between, a straggler sweep announces it again with the same seq, which clients already
   * applied and skip: at least once on the wire, exactly once on screen.
   */
  private async claimAndPublish(
    board: Board,
    seq: number,
    post: Post,
    flaggers: readonly string[],
    threadReplyCount: number | undefined,
  ): Promise<void> {
    this.deps.events.publish(board, seq, post, flaggers, threadReplyCount)
    await this.deps.boards.claimEvent(board.id, seq, nowIso())
  }

  /** The moderation service's view of a post. */
  async moderatedItem(user: User, postId: string): Promise<ModeratedItem> {
    const record = await this.visiblePost(user, postId)
    const { board, link } = await this.boardFor(user, record.boardId)
    return {
      kind: 'board_post',
      itemId: record.id,
      linkId: board.linkId,
      linkStatus: link?.status ?? null,
      authorId: record.authorId,
      authorRole: record.authorRole,
      authorName: record.authorName,
      authorSchoolId: record.schoolId,
      className: record.className,
      status: record.status,
      flagged: record.flagged,
      text: moderatedText(record.title, record.body, record.secondBody),
      place: board.title,
    }
  }

  private async publishNew(
    user: User,
    board: Board,
    link: Link | null,
    { shownPupilIds, ...content }: PostContent,
  ): Promise<Post> {
    if (content.mediaId) await this.deps.media.assertAttachable(user, content.mediaId, board.linkId)
    await this.deps.limits.consume(user, 'posts')
    // The post, who its picture shows, its board event, its queue row and the activity line commit together.
    return this.deps.transaction(async () => {
      if (content.mediaId && user.role === 'teacher')
        await this.deps.consent.confirmShown(content.mediaId, shownPupilIds, await this.ownClassIds(user, board))
      const now = nowIso()
      const id = newId()
      await this.deps.boards.insertPost({
        id,
        boardId: board.id,
        ...content,
        authorId: user.id,
        schoolId: user.schoolId,
        classId: user.classId ?? null,
        status: this.deps.moderation.initialStatusFor(user),
        lastActivityAt: now,
        createdAt: now,
      })
      if (content.threadId && user.role === 'teacher') await this.deps.boards.touchThread(content.threadId, now)
      const post = await this.emitChange(id)
      await this.deps.moderation.submitted(await this.moderatedItem(user, id))
      if (post.status === 'published' && link)
        await this.deps.activity.record(link.id, {
          kind: 'board_post',
          actorId: user.id,
          params: { board: board.title },
        })
      return post
    })
  }

  /**
   * Approving a pupil's picture: a teacher of her school says who it shows, and everyone shown must
   * have photo consent (the same rule as the wall's pictures).
   */
  async beforeApprove(user: User, postId: string, input: ModerationInput): Promise<void> {
    const record = await this.deps.boards.findPost(postId)
    const board = record?.mediaId ? await this.deps.boards.findBoard(record.boardId) : undefined
    if (!record?.mediaId || !board) return
    await this.deps.consent.confirmShown(record.mediaId, input.shownPupilIds, await this.ownClassIds(user, board))
  }

  /** The classes whose pupils a teacher may name in a picture on this board: hers in its link (none in the forum). */
  private async ownClassIds(user: User, board: Board): Promise<string[]> {
    if (!board.linkId) return []
    const { ownClasses } = await this.deps.linkAccess.teacherMembershipOf(user, board.linkId)
    return ownClasses.map((c) => c.classId)
  }

  private async writableBoard(user: User, boardId: string): Promise<{ board: Board; link: Link | null }> {
    const found = await this.boardFor(user, boardId)
    if (found.link && found.link.status !== 'active') {
      throw new DomainError('LINK_NOT_ACTIVE', `This link is ${found.link.status}: nothing new can be posted`)
    }
    return found
  }

  private async visiblePost(user: User, postId: string): Promise<PostRecord> {
    const record = await this.deps.boards.findPost(postId)
    if (!record) throw notFound('Post')
    await this.boardFor(user, record.boardId)
    const flaggers = await this.deps.moderation.flaggersOf('board_post', [postId])
    if (!canSee({ ...record, flaggedBy: flaggers.get(postId) ?? [] }, user)) throw notFound('Post')
    return record
  }

  /** What the visibility rule needs about each post. */
  async visibilityFacts(postIds: readonly string[]): Promise<Map<string, VisibilityFacts>> {
    const records = await this.deps.boards.findPosts(postIds)
    return new Map(records.map((r) => [r.id, { authorId: r.authorId, schoolId: r.schoolId, status: r.status }]))
  }

  private async linkOf(linkId: string): Promise<Link | null> {
    const links = await this.deps.linkAccess.linkById(linkId)
    return links ?? null
  }
}

/** The language a post is written in (the writer's interface language unless she says) and its second text. */
function writtenIn(
  user: User,
  input: { language?: string; secondText?: SecondText },
): { language: string; secondLanguage: string | null; secondBody: string | null } {
  const language = input.language ?? user.locale
  assertAnotherLanguage(language, input.secondText)
  return { language, ...secondTextColumns(input.secondText) }
}

/** For a reply, its thread's published replies (carried by its upsert event); nothing for a thread. */
function threadCount(record: PostRecord, counts: Map<string, number>): { threadReplyCount?: number } {
  const count = record.threadId ? counts.get(record.threadId) : undefined
  return count === undefined ? {} : { threadReplyCount: count }
}

/** The post as clients see it, coloured by the author's class in the link. */
export function toPost(record: PostRecord, link: Link | null): Post {
  const linkClass = link?.classes.find((c) =>
    record.classId ? c.classId === record.classId : c.schoolId === record.schoolId,
  )
  return {
    id: record.id,
    boardId: record.boardId,
    threadId: record.threadId,
    title: record.title,
    body: record.body,
    language: record.language,
    secondText: secondTextOf(record),
    authorId: record.authorId,
    authorName: record.authorName,
    authorRole: record.authorRole,
    schoolId: record.schoolId,
    schoolName: record.schoolName,
    className: record.className,
    colorIndex: linkClass?.colorIndex ?? null,
    status: record.status,
    rejectReason: record.rejectReason,
    editNote: record.editNote,
    flagged: record.flagged,
    pinned: record.pinned,
    locked: record.locked,
    replyCount: record.replyCount,
    mediaId: record.mediaId,
    media: pictureRefOf(record),
    createdAt: record.createdAt,
  }
}
