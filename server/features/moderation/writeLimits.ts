import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible'
import type { RedisClientType } from 'redis'
import type { User } from '../../../shared/schemas/accounts.js'
import type { WriteKind } from '../../../shared/schemas/moderation.js'
import { DomainError } from '../../domain/errors.js'
import { insuredRedisLimiter } from '../../storage/redisLimiter.js'

/** Guards every write a person makes (posts, chat, letters, uploads, flags) against floods. */
export interface WriteLimiter {
  /** Throws RATE_LIMITED (with retryAfterSeconds) once `user` has used up this kind's allowance. */
  consume(user: User, kind: WriteKind): Promise<void>
}

const WHAT: Record<WriteKind, string> = {
  posts: 'post',
  chat: 'send a chat message',
  wall: 'write on the wall',
  uploads: 'upload a picture',
  flags: 'flag something',
}

/**
 * One token bucket per person and kind, counted in Redis when several nodes share the load (so a
 * flood cannot be spread across nodes). A pupil who hits a limit is noted for her teachers.
 */
export function createWriteLimiter(
  perMinute: number,
  onPupilLimited: (user: User, kind: WriteKind) => Promise<void>,
  redis?: RedisClientType,
  redisPrefix = 'bridges',
): WriteLimiter {
  const limiters = new Map<WriteKind, RateLimiterAbstract>()
  const limiterOf = (kind: WriteKind) => {
    let limiter = limiters.get(kind)
    if (!limiter) {
      // Keys keep the names used before (posts, chat) so limits already counted carry over. While
      // Redis is down each node counts in memory: writes go on, limited per node.
      limiter = redis
        ? insuredRedisLimiter(redis, { points: perMinute, duration: 60, keyPrefix: `${redisPrefix}:${kind}` })
        : new RateLimiterMemory({ points: perMinute, duration: 60, keyPrefix: kind })
      limiters.set(kind, limiter)
    }
    return limiter
  }
  return {
    async consume(user, kind) {
      try {
        await limiterOf(kind).consume(user.id)
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error
        if (user.role === 'pupil') await onPupilLimited(user, kind)
        throw new DomainError(
          'RATE_LIMITED',
          `You can ${WHAT[kind]} ${perMinute} times a minute. Please wait a moment.`,
          {
            retryAfterSeconds: Math.max(1, Math.ceil(error.msBeforeNext / 1000)),
          },
        )
      }
    },
  }
}
