import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Storage } from '../../storage/database.js'
import { testDialects } from '../../test/databases.js'
import { addLink, addSchool, at, UNICODE_TEXT, type SchoolRows } from '../../test/repositoryRows.js'
import { createAccountsRepository } from '../accounts/accounts.repository.js'
import { createMediaRepository } from '../media/media.repository.js'
import { createModerationRepository } from '../moderation/moderation.repository.js'
import { createWallRepository, type RoundRecord, type WallRepository } from './wall.repository.js'

type NewItem = Parameters<WallRepository['insertItem']>[0]
type Viewer = Parameters<WallRepository['visibleItemsOfLink']>[1]

describe.each(testDialects())('wall repository on $name', (dialect) => {
  let storage: Storage
  let wall: WallRepository
  let london: SchoolRows
  let nairobi: SchoolRows
  let linkId: string

  beforeAll(async () => {
    storage = await dialect.open()
    wall = createWallRepository(storage.db)
    london = await addSchool(storage.db, { pupils: ['Amara', 'Ben'] })
    nairobi = await addSchool(storage.db, { name: 'Umoja Primary', country: 'KE', pupils: ['Wanjiru', 'Otieno'] })
    linkId = await addLink(storage.db, [london.classId, nairobi.classId])
  })
  afterAll(() => storage?.close())

  const pupil = (rows: SchoolRows, i = 0): Viewer => ({ id: rows.pupilIds[i]!, role: 'pupil', schoolId: rows.schoolId })
  const teacher = (rows: SchoolRows): Viewer => ({ id: rows.teacherId, role: 'teacher', schoolId: rows.schoolId })

  /** A published letter by the first London pupil unless told otherwise. */
  async function addItem(overrides: Partial<NewItem> = {}): Promise<NewItem> {
    const item: NewItem = {
      id: randomUUID(),
      linkId,
      roundId: null,
      kind: 'letter',
      parentId: null,
      body: 'Dear friends',
      caption: '',
      mediaId: null,
      sticker: null,
      toPupilId: null,
      authorId: london.pupilIds[0]!,
      schoolId: london.schoolId,
      classId: london.classId,
      status: 'published',
      createdAt: at(0),
      ...overrides,
    }
    await wall.insertItem(item)
    return item
  }

  async function addRound(overrides: Partial<RoundRecord> = {}): Promise<RoundRecord> {
    const round: RoundRecord = {
      id: randomUUID(),
      linkId,
      theme: 'Our homes',
      deadline: at(1000),
      releaseAt: at(2000),
      status: 'open',
      releasedAt: null,
      createdBy: london.teacherId,
      createdAt: at(0),
      ...overrides,
    }
    await wall.insertRound(round)
    return round
  }

  async function addMedia() {
    const id = randomUUID()
    await createMediaRepository(storage.db).insert({
      id,
      linkId,
      ownerId: london.pupilIds[0]!,
      schoolId: london.schoolId,
      width: 4,
      height: 3,
      bytes: 12,
      createdAt: at(0),
    })
    return id
  }

  describe('items', () => {
    it('reads an item back with its names joined, flagged false and unicode intact', async () => {
      const round = await addRound()
      const item = await addItem({
        body: UNICODE_TEXT,
        caption: `${UNICODE_TEXT} caption`,
        sticker: '🌍',
        toPupilId: nairobi.pupilIds[0]!,
        roundId: round.id,
        language: 'cy',
        secondLanguage: 'ur',
        secondBody: `${UNICODE_TEXT} دوسری`,
      })
      expect(await wall.findItem(item.id)).toEqual({
        ...item,
        rejectReason: null,
        editNote: null,
        flagged: false,
        authorName: 'Amara',
        authorRole: 'pupil',
        className: london.className,
        toPupilName: 'Wanjiru',
        roundStatus: 'open',
        mediaWidth: null,
        mediaHeight: null,
        mediaBytes: null,
      })
      const byTeacher = await addItem({ authorId: london.teacherId, classId: null })
      expect(await wall.findItem(byTeacher.id)).toMatchObject({
        authorRole: 'teacher',
        className: null,
        toPupilName: null,
        roundStatus: null,
        language: '',
        secondLanguage: null,
        secondBody: null,
      })
      expect(await wall.findItem(randomUUID())).toBeUndefined()
    })

    it('finds several items by id, and none for an empty list', async () => {
      const a = await addItem()
      const b = await addItem()
      expect((await wall.findItems([a.id, b.id, randomUUID()])).map((i) => i.id).sort()).toEqual([a.id, b.id].sort())
      expect(await wall.findItems([])).toEqual([])
    })

    it("lists a link's items oldest first without the deleted ones", async () => {
      const otherLink = await addLink(storage.db, [london.classId, nairobi.classId])
      const second = await addItem({ linkId: otherLink, createdAt: at(2000) })
      const first = await addItem({ linkId: otherLink, createdAt: at(1000) })
      await addItem({ linkId: otherLink, createdAt: at(1500), status: 'deleted' })
      const held = await addItem({ linkId: otherLink, createdAt: at(3000), status: 'held' })
      expect((await wall.itemsOfLink(otherLink)).map((i) => i.id)).toEqual([first.id, second.id, held.id])
      expect(await wall.itemsOfLink(randomUUID())).toEqual([])
    })

    it('stores flagged as 0/1 and reads it back as a boolean; changes only the given fields', async () => {
      const item = await addItem()
      await wall.updateItem(item.id, { flagged: true, editNote: 'Name removed' })
      const raw = await storage.db
        .selectFrom('wallItems')
        .select('flagged')
        .where('id', '=', item.id)
        .executeTakeFirstOrThrow()
      expect(raw.flagged).toBe(1)
      expect(await wall.findItem(item.id)).toMatchObject({
        flagged: true,
        editNote: 'Name removed',
        body: item.body,
        status: 'published',
      })
      await wall.updateItem(item.id, { flagged: false, status: 'hidden', rejectReason: 'Off topic' })
      expect(await wall.findItem(item.id)).toMatchObject({
        flagged: false,
        status: 'hidden',
        rejectReason: 'Off topic',
        editNote: 'Name removed',
      })
    })

    it('does nothing, and does not throw, for an update with no fields', async () => {
      const item = await addItem()
      await wall.updateItem(item.id, {})
      expect(await wall.findItem(item.id)).toMatchObject({ body: item.body, status: 'published', flagged: false })
    })

    it('finds the items carrying a picture and those whose picture shows a pupil', async () => {
      const mediaId = await addMedia()
      const picture = await addItem({ kind: 'picture', mediaId })
      await addItem()
      expect(await wall.itemsWithMedia(mediaId)).toEqual([picture.id])

      const shown = london.pupilIds[1]!
      await wall.setMediaPeople(mediaId, [shown, london.pupilIds[0]!])
      await wall.setMediaPeople(mediaId, [shown])
      expect(await wall.itemsShowing(shown)).toEqual([picture.id])
      expect(await wall.itemsShowing(london.pupilIds[0]!)).toEqual([])
      await wall.setMediaPeople(mediaId, [])
      expect(await wall.itemsShowing(shown)).toEqual([])
    })
  })

  describe('visibility in SQL (a few fixed cases; the rule is property-tested)', () => {
    it('shows each viewer what the rule allows, oldest first', async () => {
      const link = await addLink(storage.db, [london.classId, nairobi.classId])
      const round = await addRound({ linkId: link })
      const published = await addItem({ linkId: link, createdAt: at(1) })
      const inOpenRound = await addItem({ linkId: link, roundId: round.id, createdAt: at(2) })
      const toWanjiru = await addItem({ linkId: link, toPupilId: nairobi.pupilIds[0]!, createdAt: at(3) })
      const held = await addItem({ linkId: link, status: 'held', createdAt: at(4) })
      const flaggedByOtieno = await addItem({
        linkId: link,
        authorId: nairobi.pupilIds[0]!,
        schoolId: nairobi.schoolId,
        classId: nairobi.classId,
        createdAt: at(5),
      })
      await addItem({ linkId: link, status: 'deleted', createdAt: at(6) })
      await createModerationRepository(storage.db).flag(
        'wall_item',
        flaggedByOtieno.id,
        nairobi.pupilIds[1]!,
        'mean',
        at(7),
      )

      const ids = async (viewer: Viewer) => (await wall.visibleItemsOfLink(link, viewer)).map((i) => i.id)
      expect(await ids(pupil(london, 0))).toEqual([
        published.id,
        inOpenRound.id,
        toWanjiru.id,
        held.id,
        flaggedByOtieno.id,
      ])
      expect(await ids(pupil(london, 1))).toEqual([published.id, inOpenRound.id, flaggedByOtieno.id])
      expect(await ids(teacher(london))).toEqual([
        published.id,
        inOpenRound.id,
        toWanjiru.id,
        held.id,
        flaggedByOtieno.id,
      ])
      expect(await ids(pupil(nairobi, 0))).toEqual([published.id, toWanjiru.id, flaggedByOtieno.id])
      expect(await ids(pupil(nairobi, 1))).toEqual([published.id])
      expect(await ids(teacher(nairobi))).toEqual([published.id, toWanjiru.id, flaggedByOtieno.id])

      await wall.releaseNow(round.id, at(10))
      expect(await ids(pupil(nairobi, 1))).toEqual([published.id, inOpenRound.id])
      expect((await wall.findItem(inOpenRound.id))?.roundStatus).toBe('released')
    })
  })

  describe('rounds', () => {
    it('finds rounds, lists them newest first, and finds the newest open one', async () => {
      const link = await addLink(storage.db, [london.classId, nairobi.classId])
      expect(await wall.openRound(link)).toBeUndefined()
      const older = await addRound({ linkId: link, createdAt: at(1000), theme: UNICODE_TEXT })
      const newer = await addRound({ linkId: link, createdAt: at(2000) })
      expect(await wall.findRound(older.id)).toEqual(older)
      expect(await wall.findRound(randomUUID())).toBeUndefined()
      expect(await wall.roundsOfLink(link)).toEqual([newer, older])
      expect(await wall.openRound(link)).toEqual(newer)
      await wall.releaseNow(newer.id, at(3000))
      expect(await wall.openRound(link)).toEqual(older)
    })

    it('releases due open rounds once, returning only what this call released, even when two race', async () => {
      const origin = Date.parse('2001-06-01T00:00:00.000Z')
      const due = await addRound({ releaseAt: at(0, origin) })
      const dueExactly = await addRound({ releaseAt: at(5000, origin) })
      const notYet = await addRound({ releaseAt: at(5001, origin) })
      const now = at(5000, origin)

      const [first, second] = await Promise.all([wall.releaseDue(now), wall.releaseDue(now)])
      const released = [...first!, ...second!]
      expect(released.map((r) => r.id).sort()).toEqual([due.id, dueExactly.id].sort())
      expect(released.every((r) => r.status === 'released' && r.releasedAt === now)).toBe(true)
      expect(await wall.releaseDue(now)).toEqual([])
      expect(await wall.findRound(notYet.id)).toMatchObject({ status: 'open', releasedAt: null })
      expect(await wall.findRound(due.id)).toMatchObject({ status: 'released', releasedAt: now })
    })

    it('releases one round now for exactly one of several racing callers', async () => {
      const round = await addRound()
      const results = await Promise.all([1, 2, 3].map((n) => wall.releaseNow(round.id, at(n))))
      expect(results.filter(Boolean)).toHaveLength(1)
      expect(await wall.releaseNow(round.id, at(9))).toBe(false)
      expect(await wall.releaseNow(randomUUID(), at(9))).toBe(false)
      expect((await wall.findRound(round.id))?.status).toBe('released')
    })

    it('records an early-release agreement once per class', async () => {
      const round = await addRound()
      await wall.agreeEarly(round.id, london.classId, london.teacherId, at(1))
      await wall.agreeEarly(round.id, london.classId, london.teacherId, at(2))
      expect(await wall.earlyAgreements(round.id)).toEqual([london.classId])
      await wall.agreeEarly(round.id, nairobi.classId, nairobi.teacherId, at(3))
      expect((await wall.earlyAgreements(round.id)).sort()).toEqual([london.classId, nairobi.classId].sort())
      expect(await wall.earlyAgreements(randomUUID())).toEqual([])
    })
  })

  describe('pen pals, consent and pupils', () => {
    const byPupil = (rows: { groupId: string; pupilId: string }[]) =>
      [...rows].sort((a, b) => a.pupilId.localeCompare(b.pupilId))

    it("replaces a link's pen-pal groups, clears them with none, and survives two replacements racing", async () => {
      const link = await addLink(storage.db, [london.classId, nairobi.classId])
      const [a0, a1] = london.pupilIds as [string, string]
      const [b0, b1] = nairobi.pupilIds as [string, string]
      await wall.replacePenPals(link, [{ groupId: 'g1', pupilIds: [a0, b0] }])
      const pairs = [
        { groupId: 'g2', pupilIds: [a0, b1] },
        { groupId: 'g3', pupilIds: [a1, b0] },
      ]
      await wall.replacePenPals(link, pairs)
      const expected = byPupil(pairs.flatMap((g) => g.pupilIds.map((pupilId) => ({ groupId: g.groupId, pupilId }))))
      expect(byPupil(await wall.penPals(link))).toEqual(expected)
      expect(await wall.penPals(linkId)).toEqual([])

      await Promise.all([wall.replacePenPals(link, pairs), wall.replacePenPals(link, pairs)])
      expect(byPupil(await wall.penPals(link))).toEqual(expected)
      await wall.replacePenPals(link, [])
      expect(await wall.penPals(link)).toEqual([])
    })

    it('keeps one consent per pupil, changed in place, read back as booleans', async () => {
      const [a0, a1] = london.pupilIds as [string, string]
      await wall.setConsent(a0, true, london.teacherId, at(1))
      await wall.setConsent(a1, true, london.teacherId, at(1))
      await wall.setConsent(a1, false, london.teacherId, at(2))
      expect(await wall.consentOf([a0, a1, nairobi.pupilIds[0]!])).toEqual(
        new Map([
          [a0, true],
          [a1, false],
        ]),
      )
      const rows = await storage.db
        .selectFrom('photoConsent')
        .select(['consent', 'updatedAt'])
        .where('pupilId', '=', a1)
        .execute()
      expect(rows).toEqual([{ consent: 0, updatedAt: at(2) }])
      expect(await wall.consentOf([])).toEqual(new Map())
    })

    it('lists the active pupils of classes by name, and none for no classes', async () => {
      // ASCII names: how PostgreSQL orders Ŵ depends on the server's collation.
      const school = await addSchool(storage.db, { pupils: ['Zoe', 'Cai', 'Aled', 'Bethan'] })
      const other = await addSchool(storage.db, { pupils: ['Dylan'] })
      await createAccountsRepository(storage.db).updateUser(school.pupilIds[3]!, { active: 0 })
      const pupils = await wall.pupilsOfClasses([school.classId, other.classId])
      expect(pupils.map((p) => p.name)).toEqual(['Aled', 'Cai', 'Dylan', 'Zoe'])
      expect(pupils[0]).toEqual({ id: school.pupilIds[2], name: 'Aled', classId: school.classId })
      expect(pupils[2]).toEqual({ id: other.pupilIds[0], name: 'Dylan', classId: other.classId })
      expect(await wall.pupilsOfClasses([])).toEqual([])
    })
  })
})
