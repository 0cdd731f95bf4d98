import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { idempotencyKeySchema } from '../../../shared/schemas/common.js'
import { apiPost, ApiRequestError, newIdempotencyKey } from './http.js'

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } })

describe('apiPost with an idempotency key', () => {
  const calls: { url: string; key: string | null }[] = []
  let answers: (() => Response)[]
  beforeEach(() => {
    vi.useFakeTimers()
    calls.length = 0
    vi.stubGlobal('fetch', (url: string, init: RequestInit) => {
      calls.push({ url, key: new Headers(init.headers).get('Idempotency-Key') })
      const next = answers.shift()
      if (!next) throw new Error('no more answers')
      return Promise.resolve(next())
    })
  })
  afterEach(() => {
    vi.useRealTimers()
    vi.unstubAllGlobals()
  })

  it('retries a lost connection, a restarting server and a running duplicate with the same key', async () => {
    answers = [
      () => {
        throw new TypeError('Failed to fetch')
      },
      () => json(503, { error: { code: 'UNAVAILABLE', message: 'restarting' } }, { 'retry-after': '2' }),
      () => json(201, { id: 'p1' }),
    ]
    const key = newIdempotencyKey()
    const sent = apiPost<{ id: string }>('/boards/b/threads', { title: 'Rain' }, { idempotencyKey: key })
    await vi.advanceTimersByTimeAsync(1000 + 2000)
    await expect(sent).resolves.toEqual({ id: 'p1' })
    expect(calls.map((c) => c.key)).toEqual([key, key, key])

    answers = [
      () => json(409, { error: { code: 'IN_PROGRESS', message: 'still running' } }, { 'retry-after': '1' }),
      () => json(201, { id: 'p1' }),
    ]
    const again = apiPost('/boards/b/threads', { title: 'Rain' }, { idempotencyKey: key })
    await vi.advanceTimersByTimeAsync(1000)
    await expect(again).resolves.toEqual({ id: 'p1' })
  })

  it('gives up after two retries, and never retries a write without a key or a plain refusal', async () => {
    const down = () => json(503, { error: { code: 'UNAVAILABLE', message: 'restarting' } })
    answers = [down, down, down]
    const sent = apiPost('/links/l/wall', {}, { idempotencyKey: newIdempotencyKey() }).catch((error: unknown) => error)
    await vi.advanceTimersByTimeAsync(1000 + 3000)
    expect(await sent).toMatchObject({ status: 503, error: { code: 'UNAVAILABLE' } })
    expect(calls).toHaveLength(3)

    calls.length = 0
    answers = [down]
    await expect(apiPost('/links/l/wall', {})).rejects.toBeInstanceOf(ApiRequestError)
    answers = [() => json(409, { error: { code: 'LOCKED', message: 'locked' } })]
    await expect(apiPost('/links/l/wall', {}, { idempotencyKey: newIdempotencyKey() })).rejects.toMatchObject({
      status: 409,
    })
    expect(calls).toHaveLength(2)
  })

  it('makes keys the server accepts, different every time', () => {
    const keys = new Set(Array.from({ length: 100 }, () => newIdempotencyKey()))
    expect(keys.size).toBe(100)
    for (const key of keys) expect(idempotencyKeySchema.safeParse(key).success).toBe(true)
  })
})
