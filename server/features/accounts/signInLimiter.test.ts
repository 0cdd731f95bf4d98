import { randomUUID } from 'node:crypto'
import { createClient, type RedisClientType } from 'redis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DomainError } from '../../domain/errors.js'
import { createSignInLimiter, type SignInAttempt, type SignInLimiter, type SignInLimits } from './signInLimiter.js'

const LIMITS: SignInLimits = {
  perIp: 5,
  perAccount: 3,
  perClass: 8,
  perSchoolAddress: 20,
  windowSeconds: 120,
  maxDelaySeconds: 30,
  registrationsPerIpPerHour: 2,
}

const redisUrl = process.env.REDIS_URL
const stores: { name: string; redis: boolean }[] = [
  { name: 'memory', redis: false },
  ...(redisUrl ? [{ name: 'Redis', redis: true }] : []),
]

/** The seconds an attempt is asked to wait, or 0 when it may go ahead. */
async function waitOf(attempt: SignInAttempt): Promise<number> {
  try {
    await attempt.assertAllowed()
    return 0
  } catch (error) {
    if (error instanceof DomainError && error.code === 'RATE_LIMITED') return error.extra.retryAfterSeconds ?? -1
    throw error
  }
}

async function failTimes(make: () => Promise<SignInAttempt>, times: number): Promise<void> {
  for (let i = 0; i < times; i++) await (await make()).failed()
}

describe.each(stores)('sign-in limiter on $name', ({ redis: useRedis }) => {
  let client: RedisClientType | undefined
  let limiter: SignInLimiter
  beforeAll(async () => {
    if (useRedis) {
      client = createClient({ url: redisUrl }) as RedisClientType
      await client.connect()
    }
    // A prefix of its own per run: keys left behind expire with the (short) window.
    limiter = createSignInLimiter(LIMITS, client, `bridges-test-${randomUUID().slice(0, 8)}`)
  })
  afterAll(async () => {
    await client?.quit()
  })

  const newClass = () => ({ id: randomUUID(), schoolId: randomUUID() })
  const pupil = (ip: string, schoolClass: { id: string; schoolId: string } | undefined) =>
    limiter.pupilAttempt({ ip, schoolClass })
  const teacher = (email: string, ip: string, deviceToken = randomUUID()) =>
    limiter.teacherAttempt({ email, ip, deviceToken })

  it("lets a school's own address make many mistakes for a class, then slows it without blocking the class", async () => {
    const schoolClass = newClass()
    await (await pupil('10.0.0.1', schoolClass)).succeeded(schoolClass.schoolId)
    await failTimes(() => pupil('10.0.0.1', schoolClass), LIMITS.perSchoolAddress - 1)
    expect(await waitOf(await pupil('10.0.0.1', schoolClass))).toBe(0)
    expect((await limiter.classLock(schoolClass.id)).state).toBe('open')

    await (await pupil('10.0.0.1', schoolClass)).failed()
    // From the limit on, a pause: 2 s, then 4 s, 8 s … up to the cap; never the whole window.
    expect(await waitOf(await pupil('10.0.0.1', schoolClass))).toBe(2)
    await failTimes(() => pupil('10.0.0.1', schoolClass), 6)
    expect(await waitOf(await pupil('10.0.0.1', schoolClass))).toBe(LIMITS.maxDelaySeconds)
    expect(await limiter.classLock(schoolClass.id)).toMatchObject({
      state: 'slowed',
      newAddressesBlocked: false,
      failedAttempts: LIMITS.perSchoolAddress + 6,
    })
    // Another school address, or a pupil at home, is not held back by it.
    expect(await waitOf(await pupil('10.0.0.2', schoolClass))).toBe(0)

    await limiter.liftClassLock(schoolClass.id)
    expect(await waitOf(await pupil('10.0.0.1', schoolClass))).toBe(0)
    expect(await limiter.classLock(schoolClass.id)).toEqual({
      state: 'open',
      failedAttempts: 0,
      newAddressesBlocked: false,
      retryAfterSeconds: null,
    })
  })

  it('blocks a class for new addresses after guesses from many of them, but not for its school, until lifted', async () => {
    const schoolClass = newClass()
    await (await pupil('10.1.0.1', schoolClass)).succeeded(schoolClass.schoolId)
    for (let i = 0; i < LIMITS.perClass; i++) await (await pupil(`203.0.113.${i}`, schoolClass)).failed()
    expect(await waitOf(await pupil('198.51.100.1', schoolClass))).toBeGreaterThan(60)
    expect(await waitOf(await pupil('10.1.0.1', schoolClass))).toBe(0)
    // Other classes are untouched.
    expect(await waitOf(await pupil('198.51.100.1', newClass()))).toBe(0)
    const lock = await limiter.classLock(schoolClass.id)
    expect(lock).toMatchObject({ state: 'blocked', newAddressesBlocked: true, failedAttempts: LIMITS.perClass })
    expect(lock.retryAfterSeconds).toBeGreaterThan(60)

    await limiter.liftClassLock(schoolClass.id)
    expect(await waitOf(await pupil('198.51.100.1', schoolClass))).toBe(0)
    expect((await limiter.classLock(schoolClass.id)).state).toBe('open')
  })

  it('counts class codes that match no class against the address alone, and only slows it', async () => {
    await failTimes(() => pupil('192.0.2.9', undefined), LIMITS.perIp)
    expect(await waitOf(await pupil('192.0.2.9', undefined))).toBe(2)
    expect(await waitOf(await pupil('192.0.2.10', undefined))).toBe(0)
  })

  it("never holds a teacher back on her own device or address because of someone else's failures", async () => {
    const email = `t-${randomUUID()}@example.org`
    const device = randomUUID()
    await limiter.rememberTeacher({ email, ip: '10.2.0.1', deviceToken: device, schoolId: randomUUID() })
    // Someone who knows her email fails from new addresses and from her school's own address.
    for (let i = 0; i < 10; i++) await (await teacher(email, `203.0.113.${50 + i}`)).failed()
    await failTimes(() => teacher(email, '10.2.0.1'), 10)
    expect(await waitOf(await teacher(email, '10.2.0.1'))).toBeGreaterThan(0)
    expect(await waitOf(await teacher(email, '203.0.113.99'))).toBeGreaterThan(0)
    // Her own browser is counted on its own.
    expect(await waitOf(await teacher(email, '10.2.0.1', device))).toBe(0)
    expect(await waitOf(await teacher(email, '198.51.100.77', device))).toBe(0)
  })

  it('lets a teacher in from an address she used before, whatever is tried elsewhere', async () => {
    const email = `t-${randomUUID()}@example.org`
    const schoolId = randomUUID()
    await (await teacher(email, '10.3.0.1')).succeeded(schoolId)
    for (let i = 0; i < 20; i++) await (await teacher(email, `203.0.113.${100 + i}`)).failed()
    expect(await waitOf(await teacher(email, '203.0.113.200'))).toBeGreaterThan(0)
    expect(await waitOf(await teacher(email, '10.3.0.1'))).toBe(0)
  })

  it('slows, never locks, a teacher account tried from new addresses: the pause is capped', async () => {
    const email = `t-${randomUUID()}@example.org`
    for (let i = 0; i < 30; i++) await (await teacher(email, `203.0.113.${150 + i}`)).failed()
    const wait = await waitOf(await teacher(email, '198.51.100.200'))
    expect(wait).toBeGreaterThan(0)
    expect(wait).toBeLessThanOrEqual(LIMITS.maxDelaySeconds)
  })

  it('counts registrations per address', async () => {
    await limiter.countRegistration('192.0.2.77')
    await limiter.countRegistration('192.0.2.77')
    await expect(limiter.countRegistration('192.0.2.77')).rejects.toMatchObject({ code: 'RATE_LIMITED' })
    await expect(limiter.countRegistration('192.0.2.78')).resolves.toBeUndefined()
  })
})
