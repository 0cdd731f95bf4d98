import { createHash } from 'node:crypto'
import type { Request, RequestHandler, Response } from 'express'
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import { IDEMPOTENCY_KEY_HEADER, idempotencyKeySchema } from '../../shared/schemas/common.js'
import { DomainError } from '../domain/errors.js'
import type { Database } from '../storage/schema.js'

/** How long a key is remembered: a retry a day later still gets the first answer. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000
/**
 * A claim still running after this long belongs to a node that died mid-request: the next retry may
 * take it over. (Longer than any request lives: a slow 15 MB upload, a drain on shutdown.)
 */
export const IDEMPOTENCY_LEASE_MS = 5 * 60 * 1000

/** What a handler answered, as it is stored and sent again. */
export interface StoredAnswer {
  status: number
  /** The JSON body; undefined for 204. */
  body?: unknown
}

export type Claim =
  { kind: 'claimed' } | { kind: 'replay'; answer: StoredAnswer } | { kind: 'in-progress' } | { kind: 'mismatch' }

/** Idempotency keys, per person: claimed by one insert, completed with the answer, or released on failure. */
export interface IdempotencyStore {
  /** Claims `key` for `userId`, or says why not: the earlier answer, still running, or another request's key. */
  claim(userId: string, key: string, fingerprint: string): Promise<Claim>
  complete(userId: string, key: string, answer: StoredAnswer): Promise<void>
  /** Forgets a claim whose request failed, so a retry runs it again. */
  release(userId: string, key: string): Promise<void>
}

export function createIdempotencyStore(db: Kysely<Database>, now: () => number = Date.now): IdempotencyStore {
  const iso = (ms: number) => new Date(ms).toISOString()
  const mine = (userId: string, key: string) =>
    db.deleteFrom('idempotencyKeys').where('userId', '=', userId).where('idempotencyKey', '=', key)

  return {
    async claim(userId, key, fingerprint) {
      const at = now()
      // Expired keys of this person go first (so a key may come back after a day), and an abandoned claim.
      await db.deleteFrom('idempotencyKeys').where('userId', '=', userId).where('expiresAt', '<', iso(at)).execute()
      await mine(userId, key)
        .where('state', '=', 'running')
        .where('claimedAt', '<', iso(at - IDEMPOTENCY_LEASE_MS))
        .execute()
      // A few turns: a row can vanish between the insert and the read (its first request failed and released it).
      for (let attempt = 0; attempt < 3; attempt++) {
        const inserted = await db
          .insertInto('idempotencyKeys')
          .values({
            userId,
            idempotencyKey: key,
            fingerprint,
            state: 'running',
            status: null,
            responseBody: null,
            claimedAt: iso(at),
            expiresAt: iso(at + IDEMPOTENCY_TTL_MS),
          })
          .onConflict((oc) => oc.columns(['userId', 'idempotencyKey']).doNothing())
          .executeTakeFirst()
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return { kind: 'claimed' }
        const row = await db
          .selectFrom('idempotencyKeys')
          .select(['fingerprint', 'state', 'status', 'responseBody'])
          .where('userId', '=', userId)
          .where('idempotencyKey', '=', key)
          .executeTakeFirst()
        if (!row) continue
        if (row.fingerprint !== fingerprint) return { kind: 'mismatch' }
        if (row.state !== 'done' || row.status === null) return { kind: 'in-progress' }
        return {
          kind: 'replay',
          answer: {
            status: row.status,
            body: row.responseBody === null ? undefined : (JSON.parse(row.responseBody) as unknown),
          },
        }
      }
      return { kind: 'in-progress' }
    },
    async complete(userId, key, answer) {
      await db
        .updateTable('idempotencyKeys')
        .set({
          state: 'done',
          status: answer.status,
          responseBody: answer.body === undefined ? null : JSON.stringify(answer.body),
        })
        .where('userId', '=', userId)
        .where('idempotencyKey', '=', key)
        .execute()
    },
    async release(userId, key) {
      await mine(userId, key).where('state', '=', 'running').execute()
    },
  }
}

/** Puts the store where `defineRoute` finds it (as the session middleware does with the signed-in person). */
export function provideIdempotency(store: IdempotencyStore, logger: Logger): RequestHandler {
  return (_req, res, next) => {
    res.locals.idempotency = { store, logger } satisfies IdempotencyContext
    next()
  }
}

interface IdempotencyContext {
  store: IdempotencyStore
  logger: Logger
}

/** The request's Idempotency-Key, checked; undefined when it has none. */
export function idempotencyKeyOf(req: Request): string | undefined {
  const value = req.get(IDEMPOTENCY_KEY_HEADER)
  if (value === undefined) return undefined
  const parsed = idempotencyKeySchema.safeParse(value)
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? 'Not valid'
    throw new DomainError('INVALID_PAYLOAD', `The ${IDEMPOTENCY_KEY_HEADER} header is not valid (${message})`, {
      fields: { [IDEMPOTENCY_KEY_HEADER]: message },
    })
  }
  return parsed.data
}

/** Method, address and parsed body: what must match for a retry to be the same request. */
export function fingerprintOf(req: Request, body: unknown): string {
  return createHash('sha256')
    .update(`${req.method} ${req.baseUrl}${req.path}\n${JSON.stringify(body ?? null)}`)
    .digest('base64url')
}

/**
 * Runs `handle` once per (person, key). A retry with the same key gets the first answer again, with
 * `Idempotent-Replayed: true`; one that arrives while the first is still running gets 409 IN_PROGRESS
 * (with Retry-After) rather than waiting, so no connection is held open on a claim that may belong to
 * another node; the same key for another request gets 422. A failed request releases its key: the
 * refusal is not stored, and a retry runs again.
 */
export async function answerOnce(
  res: Response,
  userId: string,
  key: string,
  fingerprint: string,
  handle: () => Promise<StoredAnswer>,
): Promise<StoredAnswer> {
  const context = res.locals.idempotency as IdempotencyContext | undefined
  if (!context) throw new Error('provideIdempotency() is not installed before this route')
  const { store, logger } = context
  const claim = await store.claim(userId, key, fingerprint)
  if (claim.kind === 'replay') {
    res.setHeader('Idempotent-Replayed', 'true')
    return claim.answer
  }
  if (claim.kind === 'in-progress') {
    throw new DomainError(
      'IN_PROGRESS',
      'The same request is still being handled. Try again in a moment to get its answer.',
      { retryAfterSeconds: 1 },
    )
  }
  if (claim.kind === 'mismatch') {
    throw new DomainError(
      'IDEMPOTENCY_KEY_REUSED',
      `This ${IDEMPOTENCY_KEY_HEADER} was already used for a different request. Use a new key for a new request.`,
    )
  }
  let answer: StoredAnswer
  try {
    answer = await handle()
  } catch (error) {
    await store
      .release(userId, key)
      .catch((releaseError: unknown) => logger.warn({ err: releaseError }, 'could not release an idempotency key'))
    throw error
  }
  // The write is done: if the answer cannot be recorded (the database went away just after), try a
  // few times; failing that the key stays claimed (retries get IN_PROGRESS until the lease ends)
  // rather than being released for a second write.
  for (let attempt = 0; ; attempt++) {
    try {
      await store.complete(userId, key, answer)
      break
    } catch (error) {
      if (attempt >= COMPLETE_RETRY_MS.length) {
        logger.error({ err: error }, 'could not record an idempotent answer')
        break
      }
      await new Promise((resolve) => setTimeout(resolve, COMPLETE_RETRY_MS[attempt]))
    }
  }
  return answer
}

/** Waits between attempts to record an answer whose write has already happened. */
const COMPLETE_RETRY_MS = [100, 400, 1500]
