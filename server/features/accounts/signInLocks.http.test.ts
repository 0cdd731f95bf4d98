import type { AddressInfo } from 'node:net'
import { randomUUID } from 'node:crypto'
import { createClient, type RedisClientType } from 'redis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ErrorBody } from '../../../shared/errors.js'
import type { ClassSignInLock } from '../../../shared/schemas/schools.js'
import { createApp } from '../../app.js'
import { loadConfig } from '../../config.js'
import { createLogger } from '../../logger.js'
import { openStorage } from '../../storage/database.js'
import { addPupils, createClass, LONDON, NAIROBI, registerTeacher, type TeacherFixture } from '../../test/people.js'
import { TestClient, startTestServer, type TestServer } from '../../test/server.js'
import { DEVICE_COOKIE } from './deviceCookie.js'

// Behind a proxy, so each test can speak from the address it needs (a school's, a guesser's…).
const ENV = { TRUST_PROXY: 'true' }
const redisUrl = process.env.REDIS_URL

/** The app on a free port, its counters in memory or (when REDIS_URL is set) in Redis under a prefix of its own. */
async function startServer(env: Record<string, string>, useRedis: boolean): Promise<TestServer> {
  if (!useRedis) return startTestServer({ env })
  const pub = createClient({ url: redisUrl }) as RedisClientType
  const sub = pub.duplicate()
  await Promise.all([pub.connect(), sub.connect()])
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PORT: '0',
    REDIS_PREFIX: `bridges-test-${randomUUID().slice(0, 8)}`,
    ...env,
  })
  const storage = await openStorage({ kind: 'sqlite', file: ':memory:' })
  const app = createApp({ config, storage, logger: createLogger('silent'), redis: { pub, sub } })
  await new Promise<void>((resolve) => app.http.listen(0, '127.0.0.1', resolve))
  const { port } = app.http.address() as AddressInfo
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    storage,
    config,
    async close() {
      await app.close()
      await Promise.allSettled([pub.quit(), sub.quit()])
    },
  }
}

/** One request from a given address (X-Forwarded-For), on a client of its own unless one is given. */
function from(server: TestServer, ip: string, client = new TestClient(server.url)) {
  const headers = { 'x-forwarded-for': ip }
  return {
    client,
    post: <T = ErrorBody>(path: string, body: unknown) => client.request<T>('POST', path, body, headers),
    pupilSignIn: (classCode: string, personalCode: string) =>
      client.request<ErrorBody>('POST', '/api/auth/pupil-sign-in', { classCode, personalCode }, headers),
    teacherSignIn: (email: string, password: string, cookie?: string) =>
      client.request<ErrorBody>(
        'POST',
        '/api/auth/sign-in',
        { email, password },
        { ...headers, ...(cookie ? { cookie } : {}) },
      ),
  }
}

/** A personal code that is nobody's: codes never use 0, O, 1, I or L. */
const mistyped = (code: string) => `${code.slice(0, 5)}0`

const lockOf = async (teacher: TeacherFixture, classId: string) =>
  (await teacher.client.get<ClassSignInLock>(`/api/classes/${classId}/sign-in-lock`)).body

const stores = [{ name: 'memory', redis: false }, ...(redisUrl ? [{ name: 'Redis', redis: true }] : [])]

describe.each(stores)('sign-in locks that fit schools (counters in $name)', ({ redis }) => {
  let server: TestServer
  beforeAll(async () => {
    server = await startServer(ENV, redis)
  })
  afterAll(() => server?.close())

  it("lets thirty pupils mistype their cards from the school's one address without locking out the class or the school", async () => {
    const teacher = await registerTeacher(server.url)
    const year5 = await createClass(teacher, { name: 'Year 5' })
    const year6 = await createClass(teacher, { name: 'Year 6' })
    const pupils = await addPupils(
      teacher,
      year5.id,
      Array.from({ length: 30 }, (_, i) => `Pupil ${i + 1}`),
    )
    const others = await addPupils(teacher, year6.id, ['Alaw', 'Bryn', 'Cai', 'Dyfan', 'Efa'])
    // An address this school has never used before (the teacher registered from elsewhere).
    const school = '198.51.100.20'

    // The first lesson: each pupil gets their code wrong a few times before getting it right.
    for (const pupil of pupils) {
      for (let n = 0; n < 3; n++)
        expect((await from(server, school).pupilSignIn(year5.code, mistyped(pupil.personalCode))).status).toBe(401)
      expect((await from(server, school).pupilSignIn(year5.code, pupil.personalCode)).status).toBe(200)
    }
    // The next lesson: all thirty mistype at once before anyone gets in.
    for (const pupil of pupils) {
      for (let n = 0; n < 3; n++)
        expect((await from(server, school).pupilSignIn(year5.code, mistyped(pupil.personalCode))).status).toBe(401)
    }
    for (const pupil of pupils)
      expect((await from(server, school).pupilSignIn(year5.code, pupil.personalCode)).status).toBe(200)
    for (const pupil of others)
      expect((await from(server, school).pupilSignIn(year6.code, pupil.personalCode)).status).toBe(200)
    expect(await lockOf(teacher, year5.id)).toMatchObject({
      state: 'open',
      newAddressesBlocked: false,
      failedAttempts: 180,
    })
  })

  it('blocks a class guessed at from many addresses; its teacher sees the block and lifts it', async () => {
    const teacher = await registerTeacher(server.url)
    const schoolClass = await createClass(teacher)
    const [amara, bilal] = await addPupils(teacher, schoolClass.id, ['Amara', 'Bilal'])
    const school = '198.51.100.40'
    expect((await from(server, school).pupilSignIn(schoolClass.code, amara!.personalCode)).status).toBe(200)

    const answers: number[] = []
    for (let i = 0; i < 60; i++)
      answers.push(
        (await from(server, `203.0.113.${i + 1}`).pupilSignIn(schoolClass.code, `ZZZZZ${'ABCDEFGHJK'[i % 10]}`)).status,
      )
    expect(answers.slice(0, 50).every((status) => status === 401)).toBe(true)
    expect(answers.slice(50)).toEqual(Array(10).fill(429))

    // Even with the right code, a new address is refused, with a time to wait; the school's own is not.
    const atHome = await from(server, '192.0.2.44').pupilSignIn(schoolClass.code, bilal!.personalCode)
    expect(atHome.status).toBe(429)
    expect(atHome.body.error.code).toBe('RATE_LIMITED')
    expect(Number(atHome.headers.get('retry-after'))).toBeGreaterThan(0)
    expect((await from(server, school).pupilSignIn(schoolClass.code, bilal!.personalCode)).status).toBe(200)

    const lock = await lockOf(teacher, schoolClass.id)
    expect(lock).toMatchObject({ state: 'blocked', newAddressesBlocked: true, failedAttempts: 50 })
    expect(lock.retryAfterSeconds).toBeGreaterThan(0)

    // Only the class's own teacher may see or lift it.
    const pupil = from(server, school)
    await pupil.pupilSignIn(schoolClass.code, amara!.personalCode)
    expect((await pupil.client.get<ErrorBody>(`/api/classes/${schoolClass.id}/sign-in-lock`)).status).toBe(403)
    const stranger = await registerTeacher(server.url, NAIROBI)
    expect((await stranger.client.get(`/api/classes/${schoolClass.id}/sign-in-lock`)).status).toBe(404)
    expect((await stranger.client.delete(`/api/classes/${schoolClass.id}/sign-in-lock`)).status).toBe(404)
    expect((await lockOf(teacher, schoolClass.id)).state).toBe('blocked')

    expect((await teacher.client.delete(`/api/classes/${schoolClass.id}/sign-in-lock`)).status).toBe(204)
    expect(await lockOf(teacher, schoolClass.id)).toEqual({
      state: 'open',
      failedAttempts: 0,
      newAddressesBlocked: false,
      retryAfterSeconds: null,
    })
    expect((await from(server, '192.0.2.44').pupilSignIn(schoolClass.code, bilal!.personalCode)).status).toBe(200)
  })

  it('lets a teacher in from her own address and her own browser while someone fails her password over and over', async () => {
    const own = '198.51.100.60'
    const client = new TestClient(server.url)
    const email = `teacher-${randomUUID().slice(0, 8)}@example.org`
    const password = 'a long enough secret'
    const registered = await from(server, own, client).post('/api/auth/teachers', {
      email,
      password,
      displayName: 'Ms Hughes',
      school: { ...LONDON, name: `Thames ${randomUUID().slice(0, 6)}` },
    })
    expect(registered.status).toBe(201)
    const deviceCookie = registered.headers
      .getSetCookie()
      .find((c) => c.startsWith(`${DEVICE_COOKIE}=`))
      ?.split(';')[0]
    expect(deviceCookie).toBeDefined()

    // Someone who knows her email guesses from many addresses: ten failures, then a pause for them all.
    const elsewhere: number[] = []
    for (let i = 0; i < 15; i++)
      elsewhere.push((await from(server, `203.0.113.${100 + i}`).teacherSignIn(email, `guess number ${i}`)).status)
    expect(elsewhere).toEqual([...Array(10).fill(401), ...Array(5).fill(429)])
    expect((await from(server, '203.0.113.200').teacherSignIn(email, password)).status).toBe(429)
    // And from her school's own address (a pupil who knows her email): ten there, then a pause there.
    const atSchool: number[] = []
    for (let i = 0; i < 15; i++)
      atSchool.push((await from(server, own).teacherSignIn(email, `guess number ${i}`)).status)
    expect(atSchool).toEqual([...Array(10).fill(401), ...Array(5).fill(429)])
    expect((await from(server, own).teacherSignIn(email, password)).status).toBe(429)

    // She signs in on her own browser, from school or from anywhere.
    expect((await from(server, own).teacherSignIn(email, password, deviceCookie)).status).toBe(200)
    expect((await from(server, '192.0.2.61').teacherSignIn(email, password, deviceCookie)).status).toBe(200)
  })

  it('lets a teacher in from an address she used before while her account is guessed at from others', async () => {
    const teacher = await registerTeacher(server.url)
    const home = '192.0.2.70'
    expect((await from(server, home).teacherSignIn(teacher.email, teacher.password)).status).toBe(200)
    for (let i = 0; i < 30; i++)
      await from(server, `203.0.113.${150 + i}`).teacherSignIn(teacher.email, `guess number ${i}`)
    expect((await from(server, '203.0.113.250').teacherSignIn(teacher.email, teacher.password)).status).toBe(429)
    // A new browser (no device cookie), but her usual address.
    expect((await from(server, home).teacherSignIn(teacher.email, teacher.password)).status).toBe(200)
  })
})

describe('registration from one address', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer({ env: { ...ENV, REGISTRATIONS_PER_IP_PER_HOUR: '3' } })
  })
  afterAll(() => server?.close())

  const register = (ip: string) =>
    from(server, ip).post<ErrorBody>('/api/auth/teachers', {
      email: `flood-${randomUUID().slice(0, 8)}@example.org`,
      password: 'a long enough secret',
      displayName: 'Flood',
      school: { ...LONDON, name: `Flood School ${randomUUID().slice(0, 6)}` },
    })

  it('is limited per address with a 429 that says when to try again', async () => {
    for (let i = 0; i < 3; i++) expect((await register('192.0.2.90')).status).toBe(201)
    const refused = await register('192.0.2.90')
    expect(refused.status).toBe(429)
    expect(refused.headers.get('content-type')).toMatch(/application\/json/)
    expect(refused.body.error.code).toBe('RATE_LIMITED')
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    expect((await register('192.0.2.91')).status).toBe(201)
  })
})
