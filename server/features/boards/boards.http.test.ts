import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { ErrorBody } from '../../../shared/errors.js'
import type {
  Board,
  BoardEvent,
  BoardJoinResult,
  Post,
  ThreadsPage,
  ThreadView,
} from '../../../shared/schemas/boards.js'
import type { AuditPage, QueuePage } from '../../../shared/schemas/moderation.js'
import { createLinkedClasses, type LinkedClasses } from '../../test/links.js'
import { emitWithAck, startTestServer, type TestClient, type TestServer } from '../../test/server.js'

let server: TestServer
beforeAll(async () => {
  server = await startTestServer({ env: { BOARD_POSTS_PER_MINUTE: '30' } })
})
afterAll(() => server?.close())

async function linkWithBoard(): Promise<{
  linked: LinkedClasses
  board: Board
  london: TestClient
  nairobi: TestClient
  londonPupil: TestClient
  nairobiPupil: TestClient
}> {
  const linked = await createLinkedClasses(server, { pupilsPerClass: 1 })
  const [london, nairobi] = linked.sides
  const created = await london!.teacher.client.post<Board>(`/api/links/${linked.link.id}/boards`, {
    title: 'Our festivals',
  })
  expect(created.status).toBe(201)
  return {
    linked,
    board: created.body,
    london: london!.teacher.client,
    nairobi: nairobi!.teacher.client,
    londonPupil: london!.pupils[0]!.client,
    nairobiPupil: nairobi!.pupils[0]!.client,
  }
}

const threadIds = async (client: TestClient, boardId: string) =>
  (await client.get<ThreadsPage>(`/api/boards/${boardId}/threads`)).body.items.map((p) => p.id)
const moderate = (client: TestClient, postId: string, action: string, body: Record<string, unknown> = {}) =>
  client.post<ErrorBody>(`/api/moderation/board_post/${postId}/${action}`, body)

describe('a pupil’s post is held until a teacher of their own school approves it', () => {
  it('is seen only by its author and their school’s teachers, then by everyone once approved', async () => {
    const { board, london, nairobi, londonPupil, nairobiPupil } = await linkWithBoard()
    // Nairobi's pupil is watching the board live from the start.
    const socket = await nairobiPupil.connectSocket()
    await emitWithAck(socket, 'board:join', { boardId: board.id })
    const seen: BoardEvent[] = []
    ;(socket as unknown as { on(e: string, fn: (p: BoardEvent) => void): void }).on('board:event', (event) =>
      seen.push(event),
    )

    const posted = await londonPupil.post<Post>(`/api/boards/${board.id}/threads`, {
      title: 'Diwali',
      body: 'We light **lamps**',
    })
    expect(posted.status).toBe(201)
    expect(posted.body.status).toBe('held')
    const id = posted.body.id
    expect(await threadIds(londonPupil, board.id)).toEqual([id])
    expect(await threadIds(london, board.id)).toEqual([id])
    expect(await threadIds(nairobi, board.id)).toEqual([])
    expect(await threadIds(nairobiPupil, board.id)).toEqual([])
    expect((await nairobiPupil.get(`/api/threads/${id}`)).status).toBe(404)

    const queue = (await london.get<QueuePage>('/api/moderation/queue')).body.items
    expect(queue).toMatchObject([{ kind: 'board_post', itemId: id, reason: 'new', place: 'Our festivals' }])
    expect((await nairobi.get<QueuePage>('/api/moderation/queue')).body.items).toEqual([])
    // Pupils never moderate; to the partner school's teacher the held post does not exist yet.
    expect((await moderate(londonPupil, id, 'approve')).status).toBe(403)
    expect((await moderate(nairobi, id, 'approve')).status).toBe(404)

    expect((await moderate(london, id, 'approve')).status).toBe(204)
    await vi.waitFor(() => expect(seen.at(-1)).toMatchObject({ type: 'upsert', post: { id, status: 'published' } }))
    // While it was held, the partner school's live events named the post and nothing else about it.
    const whileHeld = seen.slice(0, -1)
    expect(whileHeld.length).toBeGreaterThan(0)
    expect(whileHeld).toEqual(whileHeld.map((e) => ({ seq: e.seq, boardId: board.id, type: 'remove', postId: id })))
    expect(await threadIds(nairobiPupil, board.id)).toEqual([id])
    expect((await london.get<QueuePage>('/api/moderation/queue')).body.items).toEqual([])
    socket.disconnect()
  })

  it('publishes teachers’ posts at once; a rejection carries a reason only the author and their teachers see', async () => {
    const { board, london, nairobi, londonPupil, nairobiPupil } = await linkWithBoard()
    const teacherPost = await nairobi.post<Post>(`/api/boards/${board.id}/threads`, {
      title: 'Eid',
      body: 'Tell us about Eid',
    })
    expect(teacherPost.body.status).toBe('published')
    expect(await threadIds(londonPupil, board.id)).toEqual([teacherPost.body.id])

    const held = await londonPupil.post<Post>(`/api/threads/${teacherPost.body.id}/replies`, {
      body: 'My address is 1 High Street',
    })
    const queue = (await london.get<QueuePage>('/api/moderation/queue')).body.items
    expect(queue[0]?.suspiciousWords).toContain('address')
    const noReason = await moderate(london, held.body.id, 'reject')
    expect(noReason.status).toBe(400)
    expect((await moderate(london, held.body.id, 'reject', { reason: 'Never share where you live' })).status).toBe(204)
    const seenByAuthor = await londonPupil.get<ThreadView>(`/api/threads/${teacherPost.body.id}`)
    expect(seenByAuthor.body.replies).toMatchObject([
      { status: 'rejected', rejectReason: 'Never share where you live' },
    ])
    expect((await nairobiPupil.get<ThreadView>(`/api/threads/${teacherPost.body.id}`)).body.replies).toEqual([])
    expect((await nairobi.get<ThreadView>(`/api/threads/${teacherPost.body.id}`)).body.replies).toEqual([])
  })

  it('a pupil’s flag hides a post from her alone and queues it; any link teacher hides; own school edits and deletes; all audited', async () => {
    const linked = await createLinkedClasses(server, { pupilsPerClass: 2 })
    const [londonSide, nairobiSide] = linked.sides
    const [london, nairobi] = [londonSide!.teacher.client, nairobiSide!.teacher.client]
    const [londonPupil, nairobiPupil, otherNairobiPupil] = [
      londonSide!.pupils[0]!.client,
      nairobiSide!.pupils[0]!.client,
      nairobiSide!.pupils[1]!.client,
    ]
    const board = (await london.post<Board>(`/api/links/${linked.link.id}/boards`, { title: 'Our festivals' })).body
    const post = await londonPupil.post<Post>(`/api/boards/${board.id}/threads`, { title: 'Food', body: 'We eat rice' })
    await moderate(london, post.body.id, 'approve')
    expect((await moderate(nairobiPupil, post.body.id, 'flag', { reason: 'Unkind?' })).status).toBe(204)
    expect(await threadIds(nairobiPupil, board.id)).toEqual([])
    expect((await nairobiPupil.get(`/api/threads/${post.body.id}`)).status).toBe(404)
    // Only the pupil who flagged it stops seeing it.
    expect(await threadIds(otherNairobiPupil, board.id)).toEqual([post.body.id])
    expect(await threadIds(londonPupil, board.id)).toEqual([post.body.id])
    expect(await threadIds(nairobi, board.id)).toEqual([post.body.id])
    expect((await london.get<QueuePage>('/api/moderation/queue')).body.items).toMatchObject([
      { itemId: post.body.id, reason: 'flagged' },
    ])
    await moderate(london, post.body.id, 'approve')
    expect((await london.get<QueuePage>('/api/moderation/queue')).body.items).toEqual([])
    expect(await threadIds(otherNairobiPupil, board.id)).toEqual([post.body.id])
    expect(await threadIds(nairobiPupil, board.id)).toEqual([])

    // A teacher's post flagged by a pupil goes to the queue but is hidden from nobody.
    const teacherPost = await nairobi.post<Post>(`/api/boards/${board.id}/threads`, {
      title: 'Welcome',
      body: 'Hello everyone',
    })
    expect((await moderate(londonPupil, teacherPost.body.id, 'flag')).status).toBe(204)
    expect(await threadIds(londonPupil, board.id)).toContain(teacherPost.body.id)
    expect(await threadIds(otherNairobiPupil, board.id)).toContain(teacherPost.body.id)
    expect((await nairobi.get<QueuePage>('/api/moderation/queue')).body.items).toMatchObject([
      { itemId: teacherPost.body.id, reason: 'flagged' },
    ])

    expect((await moderate(nairobi, post.body.id, 'edit', { body: 'x' })).status).toBe(403)
    expect(
      (await moderate(london, post.body.id, 'edit', { body: 'We eat rice and beans', reason: 'Spelling' })).status,
    ).toBe(204)
    const edited = await otherNairobiPupil.get<ThreadView>(`/api/threads/${post.body.id}`)
    expect(edited.body.thread).toMatchObject({ body: 'We eat rice and beans', editNote: 'Spelling' })

    expect((await moderate(otherNairobiPupil, post.body.id, 'hide')).status).toBe(403)
    expect((await moderate(nairobi, post.body.id, 'hide', { reason: 'Off topic' })).status).toBe(204)
    expect(await threadIds(otherNairobiPupil, board.id)).toEqual([teacherPost.body.id])
    expect(await threadIds(londonPupil, board.id)).toEqual([teacherPost.body.id])
    expect((await moderate(london, post.body.id, 'delete')).status).toBe(204)
    expect(await threadIds(london, board.id)).not.toContain(post.body.id)

    // London's own record is whole; Nairobi sees nothing of a London item it may no longer see.
    const audit = (await london.get<AuditPage>(`/api/links/${linked.link.id}/audit`)).body.items
    expect(
      audit
        .filter((a) => a.itemId === post.body.id)
        .map((a) => a.action)
        .reverse(),
    ).toEqual(['approve', 'flag', 'flag_cleared', 'edit', 'hide', 'delete'])
    expect(audit.find((a) => a.action === 'hide')).toMatchObject({ reason: 'Off topic' })
    const partnerAudit = (await nairobi.get<AuditPage>(`/api/links/${linked.link.id}/audit`)).body.items
    expect(partnerAudit.filter((a) => a.itemId === post.body.id)).toEqual([])
    expect((await londonPupil.get(`/api/links/${linked.link.id}/audit`)).status).toBe(403)
  })
})

describe('refusals', () => {
  it('refuses empty and over-long posts with the limit, and keeps HTML as text', async () => {
    const { board, london } = await linkWithBoard()
    const empty = await london.post<ErrorBody>(`/api/boards/${board.id}/threads`, { title: 'Hi', body: '   ' })
    expect(empty.status).toBe(400)
    const long = await london.post<ErrorBody>(`/api/boards/${board.id}/threads`, {
      title: 'Hi',
      body: 'x'.repeat(4001),
    })
    expect(long.status).toBe(400)
    expect(long.body.error.message).toContain('4000')
    const html = await london.post<Post>(`/api/boards/${board.id}/threads`, {
      title: 'Hi',
      body: '<img src=x onerror=alert(1)>',
    })
    expect(html.body.body).toBe('<img src=x onerror=alert(1)>')
  })

  it('refuses replies to a locked thread and posts on an ended link with 409', async () => {
    const { linked, board, london, nairobi, nairobiPupil } = await linkWithBoard()
    const thread = await london.post<Post>(`/api/boards/${board.id}/threads`, { title: 'Weather', body: 'Sunny?' })
    expect((await nairobiPupil.request('PATCH', `/api/threads/${thread.body.id}`, { locked: true })).status).toBe(403)
    await nairobi.patch(`/api/threads/${thread.body.id}`, { locked: true, pinned: true })
    const locked = await nairobiPupil.post<ErrorBody>(`/api/threads/${thread.body.id}/replies`, { body: 'Rainy' })
    expect(locked.status).toBe(409)
    expect(locked.body.error.code).toBe('LOCKED')
    await nairobi.post(`/api/links/${linked.link.id}/end`)
    const ended = await london.post<ErrorBody>(`/api/boards/${board.id}/threads`, { title: 'More', body: 'text' })
    expect(ended.status).toBe(409)
    expect(ended.body.error.code).toBe('LINK_NOT_ACTIVE')
    expect(await threadIds(nairobiPupil, board.id)).toEqual([thread.body.id])
  })

  it('rate-limits flooding with a clear message and a retry time', async () => {
    const flood = await startTestServer({ env: { BOARD_POSTS_PER_MINUTE: '3' } })
    try {
      const linked = await createLinkedClasses(flood, { pupilsPerClass: 1 })
      const teacher = linked.sides[0]!.teacher.client
      const board = (await teacher.post<Board>(`/api/links/${linked.link.id}/boards`, { title: 'Flood' })).body
      const pupil = linked.sides[0]!.pupils[0]!.client
      for (let i = 0; i < 3; i++)
        expect((await pupil.post(`/api/boards/${board.id}/threads`, { title: `t${i}`, body: 'hi' })).status).toBe(201)
      const refused = await pupil.post<ErrorBody>(`/api/boards/${board.id}/threads`, { title: 't4', body: 'hi' })
      expect(refused.status).toBe(429)
      expect(refused.body.error).toMatchObject({ code: 'RATE_LIMITED' })
      expect(refused.body.error.retryAfterSeconds).toBeGreaterThan(0)
    } finally {
      await flood.close()
    }
  })

  it('shows nothing to people outside the link', async () => {
    const { board, londonPupil } = await linkWithBoard()
    const thread = await londonPupil.post<Post>(`/api/boards/${board.id}/threads`, { title: 'Secret', body: 'hi' })
    const other = await createLinkedClasses(server, { pupilsPerClass: 1 })
    for (const outsider of [other.sides[0]!.teacher.client, other.sides[0]!.pupils[0]!.client]) {
      expect((await outsider.get(`/api/boards/${board.id}/threads`)).status).toBe(404)
      expect((await outsider.get(`/api/threads/${thread.body.id}`)).status).toBe(404)
      expect((await outsider.post(`/api/boards/${board.id}/threads`, { title: 'x', body: 'y' })).status).toBe(404)
      expect((await moderate(outsider, thread.body.id, 'flag')).status).toBe(404)
      const socket = await outsider.connectSocket()
      expect(await emitWithAck(socket, 'board:join', { boardId: board.id })).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND' },
      })
      socket.disconnect()
    }
  })

  it('keeps the staffroom for teachers and the forum for every teacher', async () => {
    const { linked, london, londonPupil } = await linkWithBoard()
    const staffroom = await london.post<Board>(`/api/links/${linked.link.id}/boards`, {
      title: 'Staffroom',
      kind: 'staffroom',
    })
    expect((await londonPupil.get<Board[]>(`/api/links/${linked.link.id}/boards`)).body.map((b) => b.kind)).toEqual([
      'discussion',
    ])
    expect((await londonPupil.get(`/api/boards/${staffroom.body.id}/threads`)).status).toBe(404)
    const forum = await london.post<Board>('/api/forum/boards', { title: 'Good practice with letters' })
    const stranger = (await createLinkedClasses(server)).sides[0]!.teacher.client
    expect((await stranger.get<Board[]>('/api/forum/boards')).body.map((b) => b.id)).toContain(forum.body.id)
    expect(
      (
        await stranger.post<Post>(`/api/boards/${forum.body.id}/threads`, {
          title: 'Tip',
          body: 'Collate letters in a folder',
        })
      ).status,
    ).toBe(201)
    expect((await londonPupil.get('/api/forum/boards')).status).toBe(403)
  })
})

describe('nothing is missed on reconnect', () => {
  it('a client offline while three posts are approved gets all three, once each, in order', async () => {
    const { board, london, londonPupil, nairobiPupil } = await linkWithBoard()
    const socket = await nairobiPupil.connectSocket()
    const first = await emitWithAck<BoardJoinResult>(socket, 'board:join', { boardId: board.id })
    if (!first.ok) throw new Error('join refused')
    const cursor = first.data.lastSeq
    socket.disconnect()

    const ids: string[] = []
    for (const title of ['One', 'Two', 'Three']) {
      const post = await londonPupil.post<Post>(`/api/boards/${board.id}/threads`, { title, body: title })
      ids.push(post.body.id)
    }
    for (const id of ids) await moderate(london, id, 'approve')

    const back = await nairobiPupil.connectSocket()
    const caught = await emitWithAck<BoardJoinResult>(back, 'board:join', { boardId: board.id, after: cursor })
    if (!caught.ok) throw new Error('join refused')
    const upserts = caught.data.events.filter((e) => e.type === 'upsert')
    expect(upserts.map((e) => e.type === 'upsert' && e.post.title)).toEqual(['One', 'Two', 'Three'])
    expect(new Set(caught.data.events.map((e) => (e.type === 'upsert' ? e.post.id : e.postId))).size).toBe(
      caught.data.events.length,
    )
    // Asking again from the new cursor brings nothing twice.
    const again = await emitWithAck<BoardJoinResult>(back, 'board:join', {
      boardId: board.id,
      after: caught.data.lastSeq,
    })
    expect(again.ok && again.data.events).toEqual([])
    back.disconnect()
  })
})
