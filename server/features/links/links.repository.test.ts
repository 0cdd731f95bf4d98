import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { agreementContentSchema } from '../../../shared/schemas/agreements.js'
import type { Storage } from '../../storage/database.js'
import { testDialects } from '../../test/databases.js'
import { addLink, addSchool, at, UNICODE_TEXT, type SchoolRows } from '../../test/repositoryRows.js'
import { createAccountsRepository } from '../accounts/accounts.repository.js'
import { createAgreementsRepository, type AgreementsRepository, type NewActivity } from './agreements.repository.js'
import { createMembershipRepository, type MembershipRepository } from './membership.repository.js'
import { createPartnersRepository, type NewLinkRequest, type PartnersRepository } from './partners.repository.js'

describe.each(testDialects())('links repositories on $name', (dialect) => {
  let storage: Storage
  let membership: MembershipRepository
  let agreements: AgreementsRepository
  let partners: PartnersRepository
  let london: SchoolRows
  let nairobi: SchoolRows

  beforeAll(async () => {
    storage = await dialect.open()
    membership = createMembershipRepository(storage.db)
    agreements = createAgreementsRepository(storage.db)
    partners = createPartnersRepository(storage.db, dialect.name)
    london = await addSchool(storage.db)
    nairobi = await addSchool(storage.db, { name: 'Umoja Primary', country: 'KE' })
  })
  afterAll(() => storage?.close())

  describe('membership', () => {
    it('finds a link with its classes in colour order, their schools and languages', async () => {
      const linkId = await addLink(storage.db, [nairobi.classId, london.classId], 'forming', at(0))
      const link = await membership.findLink(linkId)
      expect(link).toMatchObject({ id: linkId, status: 'forming', createdAt: at(0) })
      expect(link?.classes).toEqual([
        {
          classId: nairobi.classId,
          colorIndex: 0,
          joinedAt: at(0),
          className: nairobi.className,
          ageMin: 9,
          ageMax: 10,
          languages: ['en', 'cy'],
          timeZone: 'Europe/London',
          schoolId: nairobi.schoolId,
          schoolName: nairobi.schoolName,
          country: 'KE',
          city: 'London',
        },
        expect.objectContaining({ classId: london.classId, colorIndex: 1, schoolId: london.schoolId, country: 'GB' }),
      ])
      expect(await membership.findLink(randomUUID())).toBeUndefined()
    })

    it('changes the status and when it changed', async () => {
      const linkId = await addLink(storage.db, [], 'forming', at(0))
      await membership.setLinkStatus(linkId, 'paused', at(5000))
      expect(await membership.findLink(linkId)).toEqual({ id: linkId, status: 'paused', createdAt: at(0), classes: [] })
      const row = await storage.db
        .selectFrom('links')
        .select('updatedAt')
        .where('id', '=', linkId)
        .executeTakeFirstOrThrow()
      expect(row.updatedAt).toBe(at(5000))
    })

    it('gives classes joining at the same time different colours', async () => {
      const classes = [
        await addSchool(storage.db),
        await addSchool(storage.db),
        await addSchool(storage.db),
        await addSchool(storage.db),
      ]
      const linkId = await addLink(storage.db, [])
      await Promise.all(classes.map((c) => membership.addClassToLink(linkId, c.classId, at(0))))
      const colours = (await membership.findLink(linkId))?.classes.map((c) => c.colorIndex)
      expect(colours).toEqual([0, 1, 2, 3])
    })

    it('lists the links of classes and of a school once each, and nothing for no classes', async () => {
      const school = await addSchool(storage.db)
      const first = await addLink(storage.db, [school.classId, london.classId])
      const second = await addLink(storage.db, [school.classId, nairobi.classId])
      await addLink(storage.db, [london.classId, nairobi.classId])
      // The interface promises newest first; callers sort again, so only the set is checked here.
      expect(
        (await membership.linkIdsOfClasses([school.classId, london.classId]))
          .filter((id) => [first, second].includes(id))
          .sort(),
      ).toEqual([first, second].sort())
      expect((await membership.linkIdsOfClasses([school.classId])).sort()).toEqual([first, second].sort())
      expect((await membership.linkIdsOfSchool(school.schoolId)).sort()).toEqual([first, second].sort())
      expect(await membership.linkIdsOfClasses([])).toEqual([])
      expect(await membership.linkIdsOfSchool(randomUUID())).toEqual([])
    })

    it('lists the active teachers of schools, and nobody for no schools', async () => {
      const school = await addSchool(storage.db, { pupils: ['Amara'] })
      const accounts = createAccountsRepository(storage.db)
      const away = randomUUID()
      await accounts.insertUser({
        id: away,
        role: 'teacher',
        email: `${away}@example.org`,
        passwordHash: 'x',
        displayName: 'Away',
        schoolId: school.schoolId,
        classId: null,
        personalCode: null,
        locale: 'cy',
      })
      await accounts.updateUser(away, { active: 0 })
      expect((await membership.teacherIdsOfSchools([school.schoolId, nairobi.schoolId])).sort()).toEqual(
        [school.teacherId, nairobi.teacherId].sort(),
      )
      expect(await membership.teacherIdsOfSchools([])).toEqual([])
    })
  })

  describe('agreements', () => {
    const planItemId = randomUUID()
    const content = (aims: string) =>
      agreementContentSchema.parse({
        aims,
        communication: { how: 'Letters' },
        evaluation: {},
        plan: [{ id: planItemId, date: '2030-03-01', activity: 'Ŵyl Dewi 🐉' }],
      })

    it('lists versions newest first with their own signatures, oldest signature first', async () => {
      const linkId = await addLink(storage.db, [london.classId, nairobi.classId])
      await agreements.insertVersion(linkId, 1, content('First'), london.teacherId, at(0))
      await agreements.insertVersion(linkId, 2, content(UNICODE_TEXT), nairobi.teacherId, at(1000))
      await agreements.insertSignature(linkId, 2, nairobi.classId, nairobi.teacherId, at(3000))
      await agreements.insertSignature(linkId, 2, london.classId, london.teacherId, at(2000))
      await agreements.insertSignature(linkId, 1, london.classId, london.teacherId, at(500))

      expect(await agreements.versions(linkId)).toEqual([
        {
          version: 2,
          content: content(UNICODE_TEXT),
          editedByName: nairobi.teacherName,
          editedAt: at(1000),
          signatures: [
            { classId: london.classId, signedAt: at(2000), signedByName: london.teacherName },
            { classId: nairobi.classId, signedAt: at(3000), signedByName: nairobi.teacherName },
          ],
        },
        {
          version: 1,
          content: content('First'),
          editedByName: london.teacherName,
          editedAt: at(0),
          signatures: [{ classId: london.classId, signedAt: at(500), signedByName: london.teacherName }],
        },
      ])
      expect(await agreements.versions(randomUUID())).toEqual([])
    })

    it('rewrites a draft in place, and refuses a second version with the same number', async () => {
      const linkId = await addLink(storage.db, [london.classId])
      await agreements.insertVersion(linkId, 1, content('Draft'), london.teacherId, at(0))
      await agreements.replaceVersion(linkId, 1, content('Better draft'), nairobi.teacherId, at(100))
      expect(await agreements.versions(linkId)).toEqual([
        {
          version: 1,
          content: content('Better draft'),
          editedByName: nairobi.teacherName,
          editedAt: at(100),
          signatures: [],
        },
      ])
      await expect(agreements.insertVersion(linkId, 1, content('Again'), london.teacherId, at(200))).rejects.toThrow()
    })

    it('signs once per class and version, and marks a plan item done once', async () => {
      const linkId = await addLink(storage.db, [london.classId])
      await agreements.insertVersion(linkId, 1, content('Aims'), london.teacherId, at(0))
      expect(await agreements.insertSignature(linkId, 1, london.classId, london.teacherId, at(1))).toBe(true)
      expect(await agreements.insertSignature(linkId, 1, london.classId, london.teacherId, at(2))).toBe(false)
      expect((await agreements.versions(linkId))[0]?.signatures).toEqual([
        { classId: london.classId, signedAt: at(1), signedByName: london.teacherName },
      ])

      const item = randomUUID()
      expect(await agreements.doneItemIds(linkId)).toEqual([])
      expect(await agreements.markDone(linkId, item, london.teacherId, at(1))).toBe(true)
      expect(await agreements.markDone(linkId, item, nairobi.teacherId, at(2))).toBe(false)
      expect(await agreements.doneItemIds(linkId)).toEqual([item])
    })

    it('keeps activity: newest first up to a limit, all oldest first, with the actor and parameters', async () => {
      const linkId = await addLink(storage.db, [london.classId, nairobi.classId])
      const activity = (kind: NewActivity['kind'], ms: number, overrides: Partial<NewActivity> = {}): NewActivity => ({
        id: randomUUID(),
        linkId,
        kind,
        actorId: london.teacherId,
        classId: null,
        params: {},
        isContact: false,
        createdAt: at(ms),
        ...overrides,
      })
      const created = activity('link_created', 0, { actorId: null, params: { from: UNICODE_TEXT, count: 2 } })
      const post = activity('board_post', 2000, { classId: london.classId, isContact: true })
      const paused = activity('link_paused', 3000)
      const active = activity('link_active', 1000)
      for (const a of [post, created, paused, active]) await agreements.insertActivity(a)

      expect((await agreements.recentActivity(linkId, 2)).map((a) => a.id)).toEqual([paused.id, post.id])
      const all = await agreements.allActivity(linkId)
      expect(all.map((a) => a.id)).toEqual([created.id, active.id, post.id, paused.id])
      expect(all[0]).toEqual({
        id: created.id,
        kind: 'link_created',
        actorName: null,
        classId: null,
        params: { from: UNICODE_TEXT, count: 2 },
        createdAt: at(0),
      })
      expect(all[2]).toMatchObject({ actorName: london.teacherName, classId: london.classId })
    })

    it('knows when the classes were last in contact and when the link last became active', async () => {
      const linkId = await addLink(storage.db, [london.classId, nairobi.classId])
      expect(await agreements.lastContactAt(linkId)).toBeUndefined()
      expect(await agreements.lastActivatedAt(linkId)).toBeUndefined()
      const add = (kind: NewActivity['kind'], ms: number, isContact: boolean) =>
        agreements.insertActivity({
          id: randomUUID(),
          linkId,
          kind,
          actorId: null,
          classId: null,
          params: {},
          isContact,
          createdAt: at(ms),
        })
      await add('board_post', 1000, true)
      await add('wall_item', 3000, true)
      await add('agreement_edited', 9000, false)
      await add('link_active', 2000, false)
      await add('link_resumed', 4000, false)
      await add('link_paused', 5000, false)
      expect(await agreements.lastContactAt(linkId)).toBe(at(3000))
      expect(await agreements.lastActivatedAt(linkId)).toBe(at(4000))
      expect(await agreements.contactAndActivation(linkId)).toEqual({
        lastContactAt: at(3000),
        lastActivatedAt: at(4000),
      })
    })
  })

  describe('partners', () => {
    it('opts a class in, updates its entry without moving its place, and opts it out', async () => {
      const school = await addSchool(storage.db, { country: 'NZ', ageMin: 7, ageMax: 8 })
      await partners.upsertEntry(
        school.classId,
        { themes: ['ŵyl', 'مرحبا 🌍'], hopes: UNICODE_TEXT, schoolDay: { start: '08:30', end: '15:00' } },
        at(0),
      )
      await partners.upsertEntry(
        school.classId,
        { themes: ['rivers'], hopes: 'Pen pals', schoolDay: { start: '09:00', end: '15:30' } },
        at(9000),
      )
      expect(await partners.findEntry(school.classId)).toEqual({
        classId: school.classId,
        className: school.className,
        schoolId: school.schoolId,
        schoolName: school.schoolName,
        country: 'NZ',
        region: 'oceania',
        city: 'London',
        ageMin: 7,
        ageMax: 8,
        languages: ['en', 'cy'],
        subjects: ['geography'],
        themes: ['rivers'],
        hopes: 'Pen pals',
        timeZone: 'Europe/London',
        schoolDay: { start: '09:00', end: '15:30' },
        optedInAt: at(0),
      })
      await partners.upsertEntry(
        school.classId,
        { themes: ['ŵyl', 'مرحبا 🌍'], hopes: UNICODE_TEXT, schoolDay: { start: '08:30', end: '15:00' } },
        at(1),
      )
      expect(await partners.findEntry(school.classId)).toMatchObject({
        themes: ['ŵyl', 'مرحبا 🌍'],
        hopes: UNICODE_TEXT,
      })
      await partners.deleteEntry(school.classId)
      expect(await partners.findEntry(school.classId)).toBeUndefined()
    })

    it('filters the directory by country, overlapping ages and school, newest opt-in first', async () => {
      const young = await addSchool(storage.db, { country: 'JP', ageMin: 5, ageMax: 7 })
      const old = await addSchool(storage.db, { country: 'JP', ageMin: 11, ageMax: 12 })
      const middle = await addSchool(storage.db, { country: 'FJ', ageMin: 8, ageMax: 10 })
      const input = { themes: [], hopes: 'Friends', schoolDay: { start: '08:00', end: '15:00' } }
      await partners.upsertEntry(old.classId, input, at(1000))
      await partners.upsertEntry(young.classId, input, at(2000))
      await partners.upsertEntry(middle.classId, input, at(500))
      const mine = [young.classId, old.classId, middle.classId]
      const list = async (filter: Parameters<PartnersRepository['entriesPage']>[0]) =>
        (await partners.entriesPage(filter, undefined, 50)).items
          .map((e) => e.classId)
          .filter((id) => mine.includes(id))

      expect(await list({})).toEqual([young.classId, old.classId, middle.classId])
      expect(await list({ country: 'JP' })).toEqual([young.classId, old.classId])
      expect(await list({ region: 'oceania' })).toEqual([middle.classId])
      expect(await list({ ageMin: 7, ageMax: 8 })).toEqual([young.classId, middle.classId])
      expect(await list({ ageMin: 11 })).toEqual([old.classId])
      expect(await list({ ageMax: 7 })).toEqual([young.classId])
      expect(await list({ excludeSchoolId: old.schoolId })).toEqual([young.classId, middle.classId])
    })

    const request = (from: SchoolRows, to: SchoolRows, overrides: Partial<NewLinkRequest> = {}): NewLinkRequest => ({
      id: randomUUID(),
      linkId: null,
      fromClassId: from.classId,
      toClassId: to.classId,
      message: 'Shall we?',
      createdBy: from.teacherId,
      createdAt: at(0),
      ...overrides,
    })

    it('reads a request back with both classes and schools, pending until decided once', async () => {
      const r = request(london, nairobi, { message: UNICODE_TEXT })
      await partners.insertRequest(r)
      const expected = {
        id: r.id,
        linkId: null,
        from: {
          classId: london.classId,
          className: london.className,
          schoolId: london.schoolId,
          schoolName: london.schoolName,
          country: 'GB',
          city: 'London',
        },
        to: {
          classId: nairobi.classId,
          className: nairobi.className,
          schoolId: nairobi.schoolId,
          schoolName: nairobi.schoolName,
          country: 'KE',
          city: 'London',
        },
        message: UNICODE_TEXT,
        status: 'pending',
        createdByName: london.teacherName,
        createdAt: at(0),
        decidedAt: null,
      }
      expect(await partners.findRequest(r.id)).toEqual(expected)
      expect(await partners.findRequest(randomUUID())).toBeUndefined()

      const race = await Promise.all([
        partners.decideRequest(r.id, 'accepted', nairobi.teacherId, at(1)),
        partners.decideRequest(r.id, 'withdrawn', london.teacherId, at(2)),
      ])
      expect(race.filter(Boolean)).toHaveLength(1)
      expect(await partners.decideRequest(r.id, 'declined', nairobi.teacherId, at(3))).toBe(false)
      const decided = await partners.findRequest(r.id)
      expect(decided?.status).toBe(race[0] ? 'accepted' : 'withdrawn')
      expect(decided?.decidedAt).toBe(race[0] ? at(1) : at(2))
    })

    it('lists requests from, to or into links newest first, and none for nothing asked', async () => {
      const a = await addSchool(storage.db)
      const b = await addSchool(storage.db)
      const linkId = await addLink(storage.db, [london.classId, nairobi.classId])
      const sent = request(a, london, { createdAt: at(1000) })
      const received = request(b, a, { createdAt: at(3000) })
      const intoLink = request(london, b, { linkId, createdAt: at(2000) })
      const unrelated = request(london, nairobi, { createdAt: at(4000) })
      for (const r of [sent, received, intoLink, unrelated]) await partners.insertRequest(r)

      expect((await partners.listRequests([a.classId], [])).map((r) => r.id)).toEqual([received.id, sent.id])
      expect((await partners.listRequests([], [linkId])).map((r) => r.id)).toEqual([intoLink.id])
      expect((await partners.listRequests([a.classId], [linkId])).map((r) => r.id)).toEqual([
        received.id,
        intoLink.id,
        sent.id,
      ])
      expect(await partners.listRequests([], [])).toEqual([])
    })

    it('finds pending requests between two classes either way, or from a link to a class', async () => {
      const a = await addSchool(storage.db)
      const b = await addSchool(storage.db)
      const linkId = await addLink(storage.db, [london.classId, nairobi.classId])
      const ab = request(a, b)
      const ba = request(b, a)
      const declined = request(a, b)
      const fromLink = request(london, b, { linkId })
      for (const r of [ab, ba, declined, fromLink]) await partners.insertRequest(r)
      await partners.decideRequest(declined.id, 'declined', b.teacherId, at(1))

      expect((await partners.pendingBetween(a.classId, b.classId, null)).map((r) => r.id).sort()).toEqual(
        [ab.id, ba.id].sort(),
      )
      expect((await partners.pendingBetween(nairobi.classId, b.classId, linkId)).map((r) => r.id)).toEqual([
        fromLink.id,
      ])
      expect(await partners.pendingBetween(nairobi.classId, a.classId, linkId)).toEqual([])
    })
  })
})
