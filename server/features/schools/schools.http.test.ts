import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ErrorBody } from '../../../shared/errors.js'
import type { Pupil, SchoolClass } from '../../../shared/schemas/schools.js'
import { TestClient, nextEvent, startTestServer, type TestServer } from '../../test/server.js'
import { addPupils, createClass, NAIROBI, registerTeacher, signInPupil } from '../../test/people.js'

let server: TestServer
beforeAll(async () => {
  server = await startTestServer()
})
afterAll(() => server?.close())

const CODE = /^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{6}$/

describe('classes', () => {
  it('creates a class with a printable code, then lists, reads and updates it', async () => {
    const teacher = await registerTeacher(server.url)
    const created = await createClass(teacher, { name: 'Year 5 Otters', subjects: ['geography', 'music'] })
    expect(created).toMatchObject({ name: 'Year 5 Otters', schoolId: teacher.school.id, pupilCount: 0 })
    expect(created.code).toMatch(CODE)

    const list = await teacher.client.get<SchoolClass[]>('/api/classes')
    expect(list.status).toBe(200)
    expect(list.body).toEqual([created])
    expect((await teacher.client.get<SchoolClass>(`/api/classes/${created.id}`)).body).toEqual(created)

    const renamed = await teacher.client.patch<SchoolClass>(`/api/classes/${created.id}`, {
      name: 'Year 6 Otters',
      ageMax: 11,
    })
    expect(renamed.status).toBe(200)
    // Fields the change did not mention are kept as they were.
    expect(renamed.body).toEqual({ ...created, name: 'Year 6 Otters', ageMax: 11 })
    expect((await teacher.client.get<SchoolClass>(`/api/classes/${created.id}`)).body).toEqual(renamed.body)
  })

  it('gives every class its own code', async () => {
    const teacher = await registerTeacher(server.url)
    const classes = await Promise.all([1, 2, 3].map((n) => createClass(teacher, { name: `Class ${n}` })))
    expect(new Set(classes.map((c) => c.code)).size).toBe(3)
  })

  it('refuses a change that would put ageMin above the stored ageMax', async () => {
    const teacher = await registerTeacher(server.url)
    const schoolClass = await createClass(teacher, { ageMin: 9, ageMax: 10 })
    const res = await teacher.client.patch<ErrorBody>(`/api/classes/${schoolClass.id}`, { ageMin: 12 })
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('INVALID_PAYLOAD')
    expect((await teacher.client.get<SchoolClass>(`/api/classes/${schoolClass.id}`)).body.ageMin).toBe(9)
  })

  it('answers 404 for a class that does not exist', async () => {
    const teacher = await registerTeacher(server.url)
    const res = await teacher.client.get<ErrorBody>('/api/classes/00000000-0000-4000-8000-000000000000')
    expect(res.status).toBe(404)
    expect(res.body.error.code).toBe('NOT_FOUND')
  })

  it('asks for a session first', async () => {
    const anonymous = new TestClient(server.url)
    for (const res of [
      await anonymous.get<ErrorBody>('/api/classes'),
      await anonymous.post<ErrorBody>('/api/classes', {}),
    ]) {
      expect(res.status).toBe(401)
      expect(res.body.error.code).toBe('UNAUTHENTICATED')
    }
  })
})

describe('pupils', () => {
  it('adds pupils with printable personal codes and counts them', async () => {
    const teacher = await registerTeacher(server.url)
    const schoolClass = await createClass(teacher)
    const res = await teacher.client.post<Pupil[]>(`/api/classes/${schoolClass.id}/pupils`, {
      displayNames: ['  Amara ', 'Bilal', 'Chen'],
    })
    expect(res.status).toBe(201)
    expect(res.body.map((p) => p.displayName)).toEqual(['Amara', 'Bilal', 'Chen'])
    for (const pupil of res.body) {
      expect(pupil).toMatchObject({ classId: schoolClass.id, active: true })
      expect(pupil.personalCode).toMatch(CODE)
    }

    const listed = await teacher.client.get<Pupil[]>(`/api/classes/${schoolClass.id}/pupils`)
    expect(listed.body).toEqual(res.body)
    expect((await teacher.client.get<SchoolClass>(`/api/classes/${schoolClass.id}`)).body.pupilCount).toBe(3)
  })

  it('renames a pupil', async () => {
    const teacher = await registerTeacher(server.url)
    const schoolClass = await createClass(teacher)
    const [pupil] = await addPupils(teacher, schoolClass.id, ['Amara'])
    const res = await teacher.client.patch<Pupil>(`/api/classes/${schoolClass.id}/pupils/${pupil!.id}`, {
      displayName: 'Amara O.',
    })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ ...pupil, displayName: 'Amara O.' })
  })

  it("resets a pupil's code: the old card stops working and their open socket is closed", async () => {
    const teacher = await registerTeacher(server.url)
    const schoolClass = await createClass(teacher)
    const [pupil, classmate] = await addPupils(teacher, schoolClass.id, ['Amara', 'Bilal'])
    const amara = await signInPupil(server.url, schoolClass, pupil!)
    const bilal = await signInPupil(server.url, schoolClass, classmate!)
    const amaraSocket = await amara.client.connectSocket()
    const bilalSocket = await bilal.client.connectSocket()
    const disconnected = nextEvent<string>(amaraSocket, 'disconnect')

    const res = await teacher.client.post<Pupil>(`/api/classes/${schoolClass.id}/pupils/${pupil!.id}/reset-code`)
    expect(res.status).toBe(200)
    expect(res.body.personalCode).toMatch(CODE)
    expect(res.body.personalCode).not.toBe(pupil!.personalCode)

    expect(await disconnected).toBe('io server disconnect')
    expect((await amara.client.get('/api/me')).status).toBe(401)
    const oldCard = await new TestClient(server.url).post<ErrorBody>('/api/auth/pupil-sign-in', {
      classCode: schoolClass.code,
      personalCode: pupil!.personalCode,
    })
    expect(oldCard.status).toBe(401)
    expect(oldCard.body.error.code).toBe('INVALID_CREDENTIALS')
    await signInPupil(server.url, schoolClass, res.body)

    // The classmate is untouched.
    expect(bilalSocket.connected).toBe(true)
    expect((await bilal.client.get('/api/me')).status).toBe(200)
    bilalSocket.disconnect()
  })

  it('deactivates a pupil: their sessions end and they cannot sign in until reactivated', async () => {
    const teacher = await registerTeacher(server.url)
    const schoolClass = await createClass(teacher)
    const [pupil] = await addPupils(teacher, schoolClass.id, ['Amara'])
    const amara = await signInPupil(server.url, schoolClass, pupil!)
    const socket = await amara.client.connectSocket()
    const disconnected = nextEvent<string>(socket, 'disconnect')

    const res = await teacher.client.patch<Pupil>(`/api/classes/${schoolClass.id}/pupils/${pupil!.id}`, {
      active: false,
    })
    expect(res.status).toBe(200)
    expect(res.body.active).toBe(false)
    expect(await disconnected).toBe('io server disconnect')
    expect((await amara.client.get('/api/me')).status).toBe(401)

    const again = await new TestClient(server.url).post<ErrorBody>('/api/auth/pupil-sign-in', {
      classCode: schoolClass.code,
      personalCode: pupil!.personalCode,
    })
    expect(again.status).toBe(403)
    expect(again.body.error.code).toBe('ACCOUNT_INACTIVE')
    expect((await teacher.client.get<SchoolClass>(`/api/classes/${schoolClass.id}`)).body.pupilCount).toBe(0)

    await teacher.client.patch(`/api/classes/${schoolClass.id}/pupils/${pupil!.id}`, { active: true })
    await signInPupil(server.url, schoolClass, pupil!)
  })
})

describe('who may see what', () => {
  it("hides school A's classes and pupils from a teacher of school B", async () => {
    const teacherA = await registerTeacher(server.url)
    const teacherB = await registerTeacher(server.url, NAIROBI)
    const schoolClass = await createClass(teacherA)
    const [pupil] = await addPupils(teacherA, schoolClass.id, ['Amara'])
    const base = `/api/classes/${schoolClass.id}`

    const attempts = [
      await teacherB.client.get<ErrorBody>(base),
      await teacherB.client.patch<ErrorBody>(base, { name: 'Taken over' }),
      await teacherB.client.get<ErrorBody>(`${base}/pupils`),
      await teacherB.client.post<ErrorBody>(`${base}/pupils`, { displayNames: ['Intruder'] }),
      await teacherB.client.patch<ErrorBody>(`${base}/pupils/${pupil!.id}`, { active: false }),
      await teacherB.client.post<ErrorBody>(`${base}/pupils/${pupil!.id}/reset-code`),
    ]
    for (const res of attempts) {
      expect(res.status).toBe(404)
      expect(res.body.error.code).toBe('NOT_FOUND')
    }
    expect((await teacherB.client.get<SchoolClass[]>('/api/classes')).body).toEqual([])
    // Nothing changed on school A's side.
    expect((await teacherA.client.get<SchoolClass>(base)).body).toEqual({ ...schoolClass, pupilCount: 1 })
    await signInPupil(server.url, schoolClass, pupil!)
  })

  it('refuses teacher routes to a pupil with 403', async () => {
    const teacher = await registerTeacher(server.url)
    const schoolClass = await createClass(teacher)
    const [pupil] = await addPupils(teacher, schoolClass.id, ['Amara'])
    const { client } = await signInPupil(server.url, schoolClass, pupil!)
    const base = `/api/classes/${schoolClass.id}`

    const attempts = [
      await client.post<ErrorBody>('/api/classes', {
        name: 'Mine',
        ageMin: 9,
        ageMax: 10,
        languages: ['en'],
        timeZone: 'Europe/London',
      }),
      await client.patch<ErrorBody>(base, { name: 'Renamed by a pupil' }),
      await client.get<ErrorBody>(`${base}/pupils`),
      await client.post<ErrorBody>(`${base}/pupils`, { displayNames: ['Friend'] }),
      await client.post<ErrorBody>(`${base}/pupils/${pupil!.id}/reset-code`),
      await client.patch<ErrorBody>('/api/school', { name: 'Renamed' }),
    ]
    for (const res of attempts) {
      expect(res.status).toBe(403)
      expect(res.body.error.code).toBe('FORBIDDEN')
    }
  })

  it('shows a pupil only their own class', async () => {
    const teacher = await registerTeacher(server.url)
    const mine = await createClass(teacher, { name: 'Year 5' })
    const other = await createClass(teacher, { name: 'Year 6' })
    const [pupil] = await addPupils(teacher, mine.id, ['Amara'])
    const { client } = await signInPupil(server.url, mine, pupil!)

    const list = await client.get<SchoolClass[]>('/api/classes')
    expect(list.status).toBe(200)
    expect(list.body).toEqual([{ ...mine, pupilCount: 1 }])
    expect((await client.get<SchoolClass>(`/api/classes/${mine.id}`)).status).toBe(200)
    expect((await client.get(`/api/classes/${other.id}`)).status).toBe(404)
  })
})

describe('validation', () => {
  let teacher: Awaited<ReturnType<typeof registerTeacher>>
  let schoolClass: SchoolClass
  beforeAll(async () => {
    teacher = await registerTeacher(server.url)
    schoolClass = await createClass(teacher)
  })

  const cases: { name: string; method: 'post' | 'patch'; path: () => string; body: unknown; field: string }[] = [
    {
      name: 'ageMin above ageMax',
      method: 'post',
      path: () => '/api/classes',
      body: { name: 'Y5', ageMin: 12, ageMax: 9, languages: ['en'], timeZone: 'Europe/London' },
      field: 'ageMax',
    },
    {
      name: 'a missing name',
      method: 'post',
      path: () => '/api/classes',
      body: { ageMin: 9, ageMax: 10, languages: ['en'], timeZone: 'Europe/London' },
      field: 'name',
    },
    {
      name: 'an unknown time zone',
      method: 'post',
      path: () => '/api/classes',
      body: { name: 'Y5', ageMin: 9, ageMax: 10, languages: ['en'], timeZone: 'Europe/Atlantis' },
      field: 'timeZone',
    },
    {
      name: 'an age out of range',
      method: 'patch',
      path: () => `/api/classes/${schoolClass.id}`,
      body: { ageMax: 25 },
      field: 'ageMax',
    },
    {
      name: 'no pupils at all',
      method: 'post',
      path: () => `/api/classes/${schoolClass.id}/pupils`,
      body: { displayNames: [] },
      field: 'displayNames',
    },
    {
      name: 'a blank pupil name',
      method: 'post',
      path: () => `/api/classes/${schoolClass.id}/pupils`,
      body: { displayNames: ['Amara', '   '] },
      field: 'displayNames.1',
    },
    {
      name: 'a class id that is not one',
      method: 'patch',
      path: () => '/api/classes/not-an-id',
      body: { name: 'Y5' },
      field: 'classId',
    },
  ]

  it.each(cases)('refuses $name with 400 naming the field', async ({ method, path, body, field }) => {
    const res = await teacher.client[method]<ErrorBody>(path(), body)
    expect(res.status).toBe(400)
    expect(res.body).toEqual({
      error: {
        code: 'INVALID_PAYLOAD',
        message: expect.any(String),
        fields: expect.objectContaining({ [field]: expect.any(String) }),
      },
    })
    expect(res.body.error.message).toContain(field)
  })

  it('stores nothing from a refused request', async () => {
    expect((await teacher.client.get<SchoolClass[]>('/api/classes')).body).toEqual([schoolClass])
    expect((await teacher.client.get<Pupil[]>(`/api/classes/${schoolClass.id}/pupils`)).body).toEqual([])
  })
})
