import { randomBytes } from 'node:crypto'
import type { User } from '../../shared/schemas/accounts.js'
import type { Pupil, School, SchoolClass } from '../../shared/schemas/schools.js'
import { TestClient } from './server.js'

export interface TeacherFixture {
  client: TestClient
  user: User
  school: School
  email: string
  password: string
}

export interface SchoolPlace {
  name: string
  country: string
  city: string
  timeZone: string
  languages: string[]
}

export const LONDON: SchoolPlace = {
  name: 'Thames Primary',
  country: 'GB',
  city: 'London',
  timeZone: 'Europe/London',
  languages: ['en'],
}
export const NAIROBI: SchoolPlace = {
  name: 'Umoja Primary',
  country: 'KE',
  city: 'Nairobi',
  timeZone: 'Africa/Nairobi',
  languages: ['en', 'sw'],
}
export const DHAKA: SchoolPlace = {
  name: 'Padma School',
  country: 'BD',
  city: 'Dhaka',
  timeZone: 'Asia/Dhaka',
  languages: ['bn', 'en'],
}

const unique = () => randomBytes(4).toString('hex')

/** Registers a teacher with their own new school, signed in. */
export async function registerTeacher(baseUrl: string, place: SchoolPlace = LONDON): Promise<TeacherFixture> {
  const client = new TestClient(baseUrl)
  const email = `teacher-${unique()}@example.org`
  const password = 'a long enough secret'
  const res = await client.post<{ user: User; school: School }>('/api/auth/teachers', {
    email,
    password,
    displayName: `Teacher ${place.city}`,
    school: { ...place, name: `${place.name} ${unique()}` },
  })
  if (res.status !== 201) throw new Error(`registerTeacher failed: ${res.status} ${JSON.stringify(res.body)}`)
  return { client, user: res.body.user, school: res.body.school, email, password }
}

export async function createClass(
  teacher: TeacherFixture,
  overrides: Record<string, unknown> = {},
): Promise<SchoolClass> {
  const res = await teacher.client.post<SchoolClass>('/api/classes', {
    name: 'Year 5',
    ageMin: 9,
    ageMax: 10,
    languages: teacher.school.languages,
    subjects: ['geography'],
    timeZone: teacher.school.timeZone,
    ...overrides,
  })
  if (res.status !== 201) throw new Error(`createClass failed: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body
}

export async function addPupils(teacher: TeacherFixture, classId: string, names: string[]): Promise<Pupil[]> {
  const res = await teacher.client.post<Pupil[]>(`/api/classes/${classId}/pupils`, { displayNames: names })
  if (res.status !== 201) throw new Error(`addPupils failed: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body
}

/** Signs a pupil in with the codes on their card; returns their own client. */
export async function signInPupil(
  baseUrl: string,
  schoolClass: SchoolClass,
  pupil: Pupil,
): Promise<{ client: TestClient; user: User }> {
  const client = new TestClient(baseUrl)
  const res = await client.post<{ user: User }>('/api/auth/pupil-sign-in', {
    classCode: schoolClass.code,
    personalCode: pupil.personalCode,
  })
  if (res.status !== 200) throw new Error(`signInPupil failed: ${res.status} ${JSON.stringify(res.body)}`)
  return { client, user: res.body.user }
}
