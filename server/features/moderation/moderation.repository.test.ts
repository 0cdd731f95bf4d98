import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeCursor } from '../../../shared/schemas/paging.js'
import type { Storage } from '../../storage/database.js'
import { testDialects } from '../../test/databases.js'
import { addLink, addSchool, at, UNICODE_TEXT, type SchoolRows } from '../../test/repositoryRows.js'
import {
  createModerationRepository,
  type ModerationRepository,
  type NewAuditEntry,
  type PupilNotice,
  type QueueEntry,
} from './moderation.repository.js'

describe.each(testDialects())('moderation repository on $name', (dialect) => {
  let storage: Storage
  let moderation: ModerationRepository
  let london: SchoolRows
  let nairobi: SchoolRows
  let linkId: string

  beforeAll(async () => {
    storage = await dialect.open()
    moderation = createModerationRepository(storage.db)
    london = await addSchool(storage.db, { pupils: ['Amara', 'Ben'] })
    nairobi = await addSchool(storage.db, { name: 'Umoja Primary', country: 'KE', pupils: ['Wanjiru'] })
    linkId = await addLink(storage.db, [london.classId, nairobi.classId])
  })
  afterAll(() => storage?.close())

  const entry = (schoolId: string, overrides: Partial<QueueEntry> = {}): QueueEntry => ({
    kind: 'board_post',
    itemId: randomUUID(),
    schoolId,
    linkId,
    reason: 'new',
    authorName: 'Amara',
    className: 'Year 5',
    excerpt: 'Hello',
    place: 'Our river',
    suspiciousWords: [],
    createdAt: at(0),
    ...overrides,
  })
  const withoutSchool = ({ schoolId: _school, ...item }: QueueEntry) => item

  describe('queue', () => {
    it("lists a school's queue oldest first, with words and unicode intact, and counts it", async () => {
      const school = await addSchool(storage.db)
      const later = entry(school.schoolId, {
        createdAt: at(2000),
        excerpt: UNICODE_TEXT,
        suspiciousWords: ['ŵyl', 'مرحبا', '🐉'],
      })
      const earlier = entry(school.schoolId, {
        createdAt: at(1000),
        kind: 'chat_message',
        linkId: null,
        className: null,
        reason: 'flagged',
      })
      const elsewhere = entry(nairobi.schoolId)
      for (const e of [later, earlier, elsewhere]) await moderation.enqueue(e)
      expect(await moderation.queueOf(school.schoolId, undefined, 10)).toEqual({
        items: [withoutSchool(later), withoutSchool(earlier)],
        nextCursor: null,
      })
      const first = await moderation.queueOf(school.schoolId, undefined, 1)
      expect(first.items).toEqual([withoutSchool(later)])
      const cursor = decodeCursor(first.nextCursor ?? '')
      expect(cursor).toEqual({ createdAt: later.createdAt, id: later.itemId })
      expect(await moderation.queueOf(school.schoolId, cursor, 1)).toEqual({
        items: [withoutSchool(earlier)],
        nextCursor: null,
      })
      expect(await moderation.countOf(school.schoolId)).toBe(2)
      expect(await moderation.queueOf(randomUUID(), undefined, 10)).toEqual({ items: [], nextCursor: null })
      expect(await moderation.countOf(randomUUID())).toBe(0)
    })

    it('refreshes an item queued twice instead of duplicating it', async () => {
      const school = await addSchool(storage.db)
      const first = entry(school.schoolId, { createdAt: at(1000) })
      await moderation.enqueue(first)
      const again = {
        ...first,
        reason: 'flagged' as const,
        excerpt: 'Hello again',
        suspiciousWords: ['idiot'],
        createdAt: at(5000),
      }
      await moderation.enqueue(again)
      expect((await moderation.queueOf(school.schoolId, undefined, 10)).items).toEqual([withoutSchool(again)])
      expect(await moderation.countOf(school.schoolId)).toBe(1)
    })

    it('dequeues one item by kind and id, and ignores an unknown one', async () => {
      const school = await addSchool(storage.db)
      const post = entry(school.schoolId)
      const chat = entry(school.schoolId, { kind: 'chat_message', itemId: post.itemId })
      await moderation.enqueue(post)
      await moderation.enqueue(chat)
      await moderation.dequeue('board_post', post.itemId)
      await moderation.dequeue('wall_item', randomUUID())
      expect((await moderation.queueOf(school.schoolId, undefined, 10)).items).toEqual([withoutSchool(chat)])
    })
  })

  describe('audit', () => {
    const audit = (overrides: Partial<NewAuditEntry> = {}): NewAuditEntry => ({
      id: randomUUID(),
      linkId,
      kind: 'board_post',
      itemId: randomUUID(),
      actorId: london.teacherId,
      action: 'approve',
      reason: null,
      excerpt: 'Hello',
      createdAt: at(0),
      itemSchoolId: london.schoolId,
      ...overrides,
    })

    it("lists a link's entries newest first with the actor and both schools", async () => {
      const link = await addLink(storage.db, [london.classId, nairobi.classId])
      const oldest = audit({ linkId: link, createdAt: at(1000) })
      const newest = audit({
        linkId: link,
        createdAt: at(3000),
        actorId: nairobi.teacherId,
        action: 'reject',
        reason: 'Names',
        excerpt: UNICODE_TEXT,
        itemSchoolId: nairobi.schoolId,
      })
      const middle = audit({
        linkId: link,
        createdAt: at(2000),
        kind: 'wall_item',
        action: 'hide',
        reason: 'Off topic',
      })
      for (const a of [oldest, newest, middle, audit()]) await moderation.audit(a)

      // Each school reads the actions on its own items; the partner's items here no longer exist.
      const own = await moderation.auditOf(link, { schoolId: london.schoolId }, undefined, 10)
      expect(own.items.map((e) => e.id)).toEqual([middle.id, oldest.id])
      const older = await moderation.auditOf(link, { schoolId: london.schoolId }, undefined, 1)
      expect(older.items.map((e) => e.id)).toEqual([middle.id])
      expect(
        (await moderation.auditOf(link, { schoolId: london.schoolId }, decodeCursor(older.nextCursor ?? ''), 1)).items,
      ).toEqual([expect.objectContaining({ id: oldest.id })])
      const entries = (await moderation.auditOf(link, { schoolId: nairobi.schoolId }, undefined, 10)).items
      expect(entries.map((e) => e.id)).toEqual([newest.id])
      expect(entries[0]).toEqual({
        id: newest.id,
        kind: 'board_post',
        itemId: newest.itemId,
        action: 'reject',
        reason: 'Names',
        excerpt: UNICODE_TEXT,
        createdAt: newest.createdAt,
        itemSchoolId: nairobi.schoolId,
        actorName: nairobi.teacherName,
        actorSchoolId: nairobi.schoolId,
        actorRole: 'teacher',
      })
      expect(await moderation.auditOf(randomUUID(), { schoolId: london.schoolId }, undefined, 10)).toEqual({
        items: [],
        nextCursor: null,
      })
    })
  })

  describe('flags', () => {
    it('keeps one flag per person and item, and says who flagged what', async () => {
      const item = randomUUID()
      const other = randomUUID()
      const [amara, ben] = london.pupilIds as [string, string]
      await moderation.flag('board_post', item, amara, 'mean', at(1))
      await moderation.flag('board_post', item, amara, 'still mean', at(2))
      await moderation.flag('board_post', item, ben, null, at(3))
      await moderation.flag('wall_item', other, amara, null, at(4))
      await moderation.flag('board_post', other, ben, null, at(5))

      const rows = await storage.db
        .selectFrom('moderationFlags')
        .select(['userId', 'reason'])
        .where('itemId', '=', item)
        .where('userId', '=', amara)
        .execute()
      expect(rows).toEqual([{ userId: amara, reason: 'mean' }])
      const flaggers = await moderation.flaggersOf('board_post', [item, other, randomUUID()])
      expect([...flaggers.keys()].sort()).toEqual([item, other].sort())
      expect(flaggers.get(item)?.sort()).toEqual([amara, ben].sort())
      expect(flaggers.get(other)).toEqual([ben])
      expect(await moderation.flaggersOf('chat_message', [item])).toEqual(new Map())
      expect(await moderation.flaggersOf('board_post', [])).toEqual(new Map())
    })
  })

  describe('notices to teachers', () => {
    const notice = (rows: SchoolRows, createdAt: string, overrides: Partial<PupilNotice> = {}): PupilNotice => ({
      id: randomUUID(),
      schoolId: rows.schoolId,
      pupilId: rows.pupilIds[0]!,
      kind: 'posts',
      what: 'posts',
      createdAt,
      ...overrides,
    })

    const key = (n: PupilNotice, window: number) => `${n.pupilId}:${n.kind}:${window}`

    it('adds a note once per window key', async () => {
      const school = await addSchool(storage.db, { pupils: ['Cai', 'Dafydd'] })
      const first = notice(school, at(0))
      expect(await moderation.addNotice(first, key(first, 1))).toBe(true)
      expect(await moderation.addNotice(notice(school, at(1000)), key(first, 1))).toBe(false)
      const chat = notice(school, at(1000), { kind: 'chat' })
      expect(await moderation.addNotice(chat, key(chat, 1))).toBe(true)
      const other = notice(school, at(1000), { pupilId: school.pupilIds[1]! })
      expect(await moderation.addNotice(other, key(other, 1))).toBe(true)
      // The next window: a new one is due.
      expect(await moderation.addNotice(notice(school, at(70_000)), key(first, 2))).toBe(true)
      expect(await moderation.noticesOf(school.schoolId, 10)).toHaveLength(4)
    })

    it('adds one note when the same pupil is limited several times at once', async () => {
      const school = await addSchool(storage.db, { pupils: ['Eleri'] })
      const added = await Promise.all(
        [1, 2, 3].map((n) => moderation.addNotice(notice(school, at(n)), `eleri:posts:${n > 0 ? 1 : 0}`)),
      )
      expect(added.filter(Boolean)).toHaveLength(1)
    })

    it("lists a school's notes newest first with the pupil's name, up to a limit", async () => {
      const school = await addSchool(storage.db, { pupils: ['Ŵyn 🐉'] })
      const older = notice(school, at(1000), { kind: 'wall', what: UNICODE_TEXT })
      const newer = notice(school, at(2000), { kind: 'uploads' })
      for (const n of [older, newer]) await moderation.addNotice(n, n.id)
      const elsewhere = notice(london, at(3000))
      await moderation.addNotice(elsewhere, elsewhere.id)

      expect(await moderation.noticesOf(school.schoolId, 10)).toEqual([
        { ...newer, pupilName: 'Ŵyn 🐉' },
        { ...older, pupilName: 'Ŵyn 🐉' },
      ])
      expect((await moderation.noticesOf(school.schoolId, 1)).map((n) => n.id)).toEqual([newer.id])
    })
  })
})
