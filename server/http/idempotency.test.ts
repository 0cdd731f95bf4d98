import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ErrorBody } from '../../shared/errors.js'
import type { Board, Post } from '../../shared/schemas/boards.js'
import type { Media } from '../../shared/schemas/media.js'
import type { WallItem } from '../../shared/schemas/wall.js'
import { testDialects } from '../test/databases.js'
import { fixture, fixturesSkipReason, multipart } from '../test/fixtures.js'
import { createLinkedClasses, type LinkedClasses } from '../test/links.js'
import { startTestServer, type TestClient, type TestServer } from '../test/server.js'
import type { Response } from 'express'
import { createLogger } from '../logger.js'
import {
  answerOnce,
  createIdempotencyStore,
  IDEMPOTENCY_LEASE_MS,
  IDEMPOTENCY_TTL_MS,
  type IdempotencyStore,
} from './idempotency.js'

const keyed = (key: string) => ({ 'Idempotency-Key': key })

describe.each(testDialects())('Idempotency-Key on writes ($name)', (dialect) => {
  let server: TestServer
  let linked: LinkedClasses
  let board: Board
  let teacher: TestClient
  let amy: TestClient
  let ben: TestClient
  beforeAll(async () => {
    server = await startTestServer({ storage: await dialect.open(), env: { BOARD_POSTS_PER_MINUTE: '200' } })
    linked = await createLinkedClasses(server, { pupilsPerClass: 2 })
    const london = linked.sides[0]!
    teacher = london.teacher.client
    amy = london.pupils[0]!.client
    ben = london.pupils[1]!.client
    board = (await teacher.post<Board>(`/api/links/${linked.link.id}/boards`, { title: 'Rivers' })).body
  })
  afterAll(() => server?.close())

  const startThread = (client: TestClient, key: string, body: Record<string, unknown>) =>
    client.request<Post & ErrorBody>('POST', `/api/boards/${board.id}/threads`, body, keyed(key))
  const postsTitled = async (title: string) =>
    Number(
      (
        await server.storage.db
          .selectFrom('posts')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('title', '=', title)
          .executeTakeFirstOrThrow()
      ).n,
    )

  it('a retry with the same key gets the first answer again and writes nothing', async () => {
    const key = randomUUID()
    const first = await startThread(amy, key, { title: 'The Thames', body: 'It is tidal' })
    const again = await startThread(amy, key, { title: 'The Thames', body: 'It is tidal' })
    expect(first.status).toBe(201)
    expect(again.status).toBe(201)
    expect(again.body).toEqual(first.body)
    expect(first.headers.get('idempotent-replayed')).toBeNull()
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(await postsTitled('The Thames')).toBe(1)
    // The held post has exactly one queue row.
    const queued = await server.storage.db
      .selectFrom('moderationQueue')
      .select('itemId')
      .where('itemId', '=', first.body.id)
      .execute()
    expect(queued).toHaveLength(1)
  })

  it('the same key for a different request is refused with 422 and writes nothing', async () => {
    const key = randomUUID()
    expect((await startThread(amy, key, { title: 'The Nile', body: 'Very long' })).status).toBe(201)
    const changed = await startThread(amy, key, { title: 'The Nile', body: 'Very, very long' })
    expect(changed.status).toBe(422)
    expect(changed.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED')
    expect(changed.body.error.message).toMatch(/already used for a different request/)
    const elsewhere = await amy.request<ErrorBody>(
      'POST',
      `/api/links/${linked.link.id}/wall`,
      { kind: 'letter', body: 'Dear friends' },
      keyed(key),
    )
    expect(elsewhere.status).toBe(422)
    expect(await postsTitled('The Nile')).toBe(1)
  })

  it('concurrent duplicates write once: the others get IN_PROGRESS (409, Retry-After) or the same answer', async () => {
    const key = randomUUID()
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => startThread(amy, key, { title: 'The Amazon', body: 'So much rain' })),
    )
    const created = answers.filter((a) => a.status === 201)
    const busy = answers.filter((a) => a.status === 409)
    expect(created.length + busy.length).toBe(8)
    expect(created.length).toBeGreaterThanOrEqual(1)
    for (const a of created) expect(a.body).toEqual(created[0]!.body)
    for (const a of busy) {
      expect(a.body.error.code).toBe('IN_PROGRESS')
      expect(a.headers.get('retry-after')).toBe('1')
    }
    expect(await postsTitled('The Amazon')).toBe(1)
    // Once the first is done, a retry gets its answer.
    const later = await startThread(amy, key, { title: 'The Amazon', body: 'So much rain' })
    expect(later.status).toBe(201)
    expect(later.body.id).toBe(created[0]!.body.id)
  })

  it('keys belong to one person: another pupil with the same key writes her own post', async () => {
    const key = randomUUID()
    const fromAmy = await startThread(amy, key, { title: 'The Danube', body: 'Through many countries' })
    const fromBen = await startThread(ben, key, { title: 'The Danube', body: 'Through many countries' })
    expect(fromAmy.status).toBe(201)
    expect(fromBen.status).toBe(201)
    expect(fromBen.body.id).not.toBe(fromAmy.body.id)
    expect(fromBen.headers.get('idempotent-replayed')).toBeNull()
    expect(await postsTitled('The Danube')).toBe(2)
  })

  it('a refused request keeps no answer: the retry runs again', async () => {
    const opening = (
      await teacher.post<Post>(`/api/boards/${board.id}/threads`, {
        title: 'Bridges over rivers',
        body: 'Which do you know?',
      })
    ).body
    expect((await teacher.patch(`/api/threads/${opening.id}`, { locked: true })).status).toBe(200)
    const key = randomUUID()
    const reply = () =>
      amy.request<Post & ErrorBody>('POST', `/api/threads/${opening.id}/replies`, { body: 'Tower Bridge' }, keyed(key))
    const refused = await reply()
    expect(refused.status).toBe(409)
    expect(refused.body.error.code).toBe('LOCKED')
    expect((await teacher.patch(`/api/threads/${opening.id}`, { locked: false })).status).toBe(200)
    const replied = await reply()
    expect(replied.status).toBe(201)
    expect((await reply()).body.id).toBe(replied.body.id)
  })

  it('wall letters and moderation approvals answer a retried key once', async () => {
    const key = randomUUID()
    const letter = () =>
      ben.request<WallItem>(
        'POST',
        `/api/links/${linked.link.id}/wall`,
        { kind: 'letter', body: 'We have a river too' },
        keyed(key),
      )
    const first = await letter()
    expect(first.status).toBe(201)
    expect((await letter()).body).toEqual(first.body)
    const letters = await server.storage.db
      .selectFrom('wallItems')
      .select('id')
      .where('body', '=', 'We have a river too')
      .execute()
    expect(letters).toHaveLength(1)

    const approveKey = randomUUID()
    const approve = () =>
      teacher.request('POST', `/api/moderation/wall_item/${first.body.id}/approve`, {}, keyed(approveKey))
    expect((await approve()).status).toBe(204)
    const again = await approve()
    expect(again.status).toBe(204)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    const audit = await server.storage.db
      .selectFrom('moderationAudit')
      .select('id')
      .where('itemId', '=', first.body.id)
      .where('action', '=', 'approve')
      .execute()
    expect(audit).toHaveLength(1)
  })

  it.skipIf(Boolean(fixturesSkipReason))(
    'an upload retried with its key, or sent twice at once, is stored once',
    async () => {
      const key = randomUUID()
      const upload = () => {
        const { body, contentType } = multipart(fixture('plain.jpg'), 'garden.jpg')
        return amy.request<Media>('POST', `/api/links/${linked.link.id}/media`, body, {
          'content-type': contentType,
          ...keyed(key),
        })
      }
      const first = await upload()
      const again = await upload()
      expect(first.status).toBe(201)
      expect(again.status).toBe(201)
      expect(again.body.id).toBe(first.body.id)
      const rows = await server.storage.db
        .selectFrom('media')
        .select('id')
        .where('ownerId', '=', linked.sides[0]!.pupils[0]!.user.id)
        .execute()
      expect(rows).toHaveLength(1)

      // Concurrent duplicates overlap for sure here (the picture is processed off the main thread).
      const racedKey = randomUUID()
      const raced = await Promise.all(
        Array.from({ length: 4 }, () => {
          const { body, contentType } = multipart(fixture('plain.jpg'), 'river.jpg')
          return ben.request<Media & ErrorBody>('POST', `/api/links/${linked.link.id}/media`, body, {
            'content-type': contentType,
            ...keyed(racedKey),
          })
        }),
      )
      const created = raced.filter((r) => r.status === 201)
      expect(raced.filter((r) => r.status === 409).length).toBeGreaterThanOrEqual(1)
      expect(created.length + raced.filter((r) => r.status === 409).length).toBe(4)
      for (const r of created) expect(r.body.id).toBe(created[0]!.body.id)
      const benRows = await server.storage.db
        .selectFrom('media')
        .select('id')
        .where('ownerId', '=', linked.sides[0]!.pupils[1]!.user.id)
        .execute()
      expect(benRows).toHaveLength(1)
    },
  )

  it('refuses a malformed key, naming the header; a request without a key is unaffected', async () => {
    const bad = await startThread(amy, 'short', { title: 'The Severn', body: 'Longest in Britain' })
    expect(bad.status).toBe(400)
    expect(bad.body.error.fields).toHaveProperty('Idempotency-Key')
    expect(
      (await amy.post(`/api/boards/${board.id}/threads`, { title: 'The Severn', body: 'Longest in Britain' })).status,
    ).toBe(201)
    expect(
      (await amy.post(`/api/boards/${board.id}/threads`, { title: 'The Severn', body: 'Longest in Britain' })).status,
    ).toBe(201)
    expect(await postsTitled('The Severn')).toBe(2)
  })

  it('keys expire after a day, and a claim abandoned by a crashed node is taken over after its lease', async () => {
    let now = Date.parse('2026-03-01T09:00:00Z')
    const store = createIdempotencyStore(server.storage.db, () => now)
    const userId = linked.sides[0]!.pupils[0]!.user.id
    const key = randomUUID()
    expect(await store.claim(userId, key, 'a')).toEqual({ kind: 'claimed' })
    expect(await store.claim(userId, key, 'a')).toEqual({ kind: 'in-progress' })
    now += IDEMPOTENCY_LEASE_MS + 1000
    expect(await store.claim(userId, key, 'a')).toEqual({ kind: 'claimed' })
    await store.complete(userId, key, { status: 201, body: { id: 'x' } })
    now += IDEMPOTENCY_TTL_MS - 60_000
    expect(await store.claim(userId, key, 'a')).toEqual({ kind: 'replay', answer: { status: 201, body: { id: 'x' } } })
    now += 120_000
    expect(await store.claim(userId, key, 'b')).toEqual({ kind: 'claimed' })
  })
})

describe('answerOnce when the database falters', () => {
  const responseWith = (store: IdempotencyStore) =>
    ({
      locals: { idempotency: { store, logger: createLogger('silent') } },
      setHeader: () => undefined,
    }) as unknown as Response

  it('keeps trying to record the answer of a write that happened, and never releases its key', async () => {
    let completes = 0
    const released: string[] = []
    const store: IdempotencyStore = {
      claim: () => Promise.resolve({ kind: 'claimed' }),
      complete: () => (++completes < 3 ? Promise.reject(new Error('connection terminated')) : Promise.resolve()),
      release: (_userId, key) => Promise.resolve(void released.push(key)),
    }
    const answer = await answerOnce(responseWith(store), 'user', 'key-1', 'f', () =>
      Promise.resolve({ status: 201, body: { id: 'p1' } }),
    )
    expect(answer).toEqual({ status: 201, body: { id: 'p1' } })
    expect(completes).toBe(3)
    expect(released).toEqual([])
  })

  it('releases the key of a request that failed, so its retry runs again', async () => {
    const released: string[] = []
    const store: IdempotencyStore = {
      claim: () => Promise.resolve({ kind: 'claimed' }),
      complete: () => Promise.reject(new Error('not expected')),
      release: (_userId, key) => Promise.resolve(void released.push(key)),
    }
    await expect(
      answerOnce(responseWith(store), 'user', 'key-2', 'f', () => Promise.reject(new Error('database unavailable'))),
    ).rejects.toThrow('database unavailable')
    expect(released).toEqual(['key-2'])
  })
})
