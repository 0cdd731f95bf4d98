import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LinkPresence } from '../../../shared/schemas/links.js'
import { multiNodeSkipReason, startNodes } from '../../test/nodes.js'
import { createLinkViaApi } from '../../test/links.js'
import { emitWithAck, nextEvent, startTestServer, TestClient, type TestServer } from '../../test/server.js'

/** Waits until a presence broadcast names exactly these classes. */
function presenceBecomes(socket: Awaited<ReturnType<TestClient['connectSocket']>>, classIds: string[]): Promise<void> {
  return new Promise((resolve) => {
    const listener = (presence: LinkPresence) => {
      if (JSON.stringify(presence.onlineClassIds) === JSON.stringify([...classIds].sort())) {
        socket.off('link:presence', listener)
        resolve()
      }
    }
    socket.on('link:presence', listener)
  })
}

describe('presence in a link', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer()
  })
  afterAll(() => server?.close())

  it('shows which classes are online, live, and drops a class when it leaves', async () => {
    const { linkId, sides } = await createLinkViaApi(server)
    const [london, nairobi] = sides
    const londonSocket = await london!.teacher.client.connectSocket()
    const first = await emitWithAck<LinkPresence>(londonSocket, 'link:join', { linkId })
    expect(first).toEqual({ ok: true, data: { linkId, onlineClassIds: [london!.schoolClass.id] } })

    const both = presenceBecomes(londonSocket, [london!.schoolClass.id, nairobi!.schoolClass.id])
    const nairobiSocket = await nairobi!.teacher.client.connectSocket()
    await emitWithAck(nairobiSocket, 'link:join', { linkId })
    await both

    const alone = presenceBecomes(londonSocket, [london!.schoolClass.id])
    nairobiSocket.disconnect()
    await alone
    londonSocket.disconnect()
  })

  it('tells the room once when a class comes online on many computers, and once when it goes: linear, not quadratic', async () => {
    const { linkId, sides } = await createLinkViaApi(server)
    const [london, nairobi] = sides
    const watcher = await nairobi!.teacher.client.connectSocket()
    await emitWithAck(watcher, 'link:join', { linkId })
    const computers = await Promise.all(Array.from({ length: 20 }, () => london!.teacher.client.connectSocket()))
    let messages = 0
    for (const socket of [watcher, ...computers]) socket.on('link:presence', () => messages++)
    const both = presenceBecomes(watcher, [london!.schoolClass.id, nairobi!.schoolClass.id])
    const answers = await Promise.all(
      computers.map((socket) => emitWithAck<LinkPresence>(socket, 'link:join', { linkId })),
    )
    // Each joining computer is answered with the whole set itself.
    for (const answer of answers) expect(answer.ok && answer.data.onlineClassIds).toContain(london!.schoolClass.id)
    await both
    const alone = presenceBecomes(watcher, [nairobi!.schoolClass.id])
    for (const socket of computers) socket.disconnect()
    await alone
    // One update to the 21 sockets in the room, one to the watcher left: a broadcast per join would be 230.
    expect(messages).toBeLessThanOrEqual(22)
    watcher.disconnect()
  })

  it('refuses a malformed join', async () => {
    const { sides } = await createLinkViaApi(server)
    const socket = await sides[0]!.teacher.client.connectSocket()
    expect(await emitWithAck(socket, 'link:join', { linkId: 42 })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_PAYLOAD' },
    })
    socket.disconnect()
  })
})

if (multiNodeSkipReason) console.warn(multiNodeSkipReason)

describe.skipIf(Boolean(multiNodeSkipReason))('presence across two server nodes sharing Redis', () => {
  it('a class online on one node appears for a class on the other', async () => {
    const { nodes, close } = await startNodes(2)
    try {
      const [nodeA, nodeB] = nodes
      const { linkId, sides } = await createLinkViaApi(nodeA!)
      const [london, nairobi] = sides

      const londonSocket = await london!.teacher.client.connectSocket()
      await emitWithAck(londonSocket, 'link:join', { linkId })
      const both = presenceBecomes(londonSocket, [london!.schoolClass.id, nairobi!.schoolClass.id])
      // Nairobi's computer talks to the other node, with the same session.
      const onB = new TestClient(nodeB!.url)
      onB.cookie = nairobi!.teacher.client.cookie
      const nairobiSocket = await onB.connectSocket()
      const joined = await emitWithAck<LinkPresence>(nairobiSocket, 'link:join', { linkId })
      expect(joined.ok && joined.data.onlineClassIds.length).toBe(2)
      await both

      // A change made through node B reaches the socket on node A.
      const changed = nextEvent(londonSocket, 'link:changed')
      await onB.post(`/api/links/${linkId}/pause`)
      await changed
      const alone = presenceBecomes(londonSocket, [london!.schoolClass.id])
      nairobiSocket.disconnect()
      await alone
      londonSocket.disconnect()
    } finally {
      await close()
    }
  })

  it('a node too busy to answer once does not leave a class shown offline: the update asks again', async () => {
    const { nodes, close } = await startNodes(2)
    try {
      const [nodeA, nodeB] = nodes
      const { linkId, sides } = await createLinkViaApi(nodeA!)
      const [london, nairobi] = sides
      // Nairobi comes online on node B and is told so; then London on node A, and both are told: nothing is pending.
      const onB = new TestClient(nodeB!.url)
      onB.cookie = nairobi!.teacher.client.cookie
      const nairobiSocket = await onB.connectSocket()
      const nairobiAlone = presenceBecomes(nairobiSocket, [nairobi!.schoolClass.id])
      await emitWithAck(nairobiSocket, 'link:join', { linkId })
      await nairobiAlone
      const both = presenceBecomes(nairobiSocket, [london!.schoolClass.id, nairobi!.schoolClass.id])
      const londonSocket = await london!.teacher.client.connectSocket()
      await emitWithAck(londonSocket, 'link:join', { linkId })
      await both

      // Node A misses the next question from node B (its event loop busy, say), then answers again.
      const io = nodeA!.app.io as unknown as NodeJS.EventEmitter
      const [answer] = io.listeners('presence:ask') as ((...args: unknown[]) => void)[]
      let missed = 0
      io.removeAllListeners('presence:ask')
      io.on('presence:ask', (...args: unknown[]) => (missed++ === 0 ? undefined : answer!(...args)))
      const seen: string[][] = []
      londonSocket.on('link:presence', (presence: LinkPresence) => seen.push(presence.onlineClassIds))
      const alone = presenceBecomes(londonSocket, [london!.schoolClass.id])
      nairobiSocket.disconnect()
      await alone
      expect(missed).toBeGreaterThanOrEqual(2)
      // London never saw itself shown offline on the way.
      expect(seen).toEqual([[london!.schoolClass.id]])
      londonSocket.disconnect()
    } finally {
      await close()
    }
  })
})
