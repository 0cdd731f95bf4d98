import { createHash } from 'node:crypto'
import type { RedisClientType } from 'redis'
import type { ClassSignInLock } from '../../../shared/schemas/schools.js'
import { DomainError } from '../../domain/errors.js'
import {
  FailureCounter,
  MAX_MEMORY_TTL_SECONDS,
  Memory,
  Numbers,
  makeTable,
  type CounterStore,
} from './signInCounters.js'

export interface SignInLimits {
  /** Failures from an address that is new to the school or account tried, before that address is slowed. */
  perIp: number
  /** Failures for one teacher account from one address (and, from new addresses, in all) before slowing. */
  perAccount: number
  /** Failures for one class from addresses new to its school before such addresses are blocked for it. */
  perClass: number
  /** Failures for one class from one of its school's own addresses before that address is slowed. */
  perSchoolAddress: number
  windowSeconds: number
  /** The longest pause slowing imposes between two tries. */
  maxDelaySeconds: number
  registrationsPerIpPerHour: number
}

export interface ClassRef {
  id: string
  schoolId: string
}

/** One sign-in try: ask first, then report how it went. */
export interface SignInAttempt {
  /** Throws RATE_LIMITED (with retryAfterSeconds) while any count that applies asks this try to wait. */
  assertAllowed(): Promise<void>
  failed(): Promise<void>
  /** Remembers the address (and a teacher's device) as the school's own, for the school the account belongs to. */
  succeeded(schoolId: string): Promise<void>
}

/**
 * Sign-in limits shaped for schools, where a whole school shares one address and pupils mistype.
 *
 * Addresses and devices where someone of a school has got in before are *known*; the counts differ:
 * - a pupil from one of her school's known addresses: only that address's count for her class, generous
 *   and slowing (never blocking), so thirty pupils mistyping their cards lock nobody out;
 * - a pupil from an address new to her school: her class's count over all new addresses, which blocks
 *   (a guesser spreading tries over many addresses is stopped) until the window ends or a teacher
 *   lifts it, plus the address's own count. The school's own addresses are never blocked by it;
 * - a teacher on her own device (device cookie), or from an address she got in from: only that device's
 *   or that address's count for her account, so nobody elsewhere can hold her out;
 * - a teacher anywhere else: the count for her account from that address, for her account from all new
 *   addresses, and for the address — all slowing (pauses doubling up to maxDelaySeconds), never a hard
 *   lock, so even there someone who knows only her email can delay her a minute, not a quarter hour.
 * Only failures count, and a class code that matches no class counts against the address alone.
 */
export interface SignInLimiter {
  teacherAttempt(input: { email: string; ip: string; deviceToken: string }): Promise<SignInAttempt>
  pupilAttempt(input: { ip: string; schoolClass: ClassRef | undefined }): Promise<SignInAttempt>
  /** A newly registered teacher's address and device are hers from the start. */
  rememberTeacher(input: { email: string; ip: string; deviceToken: string; schoolId: string }): Promise<void>
  /** Whether pupils' sign-ins to this class are being slowed or blocked, for its teachers to see. */
  classLock(classId: string): Promise<ClassSignInLock>
  /** Clears every count of the class, so new addresses and slowed ones may try again at once. */
  liftClassLock(classId: string): Promise<void>
  /** Counts one registration from the address; throws RATE_LIMITED once it has made too many this hour. */
  countRegistration(ip: string): Promise<void>
}

// Known addresses and devices are renewed at each sign-in; three weeks outlasts a half-term break
// (and stays within what the memory store can time).
const KNOWN_TTL_SECONDS = Math.min(21 * 24 * 60 * 60, MAX_MEMORY_TTL_SECONDS)

const hash = (value: string) => createHash('sha256').update(value).digest('base64url')

const waitRefusal = (ms: number, message = 'Too many failed sign-in attempts. Please wait before trying again.') =>
  new DomainError('RATE_LIMITED', message, { retryAfterSeconds: Math.max(1, Math.ceil(ms / 1000)) })

type Check = readonly [FailureCounter, string]

export function createSignInLimiter(
  limits: SignInLimits,
  redis?: RedisClientType,
  redisPrefix = 'bridges',
): SignInLimiter {
  const store: CounterStore = { redis, prefix: redisPrefix }
  const counter = (name: string, limit: number, mode: 'block' | 'slow') =>
    new FailureCounter(store, name, limit, mode, limits.windowSeconds, limits.maxDelaySeconds)
  const byAddress = counter('ip', limits.perIp, 'slow')
  const byAccountAddress = counter('account-ip', limits.perAccount, 'slow')
  const byAccount = counter('account', limits.perAccount, 'slow')
  const byDevice = counter('device', limits.perAccount, 'slow')
  const byClassNewAddresses = counter('class-new', limits.perClass, 'block')
  const byClassSchoolAddress = counter('class-school-ip', limits.perSchoolAddress, 'slow')
  const classFailures = makeTable(store, 'signin-class-failures', limits.windowSeconds)
  const classSlowed = new Memory(store, 'class-slowed', limits.windowSeconds)
  const known = new Memory(store, 'known', KNOWN_TTL_SECONDS)
  const registrations = makeTable(store, 'registrations', 60 * 60)
  // Lifting a class's lock moves it to a new generation: every per-address count of the old one is
  // left behind at once (they cannot be listed). It outlives any count of the previous generation.
  const generations = new Numbers(store, 'class-generation', 2 * limits.windowSeconds + limits.maxDelaySeconds)

  const attempt = (
    checks: Check[],
    hooks: { failed?: (pauses: number[]) => Promise<void>; succeeded: (schoolId: string) => Promise<void> },
  ): SignInAttempt => ({
    async assertAllowed() {
      const states = await Promise.all(checks.map(([c, key]) => c.state(key)))
      const waitMs = Math.max(0, ...states.map((s) => s.waitMs))
      if (waitMs > 0) throw waitRefusal(waitMs)
    },
    async failed() {
      const pauses = await Promise.all(checks.map(([c, key]) => c.fail(key)))
      await hooks.failed?.(pauses)
    },
    succeeded: hooks.succeeded,
  })

  const rememberTeacher: SignInLimiter['rememberTeacher'] = async ({ email, ip, deviceToken, schoolId }) => {
    await Promise.all([
      known.remember(`device:${hash(deviceToken)}|${email}`),
      known.remember(`teacher:${email}|${ip}`),
      known.remember(`school:${schoolId}|${ip}`),
    ])
  }

  return {
    async teacherAttempt({ email, ip, deviceToken }) {
      const device = `${hash(deviceToken)}|${email}`
      const pair = `${email}|${ip}`
      const [onOwnDevice, fromOwnAddress] = await Promise.all([
        known.has(`device:${device}`),
        known.has(`teacher:${pair}`),
      ])
      const checks: Check[] = onOwnDevice
        ? [[byDevice, device]]
        : fromOwnAddress
          ? [[byAccountAddress, pair]]
          : [
              [byAccountAddress, pair],
              [byAccount, email],
              [byAddress, ip],
            ]
      return attempt(checks, {
        async succeeded(schoolId) {
          await rememberTeacher({ email, ip, deviceToken, schoolId })
          // Her own slips on this device or address are forgiven; what others did elsewhere still counts.
          const [mine] = checks
          if (mine) await mine[0].clear(mine[1])
        },
      })
    },

    async pupilAttempt({ ip, schoolClass }) {
      if (!schoolClass) return attempt([[byAddress, ip]], { succeeded: async () => {} })
      const classId = schoolClass.id
      const [generation, fromSchool] = await Promise.all([
        generations.get(classId),
        known.has(`school:${schoolClass.schoolId}|${ip}`),
      ])
      const checks: Check[] = fromSchool
        ? [[byClassSchoolAddress, `${classId}|${generation}|${ip}`]]
        : [
            [byClassNewAddresses, classId],
            [byAddress, ip],
          ]
      return attempt(checks, {
        async failed(pauses) {
          await classFailures.consume(classId)
          if (fromSchool && (pauses[0] ?? 0) > 0) await classSlowed.remember(classId)
        },
        async succeeded() {
          await known.remember(`school:${schoolClass.schoolId}|${ip}`)
        },
      })
    },

    rememberTeacher,

    async classLock(classId) {
      const [fromNew, failures, slowed] = await Promise.all([
        byClassNewAddresses.state(classId),
        classFailures.get(classId),
        classSlowed.remaining(classId),
      ])
      const blockedMs = fromNew.waitMs
      const state = blockedMs > 0 ? 'blocked' : slowed > 0 ? 'slowed' : 'open'
      return {
        state,
        failedAttempts: failures?.consumedPoints ?? 0,
        newAddressesBlocked: blockedMs > 0,
        retryAfterSeconds: state === 'open' ? null : Math.max(1, Math.ceil(Math.max(blockedMs, slowed) / 1000)),
      }
    },

    async liftClassLock(classId) {
      const generation = await generations.get(classId)
      await Promise.all([
        byClassNewAddresses.clear(classId),
        classFailures.delete(classId),
        classSlowed.forget(classId),
        generations.set(classId, generation + 1),
      ])
    },

    async countRegistration(ip) {
      const count = await registrations.consume(ip)
      if (count.consumedPoints > limits.registrationsPerIpPerHour) {
        throw waitRefusal(
          count.msBeforeNext,
          'Too many accounts have been registered from this address. Please try again later.',
        )
      }
    },
  }
}
