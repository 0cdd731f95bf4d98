import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createClient, type RedisClientType } from 'redis'
import type { LinkPresence } from '../../../shared/schemas/links.js'
import { createApp } from '../../app.js'
import { loadConfig } from '../../config.js'
import { createLogger } from '../../logger.js'
import { openStorage } from '../../storage/database.js'
import { createScratchPostgresDatabase } from '../../test/databases.js'
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

  it('refuses a malformed join', async () => {
    const { sides } = await createLinkViaApi(server)
    const socket = await sides[0]!.teacher.client.connectSocket()
    expect(await emitWithAck(socket, 'link:join', { linkId: 42 })).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } })
    socket.disconnect()
  })
})

const redisUrl = process.env.REDIS_URL
const databaseUrl = process.env.DATABASE_URL
if (!redisUrl || !databaseUrl) console.warn('Multi-node presence test skipped: REDIS_URL and DATABASE_URL are not both set (.ci/run sets them).')

describe.skipIf(!redisUrl || !databaseUrl)('presence across two server nodes sharing Redis', () => {
  const cleanups: (() => Promise<unknown>)[] = []
  afterEach(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup()
    cleanups.length = 0
  })

  async function startNode(url: string, prefix: string): Promise<TestServer> {
    const pub = createClient({ url: redisUrl }) as RedisClientType
    const sub = pub.duplicate()
    await Promise.all([pub.connect(), sub.connect()])
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PORT: '0', REDIS_PREFIX: prefix })
    const storage = await openStorage({ kind: 'postgres', databaseUrl: url })
    const app = createApp({ config, storage, logger: createLogger('silent'), redis: { pub, sub } })
    await new Promise<void>((resolve) => app.http.listen(0, '127.0.0.1', resolve))
    const address = app.http.address()
    const port = typeof address === 'object' && address ? address.port : 0
    cleanups.push(async () => {
      await app.close()
      await Promise.all([pub.quit(), sub.quit()])
    })
    return { app, url: `http://127.0.0.1:${port}`, storage, config, close: () => app.close() }
  }

  it('a class online on one node appears for a class on the other', async () => {
    const scratch = await createScratchPostgresDatabase(databaseUrl!)
    cleanups.push(() => scratch.drop())
    const prefix = `bridges-test-${Date.now()}-${Math.random().toString(36).slice(2)}`
    const nodeA = await startNode(scratch.url, prefix)
    const nodeB = await startNode(scratch.url, prefix)
    const { linkId, sides } = await createLinkViaApi(nodeA)
    const [london, nairobi] = sides

    const londonSocket = await london!.teacher.client.connectSocket()
    await emitWithAck(londonSocket, 'link:join', { linkId })
    const both = presenceBecomes(londonSocket, [london!.schoolClass.id, nairobi!.schoolClass.id])
    // Nairobi's computer talks to the other node, with the same session.
    const onB = new TestClient(nodeB.url)
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
  })
})
