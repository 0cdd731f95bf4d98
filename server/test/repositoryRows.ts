import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { LinkStatus } from '../../shared/schemas/links.js'
import { createAccountsRepository } from '../features/accounts/accounts.repository.js'
import { createMembershipRepository } from '../features/links/membership.repository.js'
import { createSchoolsRepository } from '../features/schools/schools.repository.js'
import type { Database } from '../storage/schema.js'

/** The rows a repository contract suite stands on: a school, its teacher, one class and its pupils. */
export interface SchoolRows {
  schoolId: string
  schoolName: string
  teacherId: string
  teacherName: string
  classId: string
  className: string
  pupilIds: string[]
}

export interface SchoolRowsOptions {
  name?: string
  country?: string
  ageMin?: number
  ageMax?: number
  /** Display names of the pupils to create, in order. */
  pupils?: string[]
}

const code = () => randomUUID().replace(/-/g, '').slice(0, 8).toUpperCase()

/** Writes a school with a teacher, a class and pupils through the accounts and schools repositories. */
export async function addSchool(db: Kysely<Database>, options: SchoolRowsOptions = {}): Promise<SchoolRows> {
  const accounts = createAccountsRepository(db)
  const schools = createSchoolsRepository(db)
  const schoolId = randomUUID()
  const schoolName = `${options.name ?? 'Thames Primary'} ${code()}`
  const teacherId = randomUUID()
  const teacherName = `Teacher of ${schoolName}`
  await accounts.insertTeacherWithSchool(
    {
      id: schoolId,
      name: schoolName,
      country: options.country ?? 'GB',
      city: 'London',
      timeZone: 'Europe/London',
      languages: ['en', 'cy'],
      dayEndsAt: '15:30',
    },
    {
      id: teacherId,
      role: 'teacher',
      email: `t-${randomUUID()}@example.org`,
      passwordHash: 'scrypt$hash',
      displayName: teacherName,
      schoolId,
      classId: null,
      personalCode: null,
      locale: 'en',
    },
  )
  const classId = randomUUID()
  const className = `Year 5 ${code()}`
  await schools.insertClass(
    {
      id: classId,
      schoolId,
      name: className,
      ageMin: options.ageMin ?? 9,
      ageMax: options.ageMax ?? 10,
      languages: ['en', 'cy'],
      subjects: ['geography'],
      timeZone: 'Europe/London',
      code: code(),
    },
    teacherId,
  )
  const pupilIds: string[] = []
  for (const displayName of options.pupils ?? []) {
    const id = randomUUID()
    await accounts.insertUser({
      id,
      role: 'pupil',
      email: null,
      passwordHash: null,
      displayName,
      schoolId,
      classId,
      personalCode: code(),
      locale: 'en',
    })
    pupilIds.push(id)
  }
  return { schoolId, schoolName, teacherId, teacherName, classId, className, pupilIds }
}

/** Joins classes in a new link through the membership repository; returns the link's id. */
export async function addLink(
  db: Kysely<Database>,
  classIds: string[],
  status: LinkStatus = 'active',
  createdAt = new Date().toISOString(),
): Promise<string> {
  const membership = createMembershipRepository(db)
  const linkId = randomUUID()
  await membership.insertLink({ id: linkId, status, createdAt })
  for (const classId of classIds) await membership.addClassToLink(linkId, classId, createdAt)
  return linkId
}

/** Text that a dialect could mangle: emoji (outside the BMP), right-to-left Arabic, Welsh ŵ and ŷ. */
export const UNICODE_TEXT = 'Helo 👋🏽 مرحبا بكم — ŵyl ŷd, Ŵ Ŷ 🐉'

/** An ISO instant `ms` after a fixed origin, so ordering tests never depend on the clock. */
export const at = (ms: number, origin = Date.parse('2030-01-01T09:00:00.000Z')): string =>
  new Date(origin + ms).toISOString()
