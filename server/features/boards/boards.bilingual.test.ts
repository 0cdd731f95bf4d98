import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { ErrorBody } from '../../../shared/errors.js'
import type { Board, BoardEvent, Post, ThreadView } from '../../../shared/schemas/boards.js'
import type { QueuePage } from '../../../shared/schemas/moderation.js'
import { createLinkedClasses } from '../../test/links.js'
import { emitWithAck, startTestServer, type TestClient, type TestServer } from '../../test/server.js'

let server: TestServer
beforeAll(async () => {
  server = await startTestServer({ env: { BOARD_POSTS_PER_MINUTE: '30' } })
})
afterAll(() => server?.close())

const moderate = (client: TestClient, postId: string, action: string) =>
  client.post<ErrorBody>(`/api/moderation/board_post/${postId}/${action}`, {})

/** Everything a socket hears on a board, as text, so a test can say a held second text never reached it. */
async function listen(client: TestClient, boardId: string): Promise<{ events: BoardEvent[]; close(): void }> {
  const socket = await client.connectSocket()
  await emitWithAck(socket, 'board:join', { boardId })
  const events: BoardEvent[] = []
  ;(socket as unknown as { on(e: string, fn: (p: BoardEvent) => void): void }).on('board:event', (e) => events.push(e))
  return { events, close: () => socket.disconnect() }
}

describe('a board post in two languages', () => {
  it('keeps each text with its language, moderates both together and keeps both in the link record', async () => {
    const { link, sides } = await createLinkedClasses(server, { pupilsPerClass: 1 })
    const [london, nairobi] = sides
    const board = (await london!.teacher.client.post<Board>(`/api/links/${link.id}/boards`, { title: 'Festivals' }))
      .body
    const watcher = await listen(nairobi!.pupils[0]!.client, board.id)
    const pupil = london!.pupils[0]!.client
    const posted = await pupil.post<Post>(`/api/boards/${board.id}/threads`, {
      title: 'Diwali',
      body: 'We light lamps',
      secondText: { language: 'sw', body: 'Tunawasha taa' },
    })
    expect(posted.status).toBe(201)
    expect(posted.body).toMatchObject({ language: 'en', secondText: { language: 'sw', body: 'Tunawasha taa' } })
    expect(posted.body.status).toBe('held')
    // Her teacher reads both texts in the queue; the partner class hears nothing of either.
    const queue = (await london!.teacher.client.get<QueuePage>('/api/moderation/queue')).body.items
    expect(queue.find((q) => q.itemId === posted.body.id)?.excerpt).toContain('Tunawasha taa')
    await vi.waitFor(() => expect(watcher.events.length).toBeGreaterThan(0))
    expect(JSON.stringify(watcher.events)).not.toContain('Tunawasha')

    expect((await moderate(london!.teacher.client, posted.body.id, 'approve')).status).toBe(204)
    await vi.waitFor(() =>
      expect(watcher.events.at(-1)).toMatchObject({
        type: 'upsert',
        post: { id: posted.body.id, language: 'en', secondText: { language: 'sw', body: 'Tunawasha taa' } },
      }),
    )
    const read = await nairobi!.pupils[0]!.client.get<ThreadView>(`/api/threads/${posted.body.id}`)
    expect(read.body.thread).toMatchObject({ language: 'en', secondText: { language: 'sw', body: 'Tunawasha taa' } })

    // A second text in the first text's language says nothing new.
    const same = await pupil.post<ErrorBody>(`/api/threads/${posted.body.id}/replies`, {
      body: 'Hi',
      language: 'en',
      secondText: { language: 'en-GB', body: 'Hi' },
    })
    expect(same.status).toBe(400)

    // A Welsh reply gets its Swahili from her teacher while she moderates it; only her own school's teacher may add it.
    const reply = await pupil.post<Post>(`/api/threads/${posted.body.id}/replies`, { body: 'Shwmae', language: 'cy' })
    expect(reply.body).toMatchObject({ language: 'cy', secondText: null, status: 'held' })
    const second = { language: 'sw', body: 'Habari za Wales' }
    expect((await nairobi!.teacher.client.put(`/api/posts/${reply.body.id}/second-text`, second)).status).toBe(404)
    expect((await pupil.put(`/api/posts/${reply.body.id}/second-text`, second)).status).toBe(403)
    const sameAsFirst = { language: 'cy', body: 'Shwmae' }
    expect((await london!.teacher.client.put(`/api/posts/${reply.body.id}/second-text`, sameAsFirst)).status).toBe(400)
    const added = await london!.teacher.client.put<Post>(`/api/posts/${reply.body.id}/second-text`, second)
    expect(added.status).toBe(200)
    expect(added.body).toMatchObject({ language: 'cy', secondText: second, status: 'held' })
    // Still held: its second text went to nobody outside the school.
    await vi.waitFor(() =>
      expect(watcher.events.filter((e) => e.type === 'remove' && e.postId === reply.body.id).length).toBe(2),
    )
    expect(JSON.stringify(watcher.events)).not.toContain('Habari za Wales')
    const queued = (await london!.teacher.client.get<QueuePage>('/api/moderation/queue')).body.items
    expect(queued.find((q) => q.itemId === reply.body.id)?.excerpt).toContain('Habari za Wales')
    expect((await moderate(london!.teacher.client, reply.body.id, 'approve')).status).toBe(204)

    const record = await nairobi!.teacher.client.get<{
      boards: { threads: (Post & { replies: Post[] })[] }[]
    }>(`/api/links/${link.id}/export`)
    const thread = record.body.boards.flatMap((b) => b.threads).find((t) => t.id === posted.body.id)
    expect(thread).toMatchObject({ language: 'en', secondText: { language: 'sw', body: 'Tunawasha taa' } })
    expect(thread?.replies).toMatchObject([{ language: 'cy', body: 'Shwmae', secondText: second }])
    watcher.close()
  })
})
