import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ErrorBody } from '../../shared/errors.js'
import type { User } from '../../shared/schemas/accounts.js'
import { TestClient, emitWithAck, nextEvent, startTestServer, type TestServer } from '../test/server.js'
import { registerTeacher } from '../test/people.js'

// What a leaked stack trace looks like: "    at fn (/path/file.ts:12:3)", or a bare module path.
const STACK_TRACE = /\bat \S+ \(|\n\s+at |node_modules|\.[cm]?[jt]s:\d+/

let server: TestServer
let clientDir: string
beforeAll(async () => {
  clientDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bridges-client-'))
  fs.writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html><title>Bridges</title><div id="root"></div>')
  server = await startTestServer({ clientDir })
})
afterAll(async () => {
  await server?.close()
  fs.rmSync(clientDir, { recursive: true, force: true })
})

async function raw(method: string, urlPath: string, init: { body?: string; headers?: Record<string, string> } = {}) {
  const res = await fetch(server.url + urlPath, { method, body: init.body, headers: init.headers })
  return { status: res.status, headers: res.headers, text: await res.text() }
}

describe('request errors', () => {
  it('answers malformed JSON with 400 MALFORMED_JSON', async () => {
    const res = await raw('POST', '/api/auth/sign-in', {
      body: '{"email": "a@b.c",',
      headers: { 'content-type': 'application/json' },
    })
    expect(res.status).toBe(400)
    expect(JSON.parse(res.text)).toEqual({ error: { code: 'MALFORMED_JSON', message: expect.any(String) } })
  })

  it('answers a body over the limit with 413 PAYLOAD_TOO_LARGE, and accepts one under it', async () => {
    const small = await startTestServer({ env: { BODY_LIMIT: '1kb' } })
    try {
      const client = new TestClient(small.url)
      const tooBig = await client.post<ErrorBody>('/api/auth/sign-out', { padding: 'x'.repeat(2048) })
      expect(tooBig.status).toBe(413)
      expect(tooBig.body.error.code).toBe('PAYLOAD_TOO_LARGE')
      expect((await client.post('/api/auth/sign-out', { padding: 'x'.repeat(512) })).status).toBe(204)
    } finally {
      await small.close()
    }
  })

  it('answers an unknown API route with a JSON 404', async () => {
    for (const [method, urlPath] of [
      ['GET', '/api/nothing-here'],
      ['POST', '/api/classes/x/y/z'],
      ['DELETE', '/api/me'],
    ]) {
      const res = await raw(method!, urlPath!)
      expect(res.status).toBe(404)
      expect(res.headers.get('content-type')).toMatch(/application\/json/)
      expect((JSON.parse(res.text) as ErrorBody).error.code).toBe('NOT_FOUND')
    }
  })

  it('answers an address that cannot be decoded with 400, not a server error', async () => {
    const teacher = await registerTeacher(server.url)
    const res = await teacher.client.get<ErrorBody>('/api/classes/%E0%A4%A')
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('INVALID_PAYLOAD')
    expect((await raw('GET', '/some/page/%E0%A4%A')).status).toBe(400)
  })

  it('answers a body in an unsupported charset with 400, not a server error', async () => {
    const res = await raw('POST', '/api/auth/sign-in', {
      body: '{}',
      headers: { 'content-type': 'application/json; charset=latin2' },
    })
    expect(res.status).toBe(400)
    expect((JSON.parse(res.text) as ErrorBody).error.code).toBe('INVALID_PAYLOAD')
  })

  it('never sends a stack trace, inside or outside the API', async () => {
    const json = { 'content-type': 'application/json' }
    const responses = [
      await raw('POST', '/api/auth/sign-in', { body: '{oops', headers: json }),
      await raw('POST', '/api/auth/sign-in', {
        body: '{}',
        headers: { 'content-type': 'application/json; charset=latin2' },
      }),
      await raw('POST', '/api/auth/sign-in', { body: '{}', headers: { ...json, 'content-encoding': 'bogus' } }),
      await raw('POST', '/api/auth/teachers', { body: '[]', headers: json }),
      await raw('GET', '/api/classes/%E0%A4%A'),
      await raw('GET', '/api/nothing-here'),
      await raw('GET', '/%E0%A4%A'),
      await raw('GET', '/pages/%E0%A4%A'),
      await raw('GET', '/socket.io/?EIO=4&transport=bogus'),
    ]
    for (const res of responses) {
      expect(res.status).toBeGreaterThanOrEqual(400)
      expect(res.text).not.toMatch(STACK_TRACE)
    }
  })

  it('reports a database that stopped answering, without details: health 503 with Retry-After, requests 500 INTERNAL', async () => {
    const broken = await startTestServer()
    try {
      await broken.storage.db.destroy()
      const health = await fetch(`${broken.url}/api/health`)
      const healthText = await health.text()
      expect(health.status).toBe(503)
      expect(health.headers.get('retry-after')).toMatch(/^\d+$/)
      expect(JSON.parse(healthText)).toEqual({ status: 'unavailable' })

      const me = await fetch(`${broken.url}/api/me`, { headers: { cookie: 'bridges_session=anything' } })
      const meText = await me.text()
      expect(me.status).toBe(500)
      expect(JSON.parse(meText)).toEqual({ error: { code: 'INTERNAL', message: expect.any(String) } })
      for (const text of [healthText, meText]) {
        expect(text).not.toMatch(STACK_TRACE)
        expect(text).not.toMatch(/destroyed|sqlite|kysely/i)
      }
    } finally {
      await broken.close()
    }
  })
})

describe('service endpoints', () => {
  it('reports health with the database in use', async () => {
    const res = await new TestClient(server.url).get('/api/health')
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ status: 'ok', database: 'sqlite' })
  })

  it('serves an OpenAPI 3 document describing the routes', async () => {
    type Operation = {
      summary: string
      parameters?: { name: string; in: string; required: boolean }[]
      requestBody?: {
        content: Record<
          string,
          { schema: { type?: string; properties?: Record<string, unknown>; required?: string[] } }
        >
      }
      responses: Record<string, unknown>
      security?: unknown[]
    }
    const res = await new TestClient(server.url).get<{
      openapi: string
      info: { title: string; version: string }
      paths: Record<string, Record<string, Operation>>
      components: { schemas: Record<string, unknown> }
    }>('/api/openapi.json')
    expect(res.status).toBe(200)
    const doc = res.body
    expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/)
    expect(doc.info.title).toBeTruthy()
    expect(doc.components.schemas.Error).toBeDefined()

    const expected: [string, string][] = [
      ['/api/auth/teachers', 'post'],
      ['/api/auth/sign-in', 'post'],
      ['/api/auth/pupil-sign-in', 'post'],
      ['/api/auth/sign-out', 'post'],
      ['/api/auth/sign-out-everywhere', 'post'],
      ['/api/me', 'get'],
      ['/api/me', 'patch'],
      ['/api/session', 'get'],
      ['/api/school', 'get'],
      ['/api/school', 'patch'],
      ['/api/classes', 'get'],
      ['/api/classes', 'post'],
      ['/api/classes/{classId}', 'get'],
      ['/api/classes/{classId}', 'patch'],
      ['/api/classes/{classId}/pupils', 'get'],
      ['/api/classes/{classId}/pupils', 'post'],
      ['/api/classes/{classId}/pupils/{pupilId}', 'patch'],
      ['/api/classes/{classId}/pupils/{pupilId}/reset-code', 'post'],
    ]
    for (const [p, method] of expected) {
      const operation = doc.paths[p]?.[method]
      expect(operation, `${method.toUpperCase()} ${p}`).toBeDefined()
      expect(operation!.summary).toBeTruthy()
      // Every refusal is documented by status (openapi.lint.test.ts checks the codes).
      expect(operation!.responses['500']).toBeDefined()
    }
    expect(Object.keys(doc.paths).filter((p) => p.includes(':'))).toEqual([])

    const getClass = doc.paths['/api/classes/{classId}']!.get!
    expect(getClass.parameters).toEqual([expect.objectContaining({ name: 'classId', in: 'path', required: true })])

    const createClass = doc.paths['/api/classes']!.post!
    const body = createClass.requestBody!.content['application/json']!.schema
    expect(body.type).toBe('object')
    expect(Object.keys(body.properties ?? {})).toEqual(
      expect.arrayContaining(['name', 'ageMin', 'ageMax', 'languages', 'timeZone']),
    )
    expect(body.required).toEqual(expect.arrayContaining(['name', 'ageMin', 'ageMax']))
    expect(createClass.responses['201']).toBeDefined()

    const signUp = doc.paths['/api/auth/teachers']!.post!
    expect(signUp.requestBody!.content['application/json']!.schema.properties).toHaveProperty('school')
    expect(signUp.security).toEqual([])
    expect(doc.paths['/api/me']!.get!.security).toBeUndefined()
  })
})

describe('security headers', () => {
  function directives(csp: string | null) {
    const map = new Map<string, string[]>()
    for (const part of (csp ?? '').split(';')) {
      const [name, ...values] = part.trim().split(/\s+/)
      if (name) map.set(name.toLowerCase(), values)
    }
    return map
  }

  it.each(['/api/health', '/', '/a/client/route'])('sends a strict Content-Security-Policy on %s', async (urlPath) => {
    const res = await raw('GET', urlPath)
    expect(res.status).toBe(200)
    const csp = directives(res.headers.get('content-security-policy'))
    const scriptSrc = csp.get('script-src') ?? csp.get('default-src')
    expect(scriptSrc).toContain("'self'")
    expect(scriptSrc).not.toContain("'unsafe-inline'")
    expect(scriptSrc).not.toContain("'unsafe-eval'")
    expect(csp.get('object-src')).toEqual(["'none'"])
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('x-powered-by')).toBeNull()
  })
})

describe('sessions across clients', () => {
  it('signs out everywhere: other clients get 401 and every socket of the account is closed', async () => {
    const teacher = await registerTeacher(server.url)
    const laptop = teacher.client
    const tablet = new TestClient(server.url)
    expect((await tablet.post('/api/auth/sign-in', { email: teacher.email, password: teacher.password })).status).toBe(
      200,
    )
    const laptopSocket = await laptop.connectSocket()
    const tabletSocket = await tablet.connectSocket()
    const bystander = await registerTeacher(server.url)
    const bystanderSocket = await bystander.client.connectSocket()
    const disconnects = [nextEvent<string>(laptopSocket, 'disconnect'), nextEvent<string>(tabletSocket, 'disconnect')]

    const res = await laptop.post('/api/auth/sign-out-everywhere')
    expect(res.status).toBe(204)
    expect(await Promise.all(disconnects)).toEqual(['io server disconnect', 'io server disconnect'])
    expect((await tablet.get<ErrorBody>('/api/me')).status).toBe(401)
    expect((await laptop.get<ErrorBody>('/api/me')).status).toBe(401)
    await expect(tablet.connectSocket()).rejects.toThrow(/UNAUTHENTICATED/)

    // Another account is not affected.
    expect(bystanderSocket.connected).toBe(true)
    expect((await bystander.client.get('/api/me')).status).toBe(200)
    bystanderSocket.disconnect()
  })

  it('signs out one session only', async () => {
    const teacher = await registerTeacher(server.url)
    const tablet = new TestClient(server.url)
    await tablet.post('/api/auth/sign-in', { email: teacher.email, password: teacher.password })
    const socket = await teacher.client.connectSocket()
    const disconnected = nextEvent<string>(socket, 'disconnect')

    expect((await teacher.client.post('/api/auth/sign-out')).status).toBe(204)
    expect(await disconnected).toBe('io server disconnect')
    expect((await teacher.client.get('/api/me')).status).toBe(401)
    expect((await tablet.get('/api/me')).status).toBe(200)
  })
})

describe('socket payload validation', () => {
  it.each([
    ['a string', 'who am I?'],
    ['a number', 42],
    ['an array', []],
    ['null', null],
    ['unexpected keys', { as: 'admin' }],
  ])('acknowledges session:whoami with %s as INVALID_PAYLOAD and stays connected', async (_label, payload) => {
    const teacher = await registerTeacher(server.url)
    const socket = await teacher.client.connectSocket()
    try {
      const ack = await emitWithAck<User>(socket, 'session:whoami', payload)
      expect(ack).toEqual({
        ok: false,
        error: expect.objectContaining({ code: 'INVALID_PAYLOAD', message: expect.any(String) }),
      })
      expect(JSON.stringify(ack)).not.toMatch(STACK_TRACE)
      const good = await emitWithAck<User>(socket, 'session:whoami', {})
      expect(good).toEqual({ ok: true, data: expect.objectContaining({ id: teacher.user.id }) })
    } finally {
      socket.disconnect()
    }
  })
})
