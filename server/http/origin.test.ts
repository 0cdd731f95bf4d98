import type { IncomingMessage } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ErrorBody } from '../../shared/errors.js'
import type { Link } from '../../shared/schemas/links.js'
import type { User } from '../../shared/schemas/accounts.js'
import { createLinkedClasses } from '../test/links.js'
import { startTestServer, TestClient, type TestServer } from '../test/server.js'
import { checkOrigin, normaliseOrigin, ownOrigin, type OriginPolicy } from './origin.js'

const PARTNER = 'https://partner.example.org'

/** The parts of a request the rule reads. */
const request = (headers: Record<string, string>, encrypted = false) =>
  ({
    headers: { host: 'bridges.school.example:3000', ...headers },
    socket: { encrypted },
  }) as unknown as IncomingMessage

describe('the origin rule', () => {
  const policy: OriginPolicy = { trustProxy: false, allowedOrigins: [PARTNER] }

  it.each([
    ['no Origin and no Sec-Fetch-Site (curl, servers, tests)', {}],
    ['its own origin', { origin: 'http://bridges.school.example:3000' }],
    ['its own origin, spelt differently', { origin: 'HTTP://Bridges.School.Example:3000' }],
    ['an origin in ALLOWED_ORIGINS', { origin: PARTNER }],
    ['an allowed Origin with a same-site Sec-Fetch-Site', { origin: PARTNER, 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site: same-origin', { 'sec-fetch-site': 'same-origin' }],
    ['Sec-Fetch-Site: none (typed in the address bar)', { 'sec-fetch-site': 'none' }],
  ])('accepts %s', (_label, headers) => {
    expect(checkOrigin(request(headers), policy)).toEqual({ allowed: true })
  })

  it.each([
    ['another host', { origin: 'http://evil.example' }],
    ['another port of the same host', { origin: 'http://bridges.school.example:8080' }],
    ['the same host over the other scheme', { origin: 'https://bridges.school.example:3000' }],
    ['a sibling subdomain', { origin: 'http://other.school.example:3000' }],
    ['Origin: null (sandboxed frames, some redirects)', { origin: 'null' }],
    ['an empty Origin', { origin: '' }],
    ['two Origins at once', { origin: 'http://bridges.school.example:3000, http://evil.example' }],
    [
      'a foreign Origin with Sec-Fetch-Site: same-origin',
      { origin: 'http://evil.example', 'sec-fetch-site': 'same-origin' },
    ],
    ['Sec-Fetch-Site: same-site without Origin', { 'sec-fetch-site': 'same-site' }],
    ['Sec-Fetch-Site: cross-site without Origin', { 'sec-fetch-site': 'cross-site' }],
    ['an unknown Sec-Fetch-Site', { 'sec-fetch-site': 'sideways' }],
  ])('refuses %s', (_label, headers) => {
    expect(checkOrigin(request(headers), policy)).toMatchObject({ allowed: false, reason: expect.any(String) })
  })

  it('reads the scheme from the connection, and from the proxy only when it is trusted', () => {
    expect(ownOrigin(request({}, true), false)).toBe('https://bridges.school.example:3000')
    const proxied = request({
      host: '127.0.0.1:3000',
      'x-forwarded-proto': 'https, http',
      'x-forwarded-host': 'bridges.example.org',
    })
    expect(ownOrigin(proxied, false)).toBe('http://127.0.0.1:3000')
    expect(ownOrigin(proxied, true)).toBe('https://bridges.example.org')
    expect(ownOrigin(request({ host: 'bridges.example.org', 'x-forwarded-proto': 'https' }), true)).toBe(
      'https://bridges.example.org',
    )
    expect(ownOrigin(request({ host: '' }), false)).toBeUndefined()
  })

  it('normalises origins and refuses what is not one', () => {
    expect(normaliseOrigin('HTTPS://Example.ORG:443')).toBe('https://example.org')
    expect(normaliseOrigin('http://10.0.0.5:80')).toBe('http://10.0.0.5')
    for (const bad of ['null', '', 'file://', 'chrome-extension://abc', 'example.org'])
      expect(normaliseOrigin(bad)).toBeUndefined()
  })
})

describe('state-changing requests from another site', () => {
  let server: TestServer
  let teacher: TestClient
  let link: Link
  let classId: string
  beforeAll(async () => {
    server = await startTestServer({ env: { ALLOWED_ORIGINS: `${PARTNER}/` } })
    const linked = await createLinkedClasses(server)
    teacher = linked.sides[0]!.teacher.client
    link = linked.link
    classId = linked.sides[0]!.schoolClass.id
  })
  afterAll(() => server?.close())

  const status = async () => (await teacher.get<Link>(`/api/links/${link.id}`)).body.status
  const pause = (headers: Record<string, string>) =>
    teacher.request<Link & ErrorBody>('POST', `/api/links/${link.id}/pause`, undefined, headers)
  const resume = (headers: Record<string, string> = {}) =>
    teacher.request<Link>('POST', `/api/links/${link.id}/resume`, undefined, headers)

  it.each([
    ['a page on another host', { origin: 'http://evil.example' }],
    ['a page on another port of the same host', { origin: 'http://127.0.0.1:1' }],
    ['Origin: null', { origin: 'null' }],
    ['a same-site page whose browser sent no Origin', { 'sec-fetch-site': 'same-site' }],
    ['a cross-site page whose browser sent no Origin', { 'sec-fetch-site': 'cross-site' }],
  ])(
    'refuses %s with 403 CROSS_SITE, the session cookie notwithstanding, and changes nothing',
    async (_label, headers) => {
      const res = await pause(headers)
      expect(res.status).toBe(403)
      expect(res.body).toEqual({ error: { code: 'CROSS_SITE', message: expect.any(String) } })
      expect(await status()).toBe('active')
    },
  )

  it('refuses every method that changes something, and a sign-in (so no one is signed in as someone else)', async () => {
    const evil = { origin: 'http://evil.example' }
    const directory = `/api/classes/${classId}/directory`
    const entry = { hopes: 'Pen pals and shared projects', themes: ['weather'] }
    expect((await teacher.put(directory, entry)).status).toBe(200)
    expect((await teacher.request('PUT', directory, { ...entry, hopes: 'Hacked' }, evil)).status).toBe(403)
    expect((await teacher.request('DELETE', directory, undefined, evil)).status).toBe(403)
    expect((await teacher.request('PATCH', '/api/me', { displayName: 'Hacked' }, evil)).status).toBe(403)
    expect((await teacher.request('POST', '/api/auth/sign-out', {}, evil)).status).toBe(403)
    expect((await teacher.get<{ hopes: string }>(directory)).body).toMatchObject({ hopes: entry.hopes })
    const me = await teacher.get<{ user: User }>('/api/me')
    expect(me.status).toBe(200)
    expect(me.body.user.displayName).not.toBe('Hacked')
    const stranger = new TestClient(server.url)
    expect(
      (await stranger.request('POST', '/api/auth/sign-in', { email: 'a@b.c', password: 'whatever it is' }, evil))
        .status,
    ).toBe(403)
  })

  it('still answers reads from anywhere: the browser keeps them from the other page (no CORS headers)', async () => {
    const res = await teacher.request('GET', `/api/links/${link.id}`, undefined, { origin: 'http://evil.example' })
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('accepts its own pages, ALLOWED_ORIGINS and requests from no browser at all', async () => {
    const rename = (displayName: string, headers: Record<string, string>) =>
      teacher.request<{ displayName: string }>('PATCH', '/api/me', { displayName }, headers)
    expect(
      (await rename('From a partner page', { origin: PARTNER, 'sec-fetch-site': 'cross-site' })).body.displayName,
    ).toBe('From a partner page')
    expect((await rename('From no browser', {})).body.displayName).toBe('From no browser')
    expect((await rename('From the address bar', { 'sec-fetch-site': 'none' })).body.displayName).toBe(
      'From the address bar',
    )
    expect((await pause({ origin: server.url, 'sec-fetch-site': 'same-origin' })).status).toBe(200)
    expect(await status()).toBe('paused')
    expect((await resume({ 'sec-fetch-site': 'same-origin' })).status).toBe(200)
    expect(await status()).not.toBe('paused')
  })
})

describe('behind a reverse proxy', () => {
  const viaProxy = {
    'x-forwarded-proto': 'https',
    'x-forwarded-host': 'bridges.example.org',
    origin: 'https://bridges.example.org',
  }

  it.each([
    { trustProxy: 'true', expected: 204 },
    { trustProxy: 'false', expected: 403 },
  ])('with TRUST_PROXY=$trustProxy, a page of the public address gets $expected', async ({ trustProxy, expected }) => {
    const server = await startTestServer({ env: { TRUST_PROXY: trustProxy } })
    try {
      const res = await fetch(`${server.url}/api/auth/sign-out`, { method: 'POST', headers: viaProxy })
      expect(res.status).toBe(expected)
    } finally {
      await server.close()
    }
  })
})
