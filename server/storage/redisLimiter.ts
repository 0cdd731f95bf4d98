import { RateLimiterMemory, RateLimiterRedis, RLWrapperTimeouts, type RateLimiterAbstract } from 'rate-limiter-flexible'
import type { RedisClientType } from 'redis'

/**
 * How long one limiter call may wait on Redis before this node counts in its own memory instead.
 * Redis answers in well under a millisecond on a LAN; a sign-in makes a few calls in a row, so a hung
 * Redis costs it at most a few times this, never the minutes a queued command could wait.
 */
export const REDIS_LIMITER_TIMEOUT_MS = 250

export interface LimiterOptions {
  points: number
  duration: number
  keyPrefix: string
}

/**
 * A limiter counted in Redis (so a flood or a guesser cannot spread over nodes) that degrades to
 * per-node memory while Redis is down or slow: Redis being away never refuses, stalls or fails a
 * request, it only makes limits per node for a while. Counts made in memory are forgotten when Redis
 * is back; the window is short and limits are about floods, not bookkeeping.
 */
export function insuredRedisLimiter(redis: RedisClientType, options: LimiterOptions): RateLimiterAbstract {
  const insuranceLimiter = new RateLimiterMemory(options)
  const store = new RateLimiterRedis({
    ...options,
    storeClient: redis,
    useRedisPackage: true,
    // Not connected: go to memory at once instead of sending a command that can only fail.
    rejectIfRedisNotReady: true,
    insuranceLimiter,
  })
  // Connected but not answering (a hung server, a saturated link): memory after the time-out.
  return new RLWrapperTimeouts({ limiter: store, insuranceLimiter, timeoutMs: REDIS_LIMITER_TIMEOUT_MS })
}
