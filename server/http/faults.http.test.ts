import net from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ErrorBody } from '../../shared/errors.js'
import type { Board, Post } from '../../shared/schemas/boards.js'
import type { PenPalView } from '../../shared/schemas/wall.js'
import { testDialects } from '../test/databases.js'
import { createLinkedClasses, type LinkedClasses } from '../test/links.js'
import { startTestServer, type TestClient, type TestServer } from '../test/server.js'

const errorShape = (code: string) => ({ error: expect.objectContaining({ code, message: expect.any(String) }) })

/** Sends raw bytes and resolves with everything the server wrote back before closing. */
function rawRequest(url: string, bytes: string): Promise<string> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => socket.write(bytes))
    let answer = ''
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => (answer += chunk))
    socket.on('end', () => resolve(answer))
    socket.on('close', () => resolve(answer))
    socket.on('error', reject)
    setTimeout(() => {
      socket.destroy()
      resolve(answer)
    }, 3000)
  })
}

function parseRaw(answer: string): { status: number; headers: string; body: unknown } {
  const [head = '', body = ''] = answer.split('\r\n\r\n')
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1])
  return { status, headers: head, body: body ? (JSON.parse(body) as unknown) : undefined }
}

describe.each(testDialects())('faults without loss on $name', (dialect) => {
  let server: TestServer
  let linked: LinkedClasses
  let teacher: TestClient
  let pupil: TestClient
  let board: Board
  beforeAll(async () => {
    server = await startTestServer({ storage: await dialect.open() })
    linked = await createLinkedClasses(server, { pupilsPerClass: 4 })
    teacher = linked.sides[0]!.teacher.client
    pupil = linked.sides[0]!.pupils[0]!.client
    board = (await teacher.post<Board>(`/api/links/${linked.link.id}/boards`, { title: 'Faults' })).body
  })
  afterAll(() => server?.close())

  describe('a NUL or another invalid code point is a named 400, never a 500', () => {
    it.each([
      [
        'a thread title',
        () => pupil.post(`/api/boards/${board.id}/threads`, { title: 'a\u0000b', body: 'fine' }),
        'title',
      ],
      ['a post body', () => pupil.post(`/api/boards/${board.id}/threads`, { title: 'fine', body: 'a\u0000b' }), 'body'],
      [
        'a lone surrogate',
        () => pupil.post(`/api/boards/${board.id}/threads`, { title: 'fine', body: 'a\ud800b' }),
        'body',
      ],
      [
        'a bell character',
        () => pupil.post(`/api/boards/${board.id}/threads`, { title: 'fine', body: 'a\u0007b' }),
        'body',
      ],
      [
        'a wall letter',
        () => pupil.post(`/api/links/${linked.link.id}/wall`, { kind: 'letter', body: 'Dear\u0000friend' }),
        'body',
      ],
      ['a teacher name', () => teacher.patch('/api/me', { displayName: 'Ms\u0000K' }), 'displayName'],
      [
        'a pupil name',
        () => teacher.post(`/api/classes/${linked.sides[0]!.schoolClass.id}/pupils`, { displayNames: ['A\u0000'] }),
        'displayNames.0',
      ],
      ['a board search', () => pupil.get(`/api/boards/${board.id}/threads?q=a%00b`), 'q'],
      [
        'a password',
        () =>
          new Promise((r) => r(teacher.post('/api/auth/sign-in', { email: 'x@example.org', password: 'a\u0000b' }))),
        'password',
      ],
    ])('%s', async (_label, send, field) => {
      const res = (await send()) as { status: number; body: ErrorBody }
      expect(res.status).toBe(400)
      expect(res.body).toEqual(errorShape('INVALID_PAYLOAD'))
      expect(res.body.error.fields).toHaveProperty([field])
    })

    it('still takes tabs, newlines, emoji and every script', async () => {
      const res = await pupil.post<Post>(`/api/boards/${board.id}/threads`, {
        title: 'Hello 👋🏽 مرحبا',
        body: 'Line one\n\tLine two\r\nধন্যবাদ 🇰🇪',
      })
      expect(res.status).toBe(201)
      expect(res.body.body).toBe('Line one\n\tLine two\r\nধন্যবাদ 🇰🇪')
    })
  })

  it('PATCH a thread with nothing to change is a 400 that says so', async () => {
    const thread = await teacher.post<Post>(`/api/boards/${board.id}/threads`, { title: 'Pin me', body: 'Body' })
    const res = await teacher.patch<ErrorBody>(`/api/threads/${thread.body.id}`, {})
    expect(res.status).toBe(400)
    expect(res.body).toEqual(errorShape('INVALID_PAYLOAD'))
    expect(res.body.error.message).toMatch(/at least one/i)
    expect((await teacher.patch<Post>(`/api/threads/${thread.body.id}`, { pinned: true })).body.pinned).toBe(true)
  })

  it('ten pen-pal pairings at once all succeed and leave one consistent set of groups', async () => {
    const pairing = await createLinkedClasses(server, { pupilsPerClass: 4 })
    const london = pairing.sides[0]!.teacher.client
    const path = `/api/links/${pairing.link.id}/penpals/auto`
    const answers = await Promise.all(Array.from({ length: 10 }, () => london.post<ErrorBody | PenPalView>(path)))
    expect(answers.map((a) => [a.status, 'error' in a.body ? a.body.error.code : 'ok'])).toEqual(
      Array(10).fill([200, 'ok']),
    )
    const final = (await london.get<PenPalView>(`/api/links/${pairing.link.id}/penpals`)).body
    const pupils = final.groups.flat().map((p) => p.pupilId)
    expect(new Set(pupils).size).toBe(pupils.length)
    expect(pupils).toHaveLength(8)
    for (const group of final.groups) {
      expect(group.length).toBeGreaterThanOrEqual(2)
      expect(new Set(group.map((p) => p.classId)).size).toBeGreaterThanOrEqual(2)
    }
  })
})

describe('requests the HTTP parser refuses still get the JSON error shape', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer()
  })
  afterAll(() => server?.close())

  it('a 20 KB address is a 431 HEADERS_TOO_LARGE with a JSON body', async () => {
    const answer = await rawRequest(
      server.url,
      `GET /api/health?pad=${'x'.repeat(20_000)} HTTP/1.1\r\nHost: localhost\r\n\r\n`,
    )
    const res = parseRaw(answer)
    expect(res.status).toBe(431)
    expect(res.headers).toMatch(/content-type: application\/json/i)
    expect(res.body).toEqual(errorShape('HEADERS_TOO_LARGE'))
  })

  it('a huge cookie header is a 431 too', async () => {
    const answer = await rawRequest(
      server.url,
      `GET /api/health HTTP/1.1\r\nHost: localhost\r\nCookie: a=${'y'.repeat(20_000)}\r\n\r\n`,
    )
    expect(parseRaw(answer)).toMatchObject({ status: 431, body: errorShape('HEADERS_TOO_LARGE') })
  })

  it('a request line that is not HTTP is a 400 with a JSON body', async () => {
    const res = parseRaw(await rawRequest(server.url, 'HELLO THERE\r\n\r\n'))
    expect(res.status).toBe(400)
    expect(res.body).toEqual(errorShape('INVALID_PAYLOAD'))
  })

  it('the node answers normally afterwards', async () => {
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200)
  })
})
