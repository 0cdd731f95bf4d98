import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { School } from '../../../shared/schemas/schools.js'
import type { Storage } from '../../storage/database.js'
import { testDialects } from '../../test/databases.js'
import { createSchoolsRepository, type SchoolsRepository } from '../schools/schools.repository.js'
import { createAccountsRepository, type AccountsRepository, type NewUserRow } from './accounts.repository.js'

const newSchool = (): School => ({
  id: randomUUID(),
  name: 'Thames Primary',
  country: 'GB',
  city: 'London',
  timeZone: 'Europe/London',
  languages: ['en'],
  dayEndsAt: '15:30',
})

const newTeacher = (schoolId: string, overrides: Partial<NewUserRow> = {}): NewUserRow => ({
  id: randomUUID(),
  role: 'teacher',
  email: `t-${randomUUID()}@example.org`,
  passwordHash: 'scrypt$hash',
  displayName: 'Ms Teacher',
  schoolId,
  classId: null,
  personalCode: null,
  locale: 'en',
  ...overrides,
})

const iso = (msFromNow: number) => new Date(Date.now() + msFromNow).toISOString()
const HOUR = 60 * 60 * 1000

describe.each(testDialects())('AccountsRepository on $name', (dialect) => {
  let storage: Storage
  let accounts: AccountsRepository
  let schools: SchoolsRepository

  beforeAll(async () => {
    storage = await dialect.open()
    accounts = createAccountsRepository(storage.db)
    schools = createSchoolsRepository(storage.db)
  })
  afterAll(() => storage?.close())

  /** A school with its teacher and one class, the minimum a pupil needs to exist. */
  async function schoolWithClass(code = randomUUID().slice(0, 6).toUpperCase()) {
    const school = newSchool()
    const teacher = newTeacher(school.id)
    await accounts.insertTeacherWithSchool(school, teacher)
    const classId = randomUUID()
    await schools.insertClass(
      {
        id: classId,
        schoolId: school.id,
        name: 'Year 5',
        ageMin: 9,
        ageMax: 10,
        languages: ['en'],
        subjects: [],
        timeZone: 'Europe/London',
        code,
      },
      teacher.id,
    )
    return { school, teacher, classId, code }
  }

  const newPupil = (schoolId: string, classId: string, personalCode: string, displayName = 'Amara'): NewUserRow => ({
    id: randomUUID(),
    role: 'pupil',
    email: null,
    passwordHash: null,
    displayName,
    schoolId,
    classId,
    personalCode,
    locale: 'en',
  })

  describe('users', () => {
    it('registers a teacher with their school in one go and finds them by id and email', async () => {
      const school = newSchool()
      const teacher = newTeacher(school.id)
      await accounts.insertTeacherWithSchool(school, teacher)

      expect(await schools.findSchool(school.id)).toEqual(school)
      const byId = await accounts.findUserById(teacher.id)
      expect(byId).toMatchObject({ ...teacher, active: 1 })
      expect(Date.parse(byId!.createdAt)).not.toBeNaN()
      expect((await accounts.findTeacherByEmail(teacher.email!))?.id).toBe(teacher.id)
    })

    it('answers undefined for unknown ids and emails', async () => {
      expect(await accounts.findUserById(randomUUID())).toBeUndefined()
      expect(await accounts.findTeacherByEmail('nobody@example.org')).toBeUndefined()
    })

    it('refuses a second user with the same email, and keeps the school of a refused registration out', async () => {
      const { school, teacher } = await schoolWithClass()
      await expect(accounts.insertUser(newTeacher(school.id, { email: teacher.email }))).rejects.toThrow()

      const otherSchool = newSchool()
      await expect(
        accounts.insertTeacherWithSchool(otherSchool, newTeacher(otherSchool.id, { email: teacher.email })),
      ).rejects.toThrow()
      expect(await schools.findSchool(otherSchool.id)).toBeUndefined()
    })

    it('lets any number of pupils have no email', async () => {
      const { school, classId } = await schoolWithClass()
      await accounts.insertUser(newPupil(school.id, classId, 'AAAAAA'))
      await accounts.insertUser(newPupil(school.id, classId, 'BBBBBB'))
      expect(await schools.listPupils(classId)).toHaveLength(2)
    })

    it('does not find a pupil by email lookup meant for teachers', async () => {
      const { school, classId } = await schoolWithClass()
      const pupil = { ...newPupil(school.id, classId, 'CCCCCC'), email: `p-${randomUUID()}@example.org` }
      await accounts.insertUser(pupil)
      expect(await accounts.findTeacherByEmail(pupil.email)).toBeUndefined()
    })

    it('finds a pupil by class code and personal code, active or not, and nothing on a mismatch', async () => {
      const a = await schoolWithClass()
      const b = await schoolWithClass()
      const pupil = newPupil(a.school.id, a.classId, 'KMNPQR')
      await accounts.insertUser(pupil)

      expect((await accounts.findPupilByCodes(a.code, 'KMNPQR'))?.id).toBe(pupil.id)
      expect(await accounts.findPupilByCodes(b.code, 'KMNPQR')).toBeUndefined()
      expect(await accounts.findPupilByCodes(a.code, 'KMNPQS')).toBeUndefined()

      await accounts.updateUser(pupil.id, { active: 0 })
      expect(await accounts.findPupilByCodes(a.code, 'KMNPQR')).toMatchObject({ id: pupil.id, active: 0 })
    })

    it('finds a class and its school by sign-in code, and nothing for an unknown code', async () => {
      const a = await schoolWithClass()
      expect(await accounts.findClassByCode(a.code)).toEqual({ id: a.classId, schoolId: a.school.id })
      expect(await accounts.findClassByCode('ZZZZZZ-unknown')).toBeUndefined()
    })

    it('refuses two pupils with one personal code in the same class', async () => {
      const { school, classId } = await schoolWithClass()
      await accounts.insertUser(newPupil(school.id, classId, 'DDDDDD'))
      await expect(accounts.insertUser(newPupil(school.id, classId, 'DDDDDD'))).rejects.toThrow()
    })

    it('updates only the given fields, and does nothing for no changes', async () => {
      const { school, classId } = await schoolWithClass()
      const pupil = newPupil(school.id, classId, 'EEEEEE')
      await accounts.insertUser(pupil)

      await accounts.updateUser(pupil.id, { displayName: 'Amara K', locale: 'cy' })
      await accounts.updateUser(pupil.id, {})
      expect(await accounts.findUserById(pupil.id)).toMatchObject({
        displayName: 'Amara K',
        locale: 'cy',
        personalCode: 'EEEEEE',
        active: 1,
      })

      await accounts.updateUser(pupil.id, { personalCode: 'FFFFFF', active: 0 })
      expect(await accounts.findUserById(pupil.id)).toMatchObject({
        personalCode: 'FFFFFF',
        active: 0,
        displayName: 'Amara K',
      })
    })

    it("changes a teacher's password hash", async () => {
      const { teacher } = await schoolWithClass()
      await accounts.updateUser(teacher.id, { passwordHash: 'scrypt$new' })
      expect(await accounts.findUserById(teacher.id)).toMatchObject({
        passwordHash: 'scrypt$new',
        displayName: 'Ms Teacher',
      })
    })
  })

  describe('sessions', () => {
    async function teacherWithSession(expiresAt = iso(HOUR)) {
      const { teacher } = await schoolWithClass()
      const session = { id: randomUUID(), userId: teacher.id, createdAt: iso(0), expiresAt }
      await accounts.insertSession(session)
      return { teacher, session }
    }

    it('finds a live session with its user', async () => {
      const { teacher, session } = await teacherWithSession()
      const found = await accounts.findLiveSession(session.id, iso(0))
      expect(found?.session).toEqual({ id: session.id, userId: teacher.id, expiresAt: session.expiresAt })
      expect(found?.user.id).toBe(teacher.id)
    })

    it('treats a session as expired from its expiry instant on', async () => {
      const { session } = await teacherWithSession()
      const justBefore = new Date(Date.parse(session.expiresAt) - 1).toISOString()
      expect(await accounts.findLiveSession(session.id, justBefore)).toBeDefined()
      expect(await accounts.findLiveSession(session.id, session.expiresAt)).toBeUndefined()
      expect(await accounts.findLiveSession(session.id, iso(2 * HOUR))).toBeUndefined()
    })

    it('answers undefined for an unknown session', async () => {
      expect(await accounts.findLiveSession(randomUUID(), iso(0))).toBeUndefined()
    })

    it('deletes one session', async () => {
      const { session } = await teacherWithSession()
      await accounts.deleteSession(session.id)
      expect(await accounts.findLiveSession(session.id, iso(0))).toBeUndefined()
    })

    it("deletes every session of a user and returns their ids, leaving others' sessions alone", async () => {
      const { teacher, session } = await teacherWithSession()
      const second = { id: randomUUID(), userId: teacher.id, createdAt: iso(0), expiresAt: iso(HOUR) }
      await accounts.insertSession(second)
      const other = await teacherWithSession()

      const ended = await accounts.deleteSessionsOfUser(teacher.id)
      expect([...ended].sort()).toEqual([session.id, second.id].sort())
      expect(await accounts.findLiveSession(session.id, iso(0))).toBeUndefined()
      expect(await accounts.findLiveSession(second.id, iso(0))).toBeUndefined()
      expect(await accounts.findLiveSession(other.session.id, iso(0))).toBeDefined()
      expect(await accounts.deleteSessionsOfUser(teacher.id)).toEqual([])
    })

    it('can keep one session of the user while ending the others', async () => {
      const { teacher, session } = await teacherWithSession()
      const second = { id: randomUUID(), userId: teacher.id, createdAt: iso(0), expiresAt: iso(HOUR) }
      await accounts.insertSession(second)
      expect(await accounts.deleteSessionsOfUser(teacher.id, session.id)).toEqual([second.id])
      expect(await accounts.findLiveSession(session.id, iso(0))).toBeDefined()
      expect(await accounts.findLiveSession(second.id, iso(0))).toBeUndefined()
    })

    it('purges expired sessions only and counts them', async () => {
      const now = iso(0)
      // Everything earlier tests left behind expires within the hour; purge it so the count is exact.
      await accounts.deleteExpiredSessions(iso(3 * HOUR))
      const expired = await teacherWithSession(iso(-HOUR))
      const expiringNow = await teacherWithSession(now)
      const live = await teacherWithSession(iso(HOUR * 4))

      expect(await accounts.deleteExpiredSessions(now)).toBe(2)
      expect(await accounts.deleteExpiredSessions(now)).toBe(0)
      expect(await accounts.findLiveSession(live.session.id, now)).toBeDefined()
      for (const gone of [expired, expiringNow]) {
        expect(await accounts.findLiveSession(gone.session.id, iso(-2 * HOUR))).toBeUndefined()
      }
    })
  })
})
