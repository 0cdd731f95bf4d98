import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ErrorBody } from '../../../shared/errors.js'
import type { Assembly, ChatPage, ChatWatchResult } from '../../../shared/schemas/assemblies.js'
import { testDialects } from '../../test/databases.js'
import { createLinkedClasses, type LinkedClasses } from '../../test/links.js'
import { at } from '../../test/repositoryRows.js'
import { emitWithAck, startTestServer, type TestClient, type TestServer } from '../../test/server.js'
import { CHAT_HISTORY_LIMIT, createAssemblyChatRepository } from './assemblyChat.repository.js'

async function allPages(client: TestClient, assemblyId: string, first: string | null, limit: number) {
  const pages: ChatPage['items'][] = []
  let before: string | null = first
  while (before && pages.length < 50) {
    const query: string = new URLSearchParams({ before, limit: String(limit) }).toString()
    const res: { status: number; body: ChatPage } = await client.get<ChatPage>(
      `/api/assemblies/${assemblyId}/chat?${query}`,
    )
    expect(res.status).toBe(200)
    pages.push(res.body.items)
    before = res.body.nextCursor
  }
  return pages
}

/**
 * An assembly's chat: a newcomer gets the newest messages she may see, then older ones a page at a
 * time past the old cap of 300, held messages left out by the database for the partner school.
 */
describe.each(testDialects())('assembly chat history paged with a cursor on $name', (dialect) => {
  let server: TestServer
  let linked: LinkedClasses
  let assembly: Assembly
  const TOTAL = 330
  const held = (i: number) => i % 5 === 0

  beforeAll(async () => {
    server = await startTestServer({ storage: await dialect.open() })
    linked = await createLinkedClasses(server, { pupilsPerClass: 1 })
    assembly = (
      await linked.sides[0]!.teacher.client.post<Assembly>(`/api/links/${linked.link.id}/assemblies`, {
        title: 'Harvest assembly',
        startNow: true,
      })
    ).body
    const chat = createAssemblyChatRepository(server.storage.db)
    const pupil = linked.sides[0]!.pupils[0]!
    await server.storage.transaction(async () => {
      for (let i = 0; i < TOTAL; i++)
        await chat.insert({
          id: randomUUID(),
          assemblyId: assembly.id,
          authorId: pupil.user.id,
          authorRole: 'pupil',
          authorName: 'Amara',
          schoolId: pupil.user.schoolId,
          className: null,
          colorIndex: 0,
          text: `message ${i}`,
          status: held(i) ? 'held' : 'published',
          createdAt: at(Math.floor(i / 2) * 1000),
        })
    })
  }, 120_000)
  afterAll(() => server?.close())

  const watch = async (client: TestClient) => {
    const socket = await client.connectSocket()
    const res = await emitWithAck<ChatWatchResult>(socket, 'assembly:chat-watch', { assemblyId: assembly.id })
    socket.disconnect()
    if (!res.ok) throw new Error(res.error.message)
    return res.data
  }

  it('gives each school every message it may see, newest page first, then older pages, none twice', async () => {
    const published = Array.from({ length: TOTAL }, (_, i) => i).filter((i) => !held(i)).length
    for (const [client, count] of [
      [linked.sides[0]!.teacher.client, TOTAL],
      [linked.sides[1]!.teacher.client, published],
      [linked.sides[1]!.pupils[0]!.client, published],
    ] as const) {
      const first = await watch(client)
      expect(first.messages).toHaveLength(CHAT_HISTORY_LIMIT)
      const pages = await allPages(client, assembly.id, first.nextCursor, 100)
      // Every page but the last is full: what the reader may not see is left out by the query itself.
      expect(pages.slice(0, -1).every((p) => p.length === 100)).toBe(true)
      const older = pages.flat()
      const all = [...[...first.messages].reverse(), ...older]
      expect(all).toHaveLength(count)
      expect(new Set(all.map((m) => m.id)).size).toBe(count)
      const keys = all.map((m) => `${m.createdAt}~${m.id}`)
      expect(keys).toEqual([...keys].sort().reverse())
      if (count !== TOTAL) expect(all.every((m) => m.status === 'published')).toBe(true)
    }
  })

  it('refuses a bad cursor or page size, and anyone outside the link', async () => {
    const client = linked.sides[1]!.teacher.client
    for (const [query, field] of [
      ['before=yesterday', 'before'],
      ['limit=0', 'limit'],
      ['limit=201', 'limit'],
    ] as const) {
      const res = await client.get<ErrorBody>(`/api/assemblies/${assembly.id}/chat?${query}`)
      expect(res.status).toBe(400)
      expect(res.body.error.code).toBe('INVALID_PAYLOAD')
      expect(Object.keys(res.body.error.fields ?? {})).toEqual([field])
    }
    const outsider = (await createLinkedClasses(server, { pupilsPerClass: 0 })).sides[0]!.teacher.client
    expect((await outsider.get<ErrorBody>(`/api/assemblies/${assembly.id}/chat`)).status).toBe(404)
    expect(
      (
        await new (client.constructor as new (url: string) => TestClient)(server.url).get(
          `/api/assemblies/${assembly.id}/chat`,
        )
      ).status,
    ).toBe(401)
  })
})
