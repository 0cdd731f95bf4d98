import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ErrorBody } from '../../../shared/errors.js'
import type { Board, Post } from '../../../shared/schemas/boards.js'
import type { Media } from '../../../shared/schemas/media.js'
import type { AuditPage, PupilNoticeView, QueuePage } from '../../../shared/schemas/moderation.js'
import type { Round, WallItem } from '../../../shared/schemas/wall.js'
import { testDialects } from '../../test/databases.js'
import { fixture, fixturesSkipReason, multipart } from '../../test/fixtures.js'
import { createLinkedClasses, type LinkedClasses } from '../../test/links.js'
import { emitWithAck, startTestServer, type TestClient, type TestServer } from '../../test/server.js'

const soon = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString()
const act = (client: TestClient, kind: string, id: string, action: string, body: Record<string, unknown> = {}) =>
  client.post<ErrorBody>(`/api/moderation/${kind}/${id}/${action}`, body)
const auditOf = async (client: TestClient, linkId: string) =>
  (await client.get<AuditPage>(`/api/links/${linkId}/audit`)).body.items

/**
 * The safeguarding promise, tried as the partner school and an unlinked third school would: nothing
 * a pupil writes reaches another school before her teacher approves it — not through the audit
 * record, pictures, live events or names.
 */
describe.each(testDialects())('one visibility rule on $name', (dialect) => {
  let server: TestServer
  let linked: LinkedClasses
  let outsider: LinkedClasses
  let london: TestClient
  let nairobi: TestClient
  let amara: TestClient
  let baraka: TestClient
  let board: Board
  beforeAll(async () => {
    server = await startTestServer({
      storage: await dialect.open(),
      env: { BOARD_POSTS_PER_MINUTE: '4', WALL_RELEASE_CHECK_MS: '100000' },
    })
    linked = await createLinkedClasses(server, { pupilsPerClass: 2 })
    outsider = await createLinkedClasses(server, { pupilsPerClass: 1 })
    london = linked.sides[0]!.teacher.client
    nairobi = linked.sides[1]!.teacher.client
    amara = linked.sides[0]!.pupils[0]!.client
    baraka = linked.sides[1]!.pupils[0]!.client
    board = (await london.post<Board>(`/api/links/${linked.link.id}/boards`, { title: 'Feelings' })).body
  })
  afterAll(() => server?.close())

  it('shows partner teachers no trace of a held, rejected, deleted or edited-while-held item in the audit record', async () => {
    const sad = (
      await amara.post<Post>(`/api/boards/${board.id}/threads`, { title: 'Home', body: 'I feel sad at home' })
    ).body
    expect(
      (await act(london, 'board_post', sad.id, 'reject', { reason: 'Please talk to Ms Jones about this' })).status,
    ).toBe(204)
    const deleted = (
      await amara.post<Post>(`/api/boards/${board.id}/threads`, { title: 'Secret', body: 'My address is 4 Elm Road' })
    ).body
    expect(
      (await act(london, 'board_post', deleted.id, 'delete', { reason: 'Never share where you live' })).status,
    ).toBe(204)
    const edited = (
      await amara.post<Post>(`/api/boards/${board.id}/threads`, {
        title: 'Pets',
        body: 'My dog is called Rex, ring 07700 900123',
      })
    ).body
    expect(
      (
        await act(london, 'board_post', edited.id, 'edit', {
          body: 'My dog is called Rex',
          reason: 'Took out a phone number',
        })
      ).status,
    ).toBe(204)

    const own = await auditOf(london, linked.link.id)
    expect(own.map((e) => e.itemId)).toEqual(expect.arrayContaining([sad.id, deleted.id, edited.id]))
    expect(JSON.stringify(own)).toContain('Please talk to Ms Jones')

    const partner = await auditOf(nairobi, linked.link.id)
    const text = JSON.stringify(partner)
    for (const secret of ['sad at home', 'Ms Jones', '4 Elm Road', 'where you live', 'Rex', 'phone number', '07700'])
      expect(text).not.toContain(secret)
    expect(partner.map((e) => e.itemId)).not.toEqual(expect.arrayContaining([sad.id]))

    // Once approved, the partner sees the approval of what it may now read, never what it said before.
    expect((await act(london, 'board_post', edited.id, 'approve')).status).toBe(204)
    const after = await auditOf(nairobi, linked.link.id)
    expect(
      after
        .filter((e) => e.itemId === edited.id)
        .map((e) => e.action)
        .sort(),
    ).toEqual(['approve', 'edit'])
    expect(JSON.stringify(after)).not.toContain('07700')
    expect((await outsider.sides[0]!.teacher.client.get<ErrorBody>(`/api/links/${linked.link.id}/audit`)).status).toBe(
      404,
    )
  })

  it('keeps approvals of letters in an unreleased round out of the partner’s audit until release', async () => {
    const { link, sides } = await createLinkedClasses(server, { pupilsPerClass: 1 })
    const round = (
      await sides[0]!.teacher.client.post<Round>(`/api/links/${link.id}/rounds`, {
        theme: 'Our town',
        deadline: soon(60),
        releaseAt: soon(120),
      })
    ).body
    const letter = (
      await sides[0]!.pupils[0]!.client.post<WallItem>(`/api/links/${link.id}/wall`, {
        kind: 'letter',
        body: 'Our town has a castle',
      })
    ).body
    expect((await act(sides[0]!.teacher.client, 'wall_item', letter.id, 'approve')).status).toBe(204)
    expect(JSON.stringify(await auditOf(sides[1]!.teacher.client, link.id))).not.toContain('castle')
    expect((await sides[1]!.teacher.client.post<Round>(`/api/rounds/${round.id}/early-release`)).status).toBe(200)
    expect((await sides[0]!.teacher.client.post<Round>(`/api/rounds/${round.id}/early-release`)).body.status).toBe(
      'released',
    )
    expect(JSON.stringify(await auditOf(sides[1]!.teacher.client, link.id))).toContain('castle')
  })

  it('tells viewers who may not see a post only its id, live and in catch-up', async () => {
    const watcher = await baraka.connectSocket()
    const joined = await emitWithAck<{ lastSeq: number }>(watcher, 'board:join', { boardId: board.id })
    if (!joined.ok) throw new Error('join refused')
    const seen: unknown[] = []
    ;(watcher as unknown as { on(e: string, fn: (p: unknown) => void): void }).on('board:event', (e) => seen.push(e))
    const held = (
      await amara.post<Post>(`/api/boards/${board.id}/threads`, { title: 'Hello', body: 'Do you like football?' })
    ).body
    await vi.waitFor(() => expect(seen).toHaveLength(1))
    expect(seen[0]).toEqual({ seq: expect.any(Number), boardId: board.id, type: 'remove', postId: held.id })
    watcher.disconnect()

    expect((await act(london, 'board_post', held.id, 'reject', { reason: 'Not now' })).status).toBe(204)
    const back = await baraka.connectSocket()
    const caught = await emitWithAck<{ events: unknown[] }>(back, 'board:join', {
      boardId: board.id,
      after: joined.data.lastSeq,
    })
    expect(caught.ok && caught.data.events).toEqual([
      { seq: expect.any(Number), boardId: board.id, type: 'remove', postId: held.id },
    ])
    back.disconnect()
  })

  describe.skipIf(Boolean(fixturesSkipReason))('pictures', () => {
    // Each test has a link of its own, so rounds and allowances of one do not reach the other.
    let linked: LinkedClasses
    let london: TestClient
    let nairobi: TestClient
    let amara: TestClient
    let baraka: TestClient
    let board: Board
    beforeEach(async () => {
      linked = await createLinkedClasses(server, { pupilsPerClass: 2 })
      ;[london, nairobi] = [linked.sides[0]!.teacher.client, linked.sides[1]!.teacher.client]
      ;[amara, baraka] = [linked.sides[0]!.pupils[0]!.client, linked.sides[1]!.pupils[0]!.client]
      board = (await london.post<Board>(`/api/links/${linked.link.id}/boards`, { title: 'Pictures' })).body
    })
    const upload = async (client: TestClient, linkId = linked.link.id) => {
      const { body, contentType } = multipart(fixture('plain.jpg'), 'photo.jpg')
      const res = await client.request<Media>('POST', `/api/links/${linkId}/media`, body, {
        'content-type': contentType,
      })
      expect(res.status).toBe(201)
      return res.body.id
    }
    const status = async (client: TestClient, id: string) =>
      (await fetch(`${server.url}/api/media/${id}`, { headers: { cookie: client.cookie } })).status

    it('are served only while the item they belong to is visible to the viewer', async () => {
      const nairobiPupil = baraka
      const third = outsider.sides[0]!.teacher.client
      // Unattached: the uploader and her school's teachers only.
      const loose = await upload(amara)
      expect([await status(amara, loose), await status(london, loose)]).toEqual([200, 200])
      expect([await status(nairobi, loose), await status(nairobiPupil, loose), await status(third, loose)]).toEqual([
        404, 404, 404,
      ])

      // On a held post, then a rejected one: never to the partner.
      const onHeld = await upload(amara)
      const post = (
        await amara.post<Post>(`/api/boards/${board.id}/threads`, { title: 'My cat', body: 'Look', mediaId: onHeld })
      ).body
      expect([await status(nairobi, onHeld), await status(nairobiPupil, onHeld), await status(london, onHeld)]).toEqual(
        [404, 404, 200],
      )
      expect((await act(london, 'board_post', post.id, 'reject', { reason: 'Not this one' })).status).toBe(204)
      expect([await status(nairobi, onHeld), await status(nairobiPupil, onHeld)]).toEqual([404, 404])

      // A letter of an unreleased round stays with its school, picture and all.
      const round = (
        await london.post<Round>(`/api/links/${linked.link.id}/rounds`, {
          theme: 'Pets',
          deadline: soon(60),
          releaseAt: soon(120),
        })
      ).body
      const inRound = await upload(london)
      const letter = await london.post<WallItem>(`/api/links/${linked.link.id}/wall`, {
        kind: 'picture',
        caption: 'Our class pet',
        mediaId: inRound,
        shownPupilIds: [],
      })
      expect(letter.status).toBe(201)
      expect([
        await status(nairobi, inRound),
        await status(nairobiPupil, inRound),
        await status(amara, inRound),
      ]).toEqual([404, 404, 200])
      await nairobi.post(`/api/rounds/${round.id}/early-release`)
      await london.post(`/api/rounds/${round.id}/early-release`)
      expect([await status(nairobi, inRound), await status(nairobiPupil, inRound)]).toEqual([200, 200])

      // Hidden by a teacher: partner teachers still read the item, but its picture leaves them.
      expect((await act(nairobi, 'wall_item', letter.body.id, 'hide', { reason: 'Wrong class' })).status).toBe(204)
      expect([
        await status(nairobi, inRound),
        await status(nairobiPupil, inRound),
        await status(london, inRound),
      ]).toEqual([404, 404, 200])
      // Not found and not yours look the same.
      const missing = await fetch(`${server.url}/api/media/00000000-0000-4000-8000-000000000000`, {
        headers: { cookie: nairobi.cookie },
      })
      expect(missing.status).toBe(404)
      expect(await status(third, inRound)).toBe(404)
    })

    it('consent withdrawn takes the picture down through moderation: audit, queue and live removal', async () => {
      const classId = linked.sides[0]!.schoolClass.id
      const pupilId = linked.sides[0]!.pupils[1]!.user.id
      expect((await london.request('PUT', `/api/classes/${classId}/consent`, { pupilId, consent: true })).status).toBe(
        200,
      )
      const photo = await upload(london)
      const item = (
        await london.post<WallItem>(`/api/links/${linked.link.id}/wall`, {
          kind: 'picture',
          caption: 'Sports day',
          mediaId: photo,
          shownPupilIds: [pupilId],
        })
      ).body
      expect(item.status).toBe('published')
      expect(await status(nairobi, photo)).toBe(200)

      const watcher = await nairobi.connectSocket()
      await emitWithAck(watcher, 'link:join', { linkId: linked.link.id })
      const changed: unknown[] = []
      ;(watcher as unknown as { on(e: string, fn: (p: unknown) => void): void }).on('link:changed', (e) =>
        changed.push(e),
      )
      expect((await london.request('PUT', `/api/classes/${classId}/consent`, { pupilId, consent: false })).status).toBe(
        200,
      )
      await vi.waitFor(() => expect(changed).toContainEqual({ linkId: linked.link.id }))
      watcher.disconnect()

      expect([await status(nairobi, photo), await status(baraka, photo)]).toEqual([404, 404])
      expect(await status(london, photo)).toBe(200)
      expect(
        (await baraka.get<{ items: WallItem[] }>(`/api/links/${linked.link.id}/wall`)).body.items.map((i) => i.id),
      ).not.toContain(item.id)
      const audit = await auditOf(london, linked.link.id)
      expect(audit.find((e) => e.itemId === item.id)).toMatchObject({
        action: 'hide',
        reason: 'Photo consent withdrawn',
      })
      expect((await london.get<QueuePage>('/api/moderation/queue')).body.items.map((q) => q.itemId)).not.toContain(
        item.id,
      )
    })
  })

  it('limits every pupil write with a clear 429 and a note her teachers can see', async () => {
    const { link, sides } = await createLinkedClasses(server, { pupilsPerClass: 1 })
    const pupil = sides[0]!.pupils[0]!.client
    const tries: number[] = []
    for (let i = 0; i < 4; i++)
      tries.push((await pupil.post(`/api/links/${link.id}/wall`, { kind: 'letter', body: `Letter ${i}` })).status)
    expect(tries).toEqual([201, 201, 201, 201])
    const refused = await pupil.post<ErrorBody>(`/api/links/${link.id}/wall`, { kind: 'letter', body: 'One more' })
    expect(refused.status).toBe(429)
    expect(refused.body.error).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) })
    const notices = await sides[0]!.teacher.client.get<PupilNoticeView[]>('/api/moderation/notices')
    expect(notices.body).toEqual([expect.objectContaining({ pupilId: sides[0]!.pupils[0]!.user.id, kind: 'wall' })])
    // Her partner school's teachers learn nothing of it; pupils cannot read notes.
    expect((await sides[1]!.teacher.client.get<PupilNoticeView[]>('/api/moderation/notices')).body).toEqual([])
    expect((await pupil.get('/api/moderation/notices')).status).toBe(403)

    // Flags are limited too, and a flag never hides a teacher's post.
    const teacherBoard = (await sides[1]!.teacher.client.post<Board>(`/api/links/${link.id}/boards`, { title: 'News' }))
      .body
    const flagStatuses: number[] = []
    for (let i = 0; i < 5; i++) {
      // Teachers have the same per-minute allowance: the news comes from both schools' teachers.
      const teacher = sides[i % 2]!.teacher.client
      const news = (
        await teacher.post<Post>(`/api/boards/${teacherBoard.id}/threads`, { title: `News ${i}`, body: 'Hello' })
      ).body
      flagStatuses.push((await act(pupil, 'board_post', news.id, 'flag')).status)
    }
    expect(flagStatuses).toEqual([204, 204, 204, 204, 429])
    const threads = await sides[1]!.pupils[0]!.client.get<{ items: Post[] }>(`/api/boards/${teacherBoard.id}/threads`)
    expect(threads.body.items).toHaveLength(5)
    expect((await pupil.get<{ items: Post[] }>(`/api/boards/${teacherBoard.id}/threads`)).body.items).toHaveLength(5)
  })
})
