import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible'
import type { RedisClientType } from 'redis'
import { DomainError } from '../../domain/errors.js'
import type { PostRateLimiter } from './boards.service.js'

/** Posts (or chat messages: `name` keeps their counts apart) per user per minute; counted in Redis when several nodes share the load. */
export function createPostRateLimiter(perMinute: number, redis?: RedisClientType, redisPrefix = 'bridges', name = 'posts'): PostRateLimiter {
  const limiter = redis
    ? new RateLimiterRedis({ storeClient: redis, useRedisPackage: true, points: perMinute, duration: 60, keyPrefix: `${redisPrefix}:${name}` })
    : new RateLimiterMemory({ points: perMinute, duration: 60, keyPrefix: name })
  return {
    async consume(userId) {
      try {
        await limiter.consume(userId)
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error
        throw new DomainError('RATE_LIMITED', `You can post ${perMinute} times a minute. Please wait a moment.`, {
          retryAfterSeconds: Math.max(1, Math.ceil(error.msBeforeNext / 1000)),
        })
      }
    },
  }
}
