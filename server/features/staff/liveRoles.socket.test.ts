import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { User } from '../../../shared/schemas/accounts.js'
import type { Board, BoardEvent, Post } from '../../../shared/schemas/boards.js'
import type { StaffInvitation } from '../../../shared/schemas/staff.js'
import { createLinkedClasses, type LinkedClasses } from '../../test/links.js'
import { multiNodeSkipReason, startNodes } from '../../test/nodes.js'
import {
  emitWithAck,
  nextEvent,
  startTestServer,
  TestClient,
  type TestServer,
  type TestSocket,
} from '../../test/server.js'

/** A colleague joins London's school by invitation; the admin can then give and take her roles. */
async function colleagueOf(server: TestServer, linked: LinkedClasses, email: string) {
  const admin = linked.sides[0]!.teacher.client
  const { code } = (await admin.post<StaffInvitation>('/api/staff/invitations')).body
  const colleague = new TestClient(server.url)
  const joined = await colleague.post<{ user: User }>('/api/staff/join', {
    code,
    email,
    password: 'rivers bend slowly home',
    displayName: 'Ms Okafor',
  })
  expect(joined.status).toBe(201)
  return { client: colleague, id: joined.body.user.id }
}

/** A London pupil's post, deleted by the admin: what a socket on the board is told about it. */
async function deletedPostSeenBy(linked: LinkedClasses, boardId: string, socket: TestSocket): Promise<BoardEvent> {
  const [london] = linked.sides
  const post = (
    await london!.pupils[0]!.client.post<Post>(`/api/boards/${boardId}/threads`, { title: 'Oops', body: 'Sorry' })
  ).body
  const seen = new Promise<BoardEvent>((resolve) =>
    socket.on('board:event', (e) => {
      // Its teachers saw it held first; then its deletion arrives, whole (to the lead) or as a removal.
      if (e.type === 'remove' ? e.postId === post.id : e.post.id === post.id && e.post.status === 'deleted') resolve(e)
    }),
  )
  expect((await london!.teacher.client.post(`/api/moderation/board_post/${post.id}/delete`)).status).toBe(204)
  const event = await seen
  socket.off('board:event')
  return event
}

const whoami = (socket: TestSocket) => emitWithAck<User>(socket, 'session:whoami', {})

describe('a colleague’s new roles reach her open connections at once', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer()
  })
  afterAll(() => server?.close())

  it('made safeguarding lead, stepped down, then removed: every tab of hers follows without reconnecting', async () => {
    const linked = await createLinkedClasses(server, { pupilsPerClass: 1 })
    const admin = linked.sides[0]!.teacher.client
    const board = (await admin.post<Board>(`/api/links/${linked.link.id}/boards`, { title: 'News' })).body
    const okafor = await colleagueOf(server, linked, 'okafor.live@example.org')
    // Two classroom computers with Bridges open.
    const tabs = [await okafor.client.connectSocket(), await okafor.client.connectSocket()]
    for (const tab of tabs) await emitWithAck(tab, 'board:join', { boardId: board.id })
    expect((await deletedPostSeenBy(linked, board.id, tabs[0]!)).type).toBe('remove')

    const told = tabs.map((tab) => nextEvent<{ reason: string }>(tab, 'session:changed'))
    const made = await admin.request('PATCH', `/api/staff/members/${okafor.id}`, { safeguardingLead: true })
    expect(made.status).toBe(200)
    expect(await Promise.all(told)).toEqual([{ reason: 'roles' }, { reason: 'roles' }])
    for (const tab of tabs) expect(await whoami(tab)).toMatchObject({ ok: true, data: { safeguardingLead: true } })
    // Now the lead, she reads her school's deleted posts live, on both computers.
    for (const tab of tabs)
      expect(await deletedPostSeenBy(linked, board.id, tab)).toMatchObject({
        type: 'upsert',
        post: { status: 'deleted' },
      })

    const stepped = tabs.map((tab) => nextEvent(tab, 'session:changed'))
    await admin.request('PATCH', `/api/staff/members/${okafor.id}`, { safeguardingLead: false })
    await Promise.all(stepped)
    expect(await whoami(tabs[1]!)).toMatchObject({ data: { safeguardingLead: false } })
    expect((await deletedPostSeenBy(linked, board.id, tabs[1]!)).type).toBe('remove')

    // Removed from the school: every tab is told and closed.
    const ended = tabs.map((tab) => nextEvent<{ reason: string }>(tab, 'session:ended'))
    expect((await admin.request('DELETE', `/api/staff/members/${okafor.id}`)).status).toBe(204)
    expect(await Promise.all(ended)).toEqual([{ reason: 'deactivated' }, { reason: 'deactivated' }])
  })
})

describe.skipIf(Boolean(multiNodeSkipReason))('roles across two server nodes', () => {
  it('her socket on the other node takes her new role', async () => {
    const { nodes, close } = await startNodes(2)
    try {
      const [nodeA, nodeB] = nodes
      const linked = await createLinkedClasses(nodeA!, { pupilsPerClass: 1 })
      const board = (
        await linked.sides[0]!.teacher.client.post<Board>(`/api/links/${linked.link.id}/boards`, { title: 'News' })
      ).body
      const okafor = await colleagueOf(nodeA!, linked, 'okafor.nodes@example.org')
      const onB = new TestClient(nodeB!.url)
      onB.cookie = okafor.client.cookie
      const tab = await onB.connectSocket()
      await emitWithAck(tab, 'board:join', { boardId: board.id })
      const told = nextEvent(tab, 'session:changed')
      await linked.sides[0]!.teacher.client.request('PATCH', `/api/staff/members/${okafor.id}`, {
        safeguardingLead: true,
      })
      await told
      expect(await whoami(tab)).toMatchObject({ data: { safeguardingLead: true } })
      expect(await deletedPostSeenBy(linked, board.id, tab)).toMatchObject({ type: 'upsert' })
      tab.disconnect()
    } finally {
      await close()
    }
  })
})
