import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { School } from '../../../shared/schemas/schools.js'
import type { Storage } from '../../storage/database.js'
import { testDialects } from '../../test/databases.js'
import { createAccountsRepository, type AccountsRepository } from '../accounts/accounts.repository.js'
import { createSchoolsRepository, type ClassRecord, type SchoolsRepository } from './schools.repository.js'

describe.each(testDialects())('SchoolsRepository on $name', (dialect) => {
  let storage: Storage
  let accounts: AccountsRepository
  let schools: SchoolsRepository

  beforeAll(async () => {
    storage = await dialect.open()
    accounts = createAccountsRepository(storage.db)
    schools = createSchoolsRepository(storage.db)
  })
  afterAll(() => storage?.close())

  async function newSchoolWithTeacher() {
    const school: School = {
      id: randomUUID(),
      name: 'Umoja Primary',
      country: 'KE',
      city: 'Nairobi',
      timeZone: 'Africa/Nairobi',
      languages: ['en', 'sw'],
      dayEndsAt: '15:30',
    }
    const teacherId = randomUUID()
    await accounts.insertTeacherWithSchool(school, {
      id: teacherId,
      role: 'teacher',
      email: `t-${randomUUID()}@example.org`,
      passwordHash: 'scrypt$hash',
      displayName: 'Mr Otieno',
      schoolId: school.id,
      classId: null,
      personalCode: null,
      locale: 'en',
    })
    return { school, teacherId }
  }

  const uniqueCode = () => randomUUID().replace(/-/g, '').slice(0, 6).toUpperCase()

  const classRecord = (schoolId: string, overrides: Partial<ClassRecord> = {}): ClassRecord => ({
    id: randomUUID(),
    schoolId,
    name: 'Class 6',
    ageMin: 11,
    ageMax: 12,
    languages: ['en', 'sw'],
    subjects: ['geography', 'music'],
    timeZone: 'Africa/Nairobi',
    code: uniqueCode(),
    dataSaver: false,
    defaultLocale: null,
    ...overrides,
  })

  async function addPupil(schoolId: string, classId: string, displayName: string, active = true) {
    const id = randomUUID()
    await accounts.insertUser({
      id,
      role: 'pupil',
      email: null,
      passwordHash: null,
      displayName,
      schoolId,
      classId,
      personalCode: uniqueCode(),
      locale: 'en',
    })
    if (!active) await accounts.updateUser(id, { active: 0 })
    return id
  }

  describe('schools', () => {
    it('updates given fields only, lists included, and ignores an empty change', async () => {
      const { school } = await newSchoolWithTeacher()
      await schools.updateSchool(school.id, { city: 'Mombasa', languages: ['sw'] })
      await schools.updateSchool(school.id, {})
      expect(await schools.findSchool(school.id)).toEqual({ ...school, city: 'Mombasa', languages: ['sw'] })
    })

    it('answers undefined for an unknown school', async () => {
      expect(await schools.findSchool(randomUUID())).toBeUndefined()
    })
  })

  describe('classes', () => {
    it('stores a class with its lists and its teacher', async () => {
      const { school, teacherId } = await newSchoolWithTeacher()
      const record = classRecord(school.id)
      await schools.insertClass(record, teacherId)

      expect(await schools.findClass(record.id)).toEqual(record)
      expect(await schools.isTeacherOfClass(teacherId, record.id)).toBe(true)
      const other = await newSchoolWithTeacher()
      expect(await schools.isTeacherOfClass(other.teacherId, record.id)).toBe(false)
      expect(await schools.findClass(randomUUID())).toBeUndefined()
    })

    it('keeps class codes unique across all schools', async () => {
      const a = await newSchoolWithTeacher()
      const b = await newSchoolWithTeacher()
      const code = uniqueCode()
      expect(await schools.classCodeExists(code)).toBe(false)
      await schools.insertClass(classRecord(a.school.id, { code }), a.teacherId)
      expect(await schools.classCodeExists(code)).toBe(true)

      const clash = classRecord(b.school.id, { code })
      await expect(schools.insertClass(clash, b.teacherId)).rejects.toThrow()
      expect(await schools.findClass(clash.id)).toBeUndefined()
    })

    it('leaves no class behind when its teacher cannot be linked', async () => {
      const { school } = await newSchoolWithTeacher()
      const record = classRecord(school.id)
      await expect(schools.insertClass(record, randomUUID())).rejects.toThrow()
      expect(await schools.findClass(record.id)).toBeUndefined()
      expect(await schools.classCodeExists(record.code)).toBe(false)
    })

    it('updates given fields only and never the code or school', async () => {
      const { school, teacherId } = await newSchoolWithTeacher()
      const record = classRecord(school.id)
      await schools.insertClass(record, teacherId)
      await schools.updateClass(record.id, { name: 'Class 7', ageMax: 13, subjects: [] })
      await schools.updateClass(record.id, {})
      expect(await schools.findClass(record.id)).toEqual({ ...record, name: 'Class 7', ageMax: 13, subjects: [] })
      await schools.updateClass(record.id, { languages: ['sw'] })
      expect(await schools.findClass(record.id)).toMatchObject({ languages: ['sw'], subjects: [], code: record.code })
    })

    it('keeps the data saver off for a new class until a teacher turns it on, and tells her teachers', async () => {
      const { school, teacherId } = await newSchoolWithTeacher()
      const { dataSaver: _, ...record } = classRecord(school.id)
      await schools.insertClass(record, teacherId)
      expect(await schools.findClass(record.id)).toMatchObject({ dataSaver: false })
      expect(await schools.teachesDataSaverClass(teacherId)).toBe(false)
      await schools.updateClass(record.id, { dataSaver: true })
      expect(await schools.findClass(record.id)).toMatchObject({ dataSaver: true, name: record.name })
      expect(await schools.teachesDataSaverClass(teacherId)).toBe(true)
      const other = await newSchoolWithTeacher()
      expect(await schools.teachesDataSaverClass(other.teacherId)).toBe(false)
    })

    it("lists a school's classes only, each with its count of active pupils", async () => {
      const { school, teacherId } = await newSchoolWithTeacher()
      const first = classRecord(school.id, { name: 'Class 5' })
      const second = classRecord(school.id, { name: 'Class 6' })
      await schools.insertClass(first, teacherId)
      await schools.insertClass(second, teacherId)
      await addPupil(school.id, first.id, 'Baraka')
      await addPupil(school.id, first.id, 'Wanjiru')
      await addPupil(school.id, first.id, 'Left us', false)
      const other = await newSchoolWithTeacher()
      await schools.insertClass(classRecord(other.school.id), other.teacherId)

      const listed = await schools.listClassesOfSchool(school.id)
      expect(listed).toHaveLength(2)
      expect(listed).toEqual(
        expect.arrayContaining([
          { ...first, pupilCount: 2 },
          { ...second, pupilCount: 0 },
        ]),
      )
      expect(await schools.listClassesOfSchool(randomUUID())).toEqual([])
    })
  })

  describe('pupils', () => {
    async function classWithPupils() {
      const { school, teacherId } = await newSchoolWithTeacher()
      const record = classRecord(school.id)
      await schools.insertClass(record, teacherId)
      return { school, teacherId, record }
    }

    it('counts active pupils only', async () => {
      const { school, record } = await classWithPupils()
      expect(await schools.countActivePupils(record.id)).toBe(0)
      await addPupil(school.id, record.id, 'Amina')
      const leaving = await addPupil(school.id, record.id, 'Juma')
      expect(await schools.countActivePupils(record.id)).toBe(2)
      await accounts.updateUser(leaving, { active: 0 })
      expect(await schools.countActivePupils(record.id)).toBe(1)
    })

    it('lists every pupil of the class by name, active or not, with their codes', async () => {
      const { school, record } = await classWithPupils()
      const zawadi = await addPupil(school.id, record.id, 'Zawadi')
      const amina = await addPupil(school.id, record.id, 'Amina', false)
      const juma = await addPupil(school.id, record.id, 'Juma')
      const elsewhere = await classWithPupils()
      await addPupil(elsewhere.school.id, elsewhere.record.id, 'Baraka')

      const pupils = await schools.listPupils(record.id)
      expect(pupils.map((p) => [p.id, p.displayName, p.active])).toEqual([
        [amina, 'Amina', false],
        [juma, 'Juma', true],
        [zawadi, 'Zawadi', true],
      ])
      for (const pupil of pupils) {
        expect(pupil.classId).toBe(record.id)
        expect(pupil.personalCode).toMatch(/^[0-9A-F]{6}$/)
      }
    })

    it('does not list the teacher among the pupils', async () => {
      const { record } = await classWithPupils()
      expect(await schools.listPupils(record.id)).toEqual([])
    })

    it('finds a pupil only through their own class', async () => {
      const { school, record } = await classWithPupils()
      const pupilId = await addPupil(school.id, record.id, 'Amina')
      const other = await classWithPupils()

      expect(await schools.findPupil(record.id, pupilId)).toMatchObject({
        id: pupilId,
        displayName: 'Amina',
        active: true,
      })
      expect(await schools.findPupil(other.record.id, pupilId)).toBeUndefined()
      expect(await schools.findPupil(record.id, randomUUID())).toBeUndefined()
    })
  })
})
