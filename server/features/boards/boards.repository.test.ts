import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Storage } from '../../storage/database.js'
import { testDialects } from '../../test/databases.js'
import { addLink, addSchool, at, UNICODE_TEXT, type SchoolRows } from '../../test/repositoryRows.js'
import { createMediaRepository } from '../media/media.repository.js'
import { createModerationRepository, type ModerationRepository } from '../moderation/moderation.repository.js'
import { createBoardsRepository, type BoardsRepository, type NewPost, type Viewer } from './boards.repository.js'

describe.each(testDialects())('boards repository on $name', (dialect) => {
  let storage: Storage
  let boards: BoardsRepository
  let moderation: ModerationRepository
  let london: SchoolRows
  let nairobi: SchoolRows
  let linkId: string

  beforeAll(async () => {
    storage = await dialect.open()
    boards = createBoardsRepository(storage.db)
    moderation = createModerationRepository(storage.db)
    london = await addSchool(storage.db, { pupils: ['Amara', 'Ben'] })
    nairobi = await addSchool(storage.db, { name: 'Umoja Primary', country: 'KE', pupils: ['Wanjiru'] })
    linkId = await addLink(storage.db, [london.classId, nairobi.classId])
  })
  afterAll(() => storage?.close())

  const pupil = (rows: SchoolRows, i = 0): Viewer => ({ id: rows.pupilIds[i]!, role: 'pupil', schoolId: rows.schoolId })
  const teacher = (rows: SchoolRows): Viewer => ({ id: rows.teacherId, role: 'teacher', schoolId: rows.schoolId })

  async function newBoard(kind: 'discussion' | 'staffroom' | 'forum' = 'discussion', createdAt = at(0)) {
    const board = {
      id: randomUUID(),
      linkId: kind === 'forum' ? null : linkId,
      kind,
      title: `Board ${kind}`,
      createdAt,
    }
    await boards.insertBoard({ ...board, createdBy: london.teacherId })
    return board
  }

  /** A thread by the first London pupil unless told otherwise; replies pass threadId. */
  async function addPost(boardId: string, overrides: Partial<NewPost> = {}): Promise<NewPost> {
    const post: NewPost = {
      id: randomUUID(),
      boardId,
      threadId: null,
      title: 'Our river',
      body: 'The Thames is tidal.',
      authorId: london.pupilIds[0]!,
      schoolId: london.schoolId,
      classId: london.classId,
      status: 'published',
      mediaId: null,
      lastActivityAt: at(0),
      createdAt: at(0),
      ...overrides,
    }
    await boards.insertPost(post)
    return post
  }

  describe('boards', () => {
    it('finds a board as inserted (without its creator), and nothing for an unknown id', async () => {
      const board = await newBoard()
      expect(await boards.findBoard(board.id)).toEqual(board)
      expect(await boards.findBoard(randomUUID())).toBeUndefined()
    })

    it("lists a link's boards oldest first, and forum boards only among forum boards", async () => {
      const otherLink = await addLink(storage.db, [london.classId, nairobi.classId])
      const later = {
        id: randomUUID(),
        linkId: otherLink,
        kind: 'staffroom' as const,
        title: 'Staff',
        createdAt: at(2000),
      }
      const earlier = {
        id: randomUUID(),
        linkId: otherLink,
        kind: 'discussion' as const,
        title: 'Chat',
        createdAt: at(1000),
      }
      for (const b of [later, earlier]) await boards.insertBoard({ ...b, createdBy: london.teacherId })
      expect(await boards.boardsOfLink(otherLink)).toEqual([earlier, later])
      expect(await boards.boardsOfLink(randomUUID())).toEqual([])

      const forum = await newBoard('forum')
      const forums = await boards.forumBoards()
      expect(forums).toContainEqual(forum)
      expect(forums.every((b) => b.kind === 'forum')).toBe(true)
    })
  })

  describe('posts', () => {
    it('reads a post back with its author, school and class names, flags false and unicode intact', async () => {
      const board = await newBoard()
      const post = await addPost(board.id, {
        title: UNICODE_TEXT,
        body: `${UNICODE_TEXT}\nline two`,
        language: 'en',
        secondLanguage: 'ur',
        secondBody: `${UNICODE_TEXT} دوسری`,
      })
      expect(await boards.findPost(post.id)).toEqual({
        ...post,
        authorName: 'Amara',
        authorRole: 'pupil',
        schoolName: london.schoolName,
        className: london.className,
        rejectReason: null,
        editNote: null,
        flagged: false,
        pinned: false,
        locked: false,
        replyCount: 0,
        mediaWidth: null,
        mediaHeight: null,
        mediaBytes: null,
      })
      expect(await boards.findPost(randomUUID())).toBeUndefined()
      // Without a recorded language or second text: '' and none; a second text can be added later.
      const plain = await addPost(board.id)
      expect(await boards.findPost(plain.id)).toMatchObject({ language: '', secondLanguage: null, secondBody: null })
      await boards.updatePost(plain.id, { secondLanguage: 'sw', secondBody: 'Mto wetu' })
      expect(await boards.findPost(plain.id)).toMatchObject({ secondLanguage: 'sw', secondBody: 'Mto wetu' })
    })

    it('finds several posts by id, and none for an empty list', async () => {
      const board = await newBoard()
      const a = await addPost(board.id)
      const b = await addPost(board.id, { authorId: london.teacherId, classId: null })
      const found = await boards.findPosts([a.id, b.id, randomUUID()])
      expect(found.map((p) => p.id).sort()).toEqual([a.id, b.id].sort())
      expect(found.find((p) => p.id === b.id)).toMatchObject({ authorRole: 'teacher', className: null })
      expect(await boards.findPosts([])).toEqual([])
    })

    it('stores flags as 0/1 and reads them back as booleans; changes only the given fields', async () => {
      const board = await newBoard()
      const post = await addPost(board.id)
      await boards.updatePost(post.id, { pinned: true, locked: true, flagged: true, editNote: 'Edited by a teacher' })
      const raw = await storage.db
        .selectFrom('posts')
        .select(['pinned', 'locked', 'flagged'])
        .where('id', '=', post.id)
        .executeTakeFirstOrThrow()
      expect(raw).toEqual({ pinned: 1, locked: 1, flagged: 1 })
      expect(await boards.findPost(post.id)).toMatchObject({
        pinned: true,
        locked: true,
        flagged: true,
        editNote: 'Edited by a teacher',
        body: post.body,
        status: 'published',
      })

      await boards.updatePost(post.id, { locked: false, status: 'rejected', rejectReason: 'Names' })
      expect(await boards.findPost(post.id)).toMatchObject({
        pinned: true,
        locked: false,
        flagged: true,
        status: 'rejected',
        rejectReason: 'Names',
      })
    })

    it('does nothing, and does not throw, for an update with no fields', async () => {
      const board = await newBoard()
      const post = await addPost(board.id)
      await boards.updatePost(post.id, {})
      expect(await boards.findPost(post.id)).toMatchObject({ body: post.body, status: 'published', pinned: false })
    })

    it('counts only published replies, and finds the posts carrying a picture', async () => {
      const board = await newBoard()
      const thread = await addPost(board.id)
      for (const status of ['published', 'published', 'held', 'rejected', 'hidden'] as const)
        await addPost(board.id, { threadId: thread.id, title: null, status })
      expect((await boards.findPost(thread.id))?.replyCount).toBe(2)

      const mediaId = randomUUID()
      await createMediaRepository(storage.db).insert({
        id: mediaId,
        linkId,
        ownerId: london.pupilIds[0]!,
        schoolId: london.schoolId,
        width: 10,
        height: 10,
        bytes: 100,
        createdAt: at(0),
      })
      const withPicture = await addPost(board.id, { mediaId })
      expect(await boards.postsWithMedia(mediaId)).toEqual([withPicture.id])
      expect(await boards.postsWithMedia(randomUUID())).toEqual([])
    })
  })

  describe('visibility in SQL (a few fixed cases; the rule is property-tested)', () => {
    it('shows each viewer what the rule allows', async () => {
      const board = await newBoard()
      const published = await addPost(board.id)
      const heldOwn = await addPost(board.id, { status: 'held' })
      const rejectedOwn = await addPost(board.id, { status: 'rejected' })
      const hidden = await addPost(board.id, { status: 'hidden' })
      await addPost(board.id, { status: 'deleted' })
      const flagged = await addPost(board.id, {
        authorId: nairobi.pupilIds[0]!,
        schoolId: nairobi.schoolId,
        classId: nairobi.classId,
      })
      await moderation.flag('board_post', flagged.id, london.pupilIds[1]!, null, at(0))

      const ids = async (viewer: Viewer) => (await boards.visibleIds(board.id, viewer)).sort()
      const sorted = (...posts: NewPost[]) => posts.map((p) => p.id).sort()
      expect(await ids(pupil(london, 0))).toEqual(sorted(published, heldOwn, rejectedOwn, flagged))
      expect(await ids(pupil(london, 1))).toEqual(sorted(published))
      expect(await ids(pupil(nairobi))).toEqual(sorted(published, flagged))
      expect(await ids(teacher(london))).toEqual(sorted(published, heldOwn, rejectedOwn, hidden, flagged))
      expect(await ids(teacher(nairobi))).toEqual(sorted(published, hidden, flagged))
    })

    it('lists replies oldest first, filtered the same way', async () => {
      const board = await newBoard()
      const thread = await addPost(board.id)
      const second = await addPost(board.id, { threadId: thread.id, title: null, createdAt: at(2000) })
      const first = await addPost(board.id, {
        threadId: thread.id,
        title: null,
        createdAt: at(1000),
        authorId: nairobi.pupilIds[0]!,
        schoolId: nairobi.schoolId,
      })
      const held = await addPost(board.id, { threadId: thread.id, title: null, createdAt: at(3000), status: 'held' })
      const replies = async (viewer: Viewer) => (await boards.repliesPage(thread.id, viewer, undefined, 10)).items
      expect((await replies(pupil(nairobi))).map((p) => p.id)).toEqual([second.id, first.id])
      expect((await replies(teacher(london))).map((p) => p.id)).toEqual([held.id, second.id, first.id])
      expect(await boards.repliesPage(randomUUID(), teacher(london), undefined, 10)).toEqual({ items: [], more: false })
    })

    it('pages replies newest first with a cursor, however many share a time', async () => {
      const board = await newBoard()
      const thread = await addPost(board.id)
      const written: NewPost[] = []
      for (let i = 0; i < 7; i++)
        written.push(await addPost(board.id, { threadId: thread.id, title: null, createdAt: at(Math.floor(i / 3)) }))
      const expected = written
        .map((p) => ({ createdAt: p.createdAt, id: p.id }))
        .sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1))
      const seen: string[] = []
      let before: { createdAt: string; id: string } | undefined
      for (;;) {
        const page = await boards.repliesPage(thread.id, teacher(london), before, 3)
        seen.push(...page.items.map((p) => p.id))
        const last = page.items.at(-1)
        if (!page.more || !last) break
        before = { createdAt: last.createdAt, id: last.id }
      }
      expect(seen).toEqual(expected.map((p) => p.id))
    })
  })

  describe('listing threads', () => {
    it('puts pinned threads first, then the most recently active, and touching a thread moves it up', async () => {
      const board = await newBoard()
      const old = await addPost(board.id, { lastActivityAt: at(1000) })
      const recent = await addPost(board.id, { lastActivityAt: at(3000) })
      const pinned = await addPost(board.id, { lastActivityAt: at(0) })
      await boards.updatePost(pinned.id, { pinned: true })
      await addPost(board.id, { threadId: recent.id, title: null, lastActivityAt: at(9000) })
      const order = async () =>
        (await boards.listThreads(board.id, teacher(london), undefined, undefined, 10)).items.map((p) => p.id)

      expect(await order()).toEqual([pinned.id, recent.id, old.id])
      await boards.touchThread(old.id, at(5000))
      expect(await order()).toEqual([pinned.id, old.id, recent.id])
    })

    it('pages with a cursor, newest activity first, pinned threads on the first page only', async () => {
      const board = await newBoard()
      const threads: NewPost[] = []
      // Two threads share each time: the id breaks the tie, so no page repeats or skips one.
      for (let i = 0; i < 5; i++)
        threads.push(await addPost(board.id, { lastActivityAt: at(Math.floor(i / 2) * 1000) }))
      const pinned = await addPost(board.id, { lastActivityAt: at(0) })
      await boards.updatePost(pinned.id, { pinned: true })
      await addPost(board.id, { status: 'held', authorId: nairobi.pupilIds[0]!, schoolId: nairobi.schoolId })
      const newestFirst = threads
        .sort((a, b) =>
          a.lastActivityAt === b.lastActivityAt ? (a.id < b.id ? 1 : -1) : a.lastActivityAt < b.lastActivityAt ? 1 : -1,
        )
        .map((t) => t.id)

      const first = await boards.listThreads(board.id, pupil(london, 1), undefined, undefined, 2)
      expect(first.items.map((p) => p.id)).toEqual([pinned.id, ...newestFirst.slice(0, 2)])
      expect(first.more).toBe(true)
      const cursorOf = (p: { lastActivityAt: string; id: string }) => ({ createdAt: p.lastActivityAt, id: p.id })
      const second = await boards.listThreads(board.id, pupil(london, 1), undefined, cursorOf(first.items.at(-1)!), 2)
      expect(second.items.map((p) => p.id)).toEqual(newestFirst.slice(2, 4))
      const last = await boards.listThreads(board.id, pupil(london, 1), undefined, cursorOf(second.items.at(-1)!), 2)
      expect(last).toMatchObject({ more: false })
      expect(last.items.map((p) => p.id)).toEqual(newestFirst.slice(4))
    })

    it('searches titles, bodies and published replies, ignoring ASCII case', async () => {
      const board = await newBoard()
      const byTitle = await addPost(board.id, { title: 'Rainy SEASON', body: 'x' })
      const byBody = await addPost(board.id, { title: 'Weather', body: 'the long rainy season' })
      const byReply = await addPost(board.id, { title: 'Food', body: 'ugali' })
      await addPost(board.id, { threadId: byReply.id, title: null, body: 'Eaten in the rainy season' })
      const byHeldReply = await addPost(board.id, { title: 'Games', body: 'football' })
      await addPost(board.id, { threadId: byHeldReply.id, title: null, body: 'rainy season', status: 'held' })

      const found = await boards.listThreads(board.id, teacher(london), 'Rainy season', undefined, 10)
      expect(found.items.map((p) => p.id).sort()).toEqual([byTitle.id, byBody.id, byReply.id].sort())
    })

    it('treats %, _ and \\ in a search as the characters themselves', async () => {
      const board = await newBoard()
      const percent = await addPost(board.id, { title: 'Score', body: '100% of us' })
      const underscore = await addPost(board.id, { title: 'Code', body: 'snake_case' })
      const backslash = await addPost(board.id, { title: 'Path', body: 'C:\\temp' })
      await addPost(board.id, { title: 'Plain', body: 'nothing special here 100 snakeXcase C:temp' })
      const search = async (q: string) =>
        (await boards.listThreads(board.id, teacher(london), q, undefined, 10)).items.map((p) => p.id)

      expect(await search('%')).toEqual([percent.id])
      expect(await search('_')).toEqual([underscore.id])
      expect(await search('\\')).toEqual([backslash.id])
      expect(await search('e_c')).toEqual([underscore.id])
    })

    // SQLite's built-in lower() folds ASCII only; storage/database.ts replaces it so both dialects agree.
    it('finds non-ASCII capitals in any case', async () => {
      const board = await newBoard()
      const welsh = await addPost(board.id, { title: 'Ŵyl Dewi', body: 'Dydd Gŵyl' })
      const search = async (q: string) =>
        (await boards.listThreads(board.id, teacher(london), q, undefined, 10)).items.map((p) => p.id)
      expect(await search('Ŵyl')).toEqual([welsh.id])
      expect(await search('ŵyl dewi')).toEqual([welsh.id])
    })
  })

  describe('per-board event log', () => {
    it('numbers events 1, 2, 3… per board and pages them oldest first', async () => {
      const a = await newBoard()
      const b = await newBoard()
      const posts = [randomUUID(), randomUUID(), randomUUID(), randomUUID()]
      expect(await boards.lastSeq(a.id)).toBe(0)
      expect(await boards.appendEvent(a.id, posts[0]!, at(0))).toBe(1)
      expect(await boards.appendEvent(b.id, posts[1]!, at(0))).toBe(1)
      expect(await boards.appendEvent(a.id, posts[2]!, at(0))).toBe(2)
      expect(await boards.appendEvent(a.id, posts[3]!, at(0))).toBe(3)

      expect(await boards.lastSeq(a.id)).toBe(3)
      expect(await boards.lastSeq(b.id)).toBe(1)
      expect(await boards.lastSeq(randomUUID())).toBe(0)
      expect(await boards.eventsAfter(a.id, 0, 2)).toEqual([
        { seq: 1, postId: posts[0] },
        { seq: 2, postId: posts[2] },
      ])
      expect(await boards.eventsAfter(a.id, 2, 2)).toEqual([{ seq: 3, postId: posts[3] }])
      expect(await boards.eventsAfter(a.id, 3, 2)).toEqual([])
    })

    it('gives concurrent writers consecutive numbers with no gap or repeat', async () => {
      const board = await newBoard()
      const seqs = await Promise.all(
        Array.from({ length: 6 }, () => storage.transaction(() => boards.appendEvent(board.id, randomUUID(), at(0)))),
      )
      expect([...seqs].sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6])
      expect((await boards.eventsAfter(board.id, 0, 100)).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6])
    })

    it('lets exactly one caller claim an event, even racing', async () => {
      const board = await newBoard()
      await boards.appendEvent(board.id, randomUUID(), at(0))
      await boards.appendEvent(board.id, randomUUID(), at(0))
      expect(await boards.claimEvent(board.id, 1, at(1))).toBe(true)
      expect(await boards.claimEvent(board.id, 1, at(2))).toBe(false)
      const race = await Promise.all([1, 2, 3].map((n) => boards.claimEvent(board.id, 2, at(n))))
      expect(race.filter(Boolean)).toHaveLength(1)
      expect(await boards.claimEvent(board.id, 99, at(1))).toBe(false)
    })

    it('lists unclaimed events committed before a time, in commit order across boards, up to a limit', async () => {
      const origin = Date.parse('2001-01-01T00:00:00.000Z')
      const board = await newBoard()
      const other = await newBoard()
      const p = [randomUUID(), randomUUID(), randomUUID(), randomUUID()]
      await boards.appendEvent(board.id, p[0]!, at(0, origin))
      await boards.appendEvent(board.id, p[1]!, at(1000, origin))
      await boards.appendEvent(other.id, p[2]!, at(2000, origin))
      await boards.appendEvent(board.id, p[3]!, at(9000, origin))
      const before = at(5000, origin)

      expect(await boards.unannounced(before, 10)).toEqual([
        { boardId: board.id, seq: 1, postId: p[0] },
        { boardId: board.id, seq: 2, postId: p[1] },
        { boardId: other.id, seq: 1, postId: p[2] },
      ])
      await boards.claimEvent(board.id, 1, before)
      expect(await boards.unannounced(before, 1)).toEqual([{ boardId: board.id, seq: 2, postId: p[1] }])
      expect(await boards.unannounced(at(0, origin), 10)).toEqual([])
    })
  })
})
