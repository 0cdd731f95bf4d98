import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { Assembly, ChatEvent, ChatMessage, ChatWatchResult } from '../../../shared/schemas/assemblies.js'
import type { QueuePage } from '../../../shared/schemas/moderation.js'
import { createLinkedClasses, type LinkedClasses } from '../../test/links.js'
import { emitWithAck, nextEvent, startTestServer, type TestServer, type TestSocket } from '../../test/server.js'

/** Every chat event a socket receives, in order. */
function collect(socket: TestSocket): ChatEvent[] {
  const events: ChatEvent[] = []
  ;(socket as unknown as { on(e: string, fn: (p: ChatEvent) => void): void }).on('assembly:chat', (event) =>
    events.push(event),
  )
  return events
}

async function startAssembly(linked: LinkedClasses, startNow = true): Promise<Assembly> {
  const starts = new Date(Date.now() + 86_400_000).toISOString()
  const res = await linked.sides[0]!.teacher.client.post<Assembly>(
    `/api/links/${linked.link.id}/assemblies`,
    startNow ? { title: 'Harvest assembly', startNow } : { title: 'Later', startsAt: starts },
  )
  expect(res.status).toBe(201)
  return res.body
}

async function watching(socket: TestSocket, assemblyId: string): Promise<ChatWatchResult> {
  const res = await emitWithAck<ChatWatchResult>(socket, 'assembly:chat-watch', { assemblyId })
  if (!res.ok) throw new Error(res.error.message)
  return res.data
}

async function say(socket: TestSocket, assemblyId: string, text: string): Promise<ChatMessage> {
  const res = await emitWithAck<ChatMessage>(socket, 'assembly:chat', { assemblyId, text })
  if (!res.ok) throw new Error(res.error.message)
  return res.data
}

describe('assembly chat', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer({ env: { BOARD_POSTS_PER_MINUTE: '6' } })
  })
  afterAll(() => server?.close())

  it('holds a pupil’s message for their own teachers until approved; the host can let pupil chat through', async () => {
    const linked = await createLinkedClasses(server, { pupilsPerClass: 1 })
    const [london, nairobi] = linked.sides
    const assembly = await startAssembly(linked)
    const londonTeacher = await london!.teacher.client.connectSocket()
    const nairobiTeacher = await nairobi!.teacher.client.connectSocket()
    const londonPupil = await london!.pupils[0]!.client.connectSocket()
    const nairobiPupil = await nairobi!.pupils[0]!.client.connectSocket()
    for (const s of [londonTeacher, nairobiTeacher, londonPupil, nairobiPupil])
      expect(await watching(s, assembly.id)).toEqual({ messages: [], nextCursor: null, pupilChatAllowed: false })
    const seenByNairobiTeacher = collect(nairobiTeacher)
    const seenByNairobiPupil = collect(nairobiPupil)
    const seenByLondonTeacher = collect(londonTeacher)

    // A class computer's message goes straight out.
    const hello = await say(londonTeacher, assembly.id, 'Hello from London!')
    expect(hello).toMatchObject({ status: 'published', authorRole: 'teacher', className: london!.schoolClass.name })
    await vi.waitFor(() =>
      expect(seenByNairobiPupil.map((e) => e.type === 'upsert' && e.message.text)).toEqual(['Hello from London!']),
    )

    // A pupil's is held: their own teachers see it, the partner school does not.
    const question = await say(londonPupil, assembly.id, 'Do you have snow in Nairobi?')
    expect(question.status).toBe('held')
    await vi.waitFor(() =>
      expect(seenByLondonTeacher.at(-1)).toMatchObject({
        type: 'upsert',
        message: { id: question.id, status: 'held' },
      }),
    )
    const queue = await london!.teacher.client.get<QueuePage>('/api/moderation/queue')
    expect(queue.body.items).toEqual([
      expect.objectContaining({ kind: 'chat_message', itemId: question.id, place: 'Harvest assembly' }),
    ])
    expect((await watching(nairobiTeacher, assembly.id)).messages.map((m) => m.id)).toEqual([hello.id])
    expect((await nairobi!.teacher.client.post(`/api/moderation/chat_message/${question.id}/approve`)).status).toBe(404)
    expect((await london!.pupils[0]!.client.post(`/api/moderation/chat_message/${question.id}/approve`)).status).toBe(
      403,
    )

    // London's teacher approves: it reaches Nairobi live, never having been seen held there.
    expect((await london!.teacher.client.post(`/api/moderation/chat_message/${question.id}/approve`)).status).toBe(204)
    await vi.waitFor(() =>
      expect(seenByNairobiPupil.at(-1)).toMatchObject({
        type: 'upsert',
        message: { id: question.id, status: 'published' },
      }),
    )
    for (const seen of [seenByNairobiPupil, seenByNairobiTeacher]) {
      // While it was held, the partner school was told its id and nothing else about it.
      const aboutQuestion = seen.filter((e) => (e.type === 'upsert' ? e.message.id : e.messageId) === question.id)
      expect(aboutQuestion.slice(0, -1)).toEqual([{ assemblyId: assembly.id, type: 'remove', messageId: question.id }])
    }

    // A rejected message tells its author why, and nobody else ever sees it.
    const seenByLondonPupil = collect(londonPupil)
    const rude = await say(nairobiPupil, assembly.id, 'Something silly')
    const rejected = nextEvent<ChatEvent>(nairobiPupil, 'assembly:chat')
    expect(
      (
        await nairobi!.teacher.client.post(`/api/moderation/chat_message/${rude.id}/reject`, {
          reason: 'Keep it kind, please',
        })
      ).status,
    ).toBe(204)
    expect(await rejected).toMatchObject({
      message: { id: rude.id, status: 'rejected', rejectReason: 'Keep it kind, please' },
    })
    // Everyone else who follows the chat is told only which message to forget.
    await vi.waitFor(() =>
      expect(seenByLondonPupil).toContainEqual({ assemblyId: assembly.id, type: 'remove', messageId: rude.id }),
    )

    // The host lets pupils talk freely: a pupil cannot, a teacher can; pupils' messages then go straight out.
    expect(
      (await nairobi!.pupils[0]!.client.post(`/api/assemblies/${assembly.id}/pupil-chat`, { allowed: true })).status,
    ).toBe(403)
    const told = nextEvent<{ pupilChatAllowed: boolean }>(nairobiPupil, 'assembly:settings')
    const allowed = await nairobi!.teacher.client.post<Assembly>(`/api/assemblies/${assembly.id}/pupil-chat`, {
      allowed: true,
    })
    expect(allowed.body.pupilChatAllowed).toBe(true)
    expect((await told).pupilChatAllowed).toBe(true)
    const free = await say(nairobiPupil, assembly.id, 'Jambo London!')
    expect(free.status).toBe('published')
    await vi.waitFor(() =>
      expect(seenByLondonPupil.flatMap((e) => (e.type === 'upsert' ? [e.message.text] : []))).toEqual([
        'Jambo London!',
      ]),
    )
    expect(JSON.stringify(seenByLondonPupil)).not.toContain('silly')

    // A latecomer sees exactly what they may: published messages, in order.
    const history = await watching(await london!.pupils[0]!.client.connectSocket(), assembly.id)
    expect(history.messages.map((m) => m.text)).toEqual([
      'Hello from London!',
      'Do you have snow in Nairobi?',
      'Jambo London!',
    ])
    expect(history.pupilChatAllowed).toBe(true)
    for (const s of [londonTeacher, nairobiTeacher, londonPupil, nairobiPupil]) s.disconnect()
  })

  it('refuses outsiders, silent sockets, bad text, closed assemblies and floods', async () => {
    const linked = await createLinkedClasses(server, { pupilsPerClass: 1 })
    const other = await createLinkedClasses(server, { pupilsPerClass: 1 })
    const assembly = await startAssembly(linked)
    const later = await startAssembly(linked, false)
    const pupil = await linked.sides[0]!.pupils[0]!.client.connectSocket()
    const outsider = await other.sides[0]!.pupils[0]!.client.connectSocket()
    const outsiderTeacher = await other.sides[0]!.teacher.client.connectSocket()

    for (const s of [outsider, outsiderTeacher])
      expect(await emitWithAck(s, 'assembly:chat-watch', { assemblyId: assembly.id })).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND' },
      })
    expect(await emitWithAck(outsiderTeacher, 'assembly:chat', { assemblyId: assembly.id, text: 'hi' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    })
    expect(
      await emitWithAck(pupil, 'assembly:chat', { assemblyId: assembly.id, text: 'before watching' }),
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(
      (await other.sides[0]!.teacher.client.post(`/api/assemblies/${assembly.id}/pupil-chat`, { allowed: true }))
        .status,
    ).toBe(404)

    await watching(pupil, assembly.id)
    expect(await emitWithAck(pupil, 'assembly:chat', { assemblyId: assembly.id, text: '   ' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_PAYLOAD' },
    })
    expect(await emitWithAck(pupil, 'assembly:chat', { assemblyId: assembly.id, text: 'x'.repeat(501) })).toMatchObject(
      { ok: false, error: { code: 'INVALID_PAYLOAD' } },
    )
    expect(await emitWithAck(pupil, 'assembly:chat', { assemblyId: assembly.id })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_PAYLOAD' },
    })

    await watching(pupil, later.id)
    expect(await emitWithAck(pupil, 'assembly:chat', { assemblyId: later.id, text: 'too early' })).toMatchObject({
      ok: false,
      error: { code: 'ASSEMBLY_NOT_OPEN' },
    })

    // Six a minute, then a clear message; nothing beyond the limit is stored.
    for (let i = 0; i < 6; i++) await say(pupil, assembly.id, `question ${i}`)
    expect(await emitWithAck(pupil, 'assembly:chat', { assemblyId: assembly.id, text: 'one too many' })).toMatchObject({
      ok: false,
      error: { code: 'RATE_LIMITED', message: expect.stringContaining('6 times a minute') },
    })
    expect((await watching(pupil, assembly.id)).messages).toHaveLength(6)

    expect((await linked.sides[1]!.teacher.client.post(`/api/assemblies/${assembly.id}/end`)).status).toBe(200)
    const teacher = await linked.sides[0]!.teacher.client.connectSocket()
    await watching(teacher, assembly.id)
    expect(
      await emitWithAck(teacher, 'assembly:chat', { assemblyId: assembly.id, text: 'after the end' }),
    ).toMatchObject({ ok: false, error: { code: 'ASSEMBLY_NOT_OPEN' } })
    expect(
      (await linked.sides[0]!.teacher.client.post(`/api/assemblies/${assembly.id}/pupil-chat`, { allowed: true }))
        .status,
    ).toBe(409)
    for (const s of [pupil, outsider, outsiderTeacher, teacher]) s.disconnect()
  })
})
