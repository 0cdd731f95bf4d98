import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible'
import type { RedisClientType } from 'redis'
import { DomainError } from '../../domain/errors.js'

/** Account keys of pupil sign-ins (one per class) start with this. */
export const PUPIL_KEY_PREFIX = 'class:'
const PUPIL_CLASS_ALLOWANCE = 5

export interface SignInLimits {
  perIp: number
  perAccount: number
  windowSeconds: number
}

/**
 * Counts failed sign-ins per IP and per account. Only failures count, so a whole class signing in
 * from one school's shared address is never locked out by its own success.
 */
export interface SignInLimiter {
  /** Throws RATE_LIMITED (with retryAfterSeconds) when either key has used up its failures. */
  assertAllowed(ip: string, accountKey: string): Promise<void>
  recordFailure(ip: string, accountKey: string): Promise<void>
  recordSuccess(accountKey: string): Promise<void>
}

/** Counters live in Redis when several nodes run, so a guesser cannot spread attempts across them. */
export function createSignInLimiter(limits: SignInLimits, redis?: RedisClientType, redisPrefix = 'bridges'): SignInLimiter {
  const make = (points: number, name: string): RateLimiterAbstract =>
    redis
      ? new RateLimiterRedis({ storeClient: redis, useRedisPackage: true, points, duration: limits.windowSeconds, keyPrefix: `${redisPrefix}:${name}` })
      : new RateLimiterMemory({ points, duration: limits.windowSeconds, keyPrefix: name })
  const byIp = make(limits.perIp, 'signin-ip')
  const byAccount = make(limits.perAccount, 'signin-account')
  // Young pupils mistype: a whole class shares one key, so it gets more room than one teacher's account.
  const byClass = make(limits.perAccount * PUPIL_CLASS_ALLOWANCE, 'signin-class')
  const counterFor = (accountKey: string) => (accountKey.startsWith(PUPIL_KEY_PREFIX) ? byClass : byAccount)
  const limitFor = (accountKey: string) =>
    accountKey.startsWith(PUPIL_KEY_PREFIX) ? limits.perAccount * PUPIL_CLASS_ALLOWANCE : limits.perAccount

  const refusal = (msBeforeNext: number) =>
    new DomainError('RATE_LIMITED', 'Too many failed sign-in attempts. Please wait before trying again.', {
      retryAfterSeconds: Math.max(1, Math.ceil(msBeforeNext / 1000)),
    })

  return {
    async assertAllowed(ip, accountKey) {
      const [ipState, accountState] = await Promise.all([byIp.get(ip), counterFor(accountKey).get(accountKey)])
      for (const [state, limit] of [[ipState, limits.perIp], [accountState, limitFor(accountKey)]] as const) {
        if (state && state.consumedPoints >= limit) throw refusal(state.msBeforeNext)
      }
    },
    async recordFailure(ip, accountKey) {
      const results = await Promise.allSettled([byIp.consume(ip), counterFor(accountKey).consume(accountKey)])
      for (const result of results) {
        // A rejection with RateLimiterRes only means the limit is now reached: the next attempt is refused.
        if (result.status === 'rejected' && !(result.reason instanceof RateLimiterRes)) throw result.reason
      }
    },
    async recordSuccess(accountKey) {
      await counterFor(accountKey).delete(accountKey)
    },
  }
}
