import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Assembly } from '../../../shared/schemas/assemblies.js'
import type { Post } from '../../../shared/schemas/boards.js'
import type { Link } from '../../../shared/schemas/links.js'
import { createLinkedClasses } from '../../test/links.js'
import { emitWithAck, startTestServer, type TestServer } from '../../test/server.js'
import type { LinkRecord } from './linkRecord.service.js'

describe('the link record export', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer()
  })
  afterAll(() => server?.close())

  it('holds boards, wall and assemblies as each teacher sees them, and stays exportable after the link ends', async () => {
    const linked = await createLinkedClasses(server, { pupilsPerClass: 1 })
    const [london, nairobi] = linked.sides
    const linkId = linked.link.id
    const board = (
      await london!.teacher.client.post<{ id: string }>(`/api/links/${linkId}/boards`, { title: 'Weather this week' })
    ).body
    const thread = (
      await nairobi!.teacher.client.post<Post>(`/api/boards/${board.id}/threads`, {
        title: 'Rain',
        body: 'The long rains are here',
      })
    ).body
    const reply = (
      await london!.pupils[0]!.client.post<Post>(`/api/threads/${thread.id}/replies`, { body: 'We had snow!' })
    ).body
    expect((await london!.teacher.client.post(`/api/moderation/board_post/${reply.id}/approve`)).status).toBe(204)
    const held = (
      await london!.pupils[0]!.client.post<Post>(`/api/threads/${thread.id}/replies`, {
        body: 'Still waiting for my teacher',
      })
    ).body
    expect(held.status).toBe('held')
    expect(
      (
        await nairobi!.teacher.client.post(`/api/links/${linkId}/wall`, {
          kind: 'letter',
          body: 'Greetings from Nairobi',
        })
      ).status,
    ).toBe(201)
    const assembly = (
      await london!.teacher.client.post<Assembly>(`/api/links/${linkId}/assemblies`, {
        title: 'Harvest',
        startNow: true,
      })
    ).body
    const socket = await london!.teacher.client.connectSocket()
    await emitWithAck(socket, 'assembly:chat-watch', { assemblyId: assembly.id })
    expect(
      await emitWithAck(socket, 'assembly:chat', { assemblyId: assembly.id, text: 'Welcome, everyone' }),
    ).toMatchObject({ ok: true })
    socket.disconnect()
    expect((await nairobi!.teacher.client.post<Link>(`/api/links/${linkId}/end`)).body.status).toBe('ended')

    const fromNairobi = await nairobi!.teacher.client.get<LinkRecord>(`/api/links/${linkId}/export`)
    expect(fromNairobi.status).toBe(200)
    expect(fromNairobi.headers.get('content-disposition')).toContain('attachment')
    const record = fromNairobi.body
    expect(record.link.status).toBe('ended')
    expect(record.boards).toEqual([
      expect.objectContaining({
        title: 'Weather this week',
        threads: [
          expect.objectContaining({
            body: 'The long rains are here',
            replies: [expect.objectContaining({ body: 'We had snow!' })],
          }),
        ],
      }),
    ])
    expect(record.wall.items.map((i) => i.body)).toEqual(['Greetings from Nairobi'])
    expect(record.assemblies).toEqual([
      expect.objectContaining({
        title: 'Harvest',
        chat: [expect.objectContaining({ text: 'Welcome, everyone' })],
        attendance: [],
      }),
    ])
    // A London pupil's held reply is London's business: it is not in Nairobi's record, but is in London's.
    expect(JSON.stringify(record)).not.toContain('Still waiting for my teacher')
    const fromLondon = (await london!.teacher.client.get<LinkRecord>(`/api/links/${linkId}/export`)).body
    expect(fromLondon.boards[0]!.threads[0]!.replies.map((r) => [r.body, r.status])).toEqual([
      ['We had snow!', 'published'],
      ['Still waiting for my teacher', 'held'],
    ])

    expect((await london!.pupils[0]!.client.get(`/api/links/${linkId}/export`)).status).toBe(403)
    const other = await createLinkedClasses(server)
    expect((await other.sides[0]!.teacher.client.get(`/api/links/${linkId}/export`)).status).toBe(404)
  })
})
