import { describe, expect, it } from 'vitest'
import type { Board, BoardEvent, Post } from '../../../shared/schemas/boards.js'
import { createLinkedClasses } from '../../test/links.js'
import { multiNodeSkipReason, startNodes } from '../../test/nodes.js'
import { emitWithAck, nextEvent, TestClient } from '../../test/server.js'

if (multiNodeSkipReason) console.warn(multiNodeSkipReason)

describe.skipIf(Boolean(multiNodeSkipReason))('boards across two server nodes sharing Redis and PostgreSQL', () => {
  it('a post approved through one node reaches a pupil on the other; the moderation count updates on both', async () => {
    const { nodes, close } = await startNodes(2)
    try {
      const [nodeA, nodeB] = nodes
      const linked = await createLinkedClasses(nodeA!, { pupilsPerClass: 1 })
      const [london, nairobi] = linked.sides
      const teacherA = london!.teacher.client
      const board = (await teacherA.post<Board>(`/api/links/${linked.link.id}/boards`, { title: 'Weather this week' }))
        .body

      // The London teacher has Bridges open on both nodes (two classroom computers).
      const teacherOnB = new TestClient(nodeB!.url)
      teacherOnB.cookie = teacherA.cookie
      const countA = await teacherA.connectSocket()
      const countB = await teacherOnB.connectSocket()
      const pupilOnB = new TestClient(nodeB!.url)
      pupilOnB.cookie = nairobi!.pupils[0]!.client.cookie
      const pupilSocket = await pupilOnB.connectSocket()
      await emitWithAck(pupilSocket, 'board:join', { boardId: board.id })

      const queued = [
        nextEvent<{ count: number }>(countA, 'moderation:count'),
        nextEvent<{ count: number }>(countB, 'moderation:count'),
      ]
      const heldNotice = nextEvent<BoardEvent>(pupilSocket, 'board:event')
      const post = await london!.pupils[0]!.client.post<Post>(`/api/boards/${board.id}/threads`, {
        title: 'Rain',
        body: 'It rained all week',
      })
      expect((await Promise.all(queued)).map((c) => c.count)).toEqual([1, 1])
      // While held, the partner's pupil learns only which post not to show.
      expect(await heldNotice).toEqual({ seq: 1, boardId: board.id, type: 'remove', postId: post.body.id })

      const delivered = nextEvent<BoardEvent>(pupilSocket, 'board:event')
      const cleared = [
        nextEvent<{ count: number }>(countA, 'moderation:count'),
        nextEvent<{ count: number }>(countB, 'moderation:count'),
      ]
      expect((await teacherA.post(`/api/moderation/board_post/${post.body.id}/approve`)).status).toBe(204)
      expect(await delivered).toMatchObject({ type: 'upsert', post: { id: post.body.id, status: 'published' } })
      expect((await Promise.all(cleared)).map((c) => c.count)).toEqual([0, 0])
      for (const s of [countA, countB, pupilSocket]) s.disconnect()
    } finally {
      await close()
    }
  })
})
