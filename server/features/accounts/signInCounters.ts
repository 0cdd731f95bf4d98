import { RateLimiterMemory, type RateLimiterAbstract } from 'rate-limiter-flexible'
import type { RedisClientType } from 'redis'
import { insuredRedisLimiter } from '../../storage/redisLimiter.js'

/** Where counters live: Redis when several nodes run (a guesser cannot spread attempts across them), else memory. */
export interface CounterStore {
  redis?: RedisClientType
  prefix: string
}

// Counts are compared by us, never refused by the library, so failures beyond a limit keep counting.
const UNLIMITED = Number.MAX_SAFE_INTEGER
// The memory store expires keys with setTimeout, which cannot wait longer than about 24.8 days.
export const MAX_MEMORY_TTL_SECONDS = 24 * 24 * 60 * 60

/**
 * A key–count table whose entries expire `durationSeconds` after they are first written. In Redis,
 * each node falls back to its own memory while Redis is down or slow, so sign-in never waits on it.
 */
export function makeTable(
  store: CounterStore,
  name: string,
  durationSeconds: number,
  points = UNLIMITED,
): RateLimiterAbstract {
  const options = { points, duration: durationSeconds, keyPrefix: `${store.prefix}:${name}` }
  return store.redis ? insuredRedisLimiter(store.redis, options) : new RateLimiterMemory(options)
}

export type CounterMode = 'block' | 'slow'

/** How long a key must still wait (ms, 0 = may try now), and the failures counted in its window. */
export interface CounterState {
  waitMs: number
  failures: number
}

/**
 * Failures counted per key over a fixed window.
 * - `block`: from `limit` failures on, every attempt is refused until the window ends or the count is cleared.
 * - `slow`: each failure from `limit` on imposes a pause that doubles (2 s, 4 s, … up to `maxDelaySeconds`).
 *   Whoever knows the secret only ever waits a moment, never a whole window; a guesser gets a trickle.
 */
export class FailureCounter {
  private readonly counts: RateLimiterAbstract
  private readonly pauses: RateLimiterAbstract

  constructor(
    store: CounterStore,
    readonly name: string,
    readonly limit: number,
    readonly mode: CounterMode,
    windowSeconds: number,
    private readonly maxDelaySeconds: number,
  ) {
    this.counts = makeTable(store, `signin-${name}`, windowSeconds)
    // A pause is a blocked key of a one-point table (block() stores points + 1).
    this.pauses = makeTable(store, `signin-${name}-pause`, maxDelaySeconds, 1)
  }

  async state(key: string): Promise<CounterState> {
    const [count, pause] = await Promise.all([this.counts.get(key), this.mode === 'slow' ? this.pauses.get(key) : null])
    const failures = count?.consumedPoints ?? 0
    const blocked = this.mode === 'block' && failures >= this.limit
    const waitMs = blocked
      ? Math.max(count?.msBeforeNext ?? 0, 0)
      : pause && pause.consumedPoints > 0
        ? Math.max(pause.msBeforeNext, 0)
        : 0
    return { waitMs, failures }
  }

  /** Counts one failure; returns the pause in seconds it now imposes on the key (0 when none). */
  async fail(key: string): Promise<number> {
    const count = await this.counts.consume(key)
    if (count.consumedPoints < this.limit) return 0
    if (this.mode === 'block') return Math.max(1, Math.ceil(count.msBeforeNext / 1000))
    const delay = Math.min(this.maxDelaySeconds, 2 ** (1 + count.consumedPoints - this.limit))
    await this.pauses.block(key, delay)
    return delay
  }

  async clear(key: string): Promise<void> {
    await Promise.all([this.counts.delete(key), this.pauses.delete(key)])
  }
}

/** Remembers keys (an address a school has used, a teacher's device) for a while; each sighting renews it. */
export class Memory {
  private readonly table: RateLimiterAbstract
  constructor(
    store: CounterStore,
    name: string,
    private readonly ttlSeconds: number,
  ) {
    this.table = makeTable(store, `signin-${name}`, ttlSeconds)
  }

  async has(key: string): Promise<boolean> {
    return ((await this.table.get(key))?.consumedPoints ?? 0) > 0
  }

  /** Milliseconds until the key is forgotten; 0 when it is not remembered. */
  async remaining(key: string): Promise<number> {
    const entry = await this.table.get(key)
    return entry && entry.consumedPoints > 0 ? Math.max(entry.msBeforeNext, 0) : 0
  }

  async remember(key: string): Promise<void> {
    await this.table.set(key, 1, this.ttlSeconds)
  }

  async forget(key: string): Promise<void> {
    await this.table.delete(key)
  }
}

/** A small number per key (a class's lift generation), kept `ttlSeconds` after it was last set. */
export class Numbers {
  private readonly table: RateLimiterAbstract
  constructor(
    store: CounterStore,
    name: string,
    private readonly ttlSeconds: number,
  ) {
    this.table = makeTable(store, `signin-${name}`, ttlSeconds)
  }

  async get(key: string): Promise<number> {
    return (await this.table.get(key))?.consumedPoints ?? 0
  }

  async set(key: string, value: number): Promise<void> {
    await this.table.set(key, value, this.ttlSeconds)
  }
}
