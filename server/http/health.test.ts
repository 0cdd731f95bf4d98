import { afterEach, describe, expect, it } from 'vitest'
import { createLogger } from '../logger.js'
import { startTestServer, type TestServer } from '../test/server.js'
import { statusOf, toApiError } from './errors.js'

describe('liveness and readiness', () => {
  let server: TestServer | undefined
  afterEach(async () => {
    await server?.close()
    server = undefined
  })

  it('live and ready while the database answers', async () => {
    server = await startTestServer()
    const live = await fetch(`${server.url}/api/live`)
    expect(live.status).toBe(200)
    expect(await live.json()).toEqual({ status: 'ok' })
    const health = await fetch(`${server.url}/api/health`)
    expect(health.status).toBe(200)
  })

  it('still live, but not ready (503, Retry-After), when the database stops answering — with or without a session cookie', async () => {
    server = await startTestServer()
    await server.storage.db.destroy()
    for (const headers of [{}, { cookie: 'bridges_session=anything' }] as Record<string, string>[]) {
      const live = await fetch(`${server.url}/api/live`, { headers })
      expect(live.status).toBe(200)
      const health = await fetch(`${server.url}/api/health`, { headers })
      expect(health.status).toBe(503)
      expect(Number(health.headers.get('retry-after'))).toBeGreaterThan(0)
      expect(await health.json()).toEqual({ status: 'unavailable' })
    }
  })
})

describe('toApiError', () => {
  const logger = createLogger('silent')

  it('answers a database that cannot be reached as 503 UNAVAILABLE with a retry time, without its details', () => {
    for (const cause of [
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      new Error('Connection terminated unexpectedly'),
    ]) {
      const error = toApiError(cause, logger)
      expect(error).toMatchObject({ code: 'UNAVAILABLE', retryAfterSeconds: expect.any(Number) })
      expect(error.message).not.toMatch(/5432|ECONN|administrator|terminated/)
      expect(statusOf(error.code)).toBe(503)
    }
  })

  it('still answers anything else unexpected as 500 INTERNAL', () => {
    expect(toApiError(Object.assign(new Error('duplicate key'), { code: '23505' }), logger).code).toBe('INTERNAL')
    expect(toApiError(new TypeError('x is undefined'), logger).code).toBe('INTERNAL')
  })
})
