import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ErrorBody } from '../../shared/errors.js'
import type { Link } from '../../shared/schemas/links.js'
import type { Media } from '../../shared/schemas/media.js'
import { fixture, fixturesSkipReason, multipart } from '../test/fixtures.js'
import { createLinkedClasses, type LinkedClasses } from '../test/links.js'
import { startTestServer, type TestClient, type TestServer } from '../test/server.js'

let server: TestServer
let linked: LinkedClasses
let teacher: TestClient
beforeAll(async () => {
  server = await startTestServer()
  linked = await createLinkedClasses(server, { pupilsPerClass: 1 })
  teacher = linked.sides[0]!.teacher.client
})
afterAll(() => server?.close())

const status = async () => (await teacher.get<Link>(`/api/links/${linked.link.id}`)).body.status
const pausePath = () => `/api/links/${linked.link.id}/pause`

describe('the API takes JSON bodies only', () => {
  // What an HTML form on any site can send without a CORS preflight, aimed at a route with no body.
  it.each([
    ['text/plain', 'text/plain', '{}'],
    ['text/plain with a charset', 'text/plain;charset=UTF-8', 'anything'],
    ['a urlencoded form', 'application/x-www-form-urlencoded', 'a=1'],
    ['multipart on a route that takes no upload', 'multipart/form-data; boundary=x', '--x--\r\n'],
    ['JSON dressed as another type', 'application/json-patch+json', '{}'],
  ])('refuses %s with 415 UNSUPPORTED_CONTENT_TYPE and changes nothing', async (_label, contentType, body) => {
    const res = await teacher.request<ErrorBody>('POST', pausePath(), body, { 'content-type': contentType })
    expect(res.status).toBe(415)
    expect(res.body).toEqual({ error: { code: 'UNSUPPORTED_CONTENT_TYPE', message: expect.any(String) } })
    expect(await status()).toBe('active')
  })

  it('refuses a body that does not say what it is', async () => {
    // A Blob without a type: fetch sends the bytes and no Content-Type header.
    const res = await fetch(server.url + pausePath(), {
      method: 'POST',
      body: new Blob(['{}']),
      headers: { cookie: teacher.cookie },
    })
    expect(res.status).toBe(415)
    expect(await status()).toBe('active')
  })

  it('accepts JSON, with or without a charset, and a request with no body at all', async () => {
    expect(
      (
        await teacher.request(
          'PATCH',
          '/api/me',
          { displayName: 'Ms Okafor' },
          { 'content-type': 'application/json; charset=utf-8' },
        )
      ).status,
    ).toBe(200)
    expect(
      (await teacher.request('PATCH', '/api/me', { displayName: 'Ms Okafor' }, { 'content-type': 'Application/JSON' }))
        .status,
    ).toBe(200)
    const paused = await teacher.request<Link>('POST', pausePath())
    expect(paused.status).toBe(200)
    expect(paused.body.status).toBe('paused')
  })
})

describe.skipIf(Boolean(fixturesSkipReason))('uploads', () => {
  it('still take a picture as multipart/form-data, and only that or JSON', async () => {
    const active = await createLinkedClasses(server, { pupilsPerClass: 1 })
    const pupil = active.sides[0]!.pupils[0]!.client
    const path = `/api/links/${active.link.id}/media`
    const { body, contentType } = multipart(fixture('plain.jpg'), 'plain.jpg')
    const uploaded = await pupil.request<Media>('POST', path, body, { 'content-type': contentType })
    expect(uploaded.status).toBe(201)
    expect(uploaded.body.id).toEqual(expect.any(String))
    const plain = await pupil.request<ErrorBody>('POST', path, body, { 'content-type': 'text/plain' })
    expect(plain.status).toBe(415)
    expect(plain.body.error.code).toBe('UNSUPPORTED_CONTENT_TYPE')
    // A cross-site page cannot upload either, even though forms may post multipart.
    const evil = await pupil.request<ErrorBody>('POST', path, body, {
      'content-type': contentType,
      origin: 'http://evil.example',
    })
    expect(evil.status).toBe(403)
  })
})
