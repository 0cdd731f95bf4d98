import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Assembly, IceServers, Peer } from '../../../shared/schemas/assemblies.js'
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

const OFFER = { type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n' }

async function openAssembly(server: TestServer, linked: LinkedClasses): Promise<Assembly> {
  const res = await linked.sides[0]!.teacher.client.post<Assembly>(`/api/links/${linked.link.id}/assemblies`, {
    title: 'Harvest assembly',
    startNow: true,
  })
  expect(res.status).toBe(201)
  return res.body
}

describe('assembly signalling', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer({
      env: { TURN_URLS: 'turn:127.0.0.1:3478', TURN_SECRET: 'a-very-long-shared-secret' },
    })
  })
  afterAll(() => server?.close())

  it('relays a signal to a peer in the same assembly, stamping the sender', async () => {
    const linked = await createLinkedClasses(server)
    const assembly = await openAssembly(server, linked)
    const a = await linked.sides[0]!.teacher.client.connectSocket()
    const b = await linked.sides[1]!.teacher.client.connectSocket()
    const joinedA = await emitWithAck<{ self: Peer; peers: Peer[] }>(a, 'assembly:join', { assemblyId: assembly.id })
    expect(joinedA).toMatchObject({ ok: true, data: { peers: [] } })
    const seen = nextEvent<{ peer: Peer }>(a, 'assembly:peer-joined')
    const joinedB = await emitWithAck<{ self: Peer; peers: Peer[] }>(b, 'assembly:join', { assemblyId: assembly.id })
    expect(joinedB.ok && joinedB.data.peers.map((p) => p.peerId)).toEqual([a.id])
    expect((await seen).peer.classId).toBe(linked.sides[1]!.schoolClass.id)

    const arrives = nextEvent<{ from: string; data: unknown }>(a, 'assembly:signal')
    // A forged "from" in the payload is ignored: the server says who sent it.
    expect(
      await emitWithAck(b, 'assembly:signal', { assemblyId: assembly.id, to: a.id, from: 'someone-else', data: OFFER }),
    ).toEqual({ ok: true, data: null })
    expect(await arrives).toMatchObject({ from: b.id, data: OFFER })

    const ice = await linked.sides[0]!.teacher.client.get<IceServers>(`/api/assemblies/${assembly.id}/ice`)
    expect(ice.body.iceServers[0]).toMatchObject({
      urls: ['turn:127.0.0.1:3478'],
      username: expect.stringMatching(/^\d+:/),
      credential: expect.any(String),
    })
    for (const s of [a, b]) s.disconnect()
  })

  it('refuses bad signals, outsiders, pupils and closed assemblies; others are unaffected', async () => {
    const linked = await createLinkedClasses(server, { pupilsPerClass: 1 })
    const other = await createLinkedClasses(server)
    const assembly = await openAssembly(server, linked)
    const elsewhere = await openAssembly(server, other)
    const a = await linked.sides[0]!.teacher.client.connectSocket()
    const b = await linked.sides[1]!.teacher.client.connectSocket()
    const c = await other.sides[0]!.teacher.client.connectSocket()
    await emitWithAck(a, 'assembly:join', { assemblyId: assembly.id })
    await emitWithAck(b, 'assembly:join', { assemblyId: assembly.id })
    await emitWithAck(c, 'assembly:join', { assemblyId: elsewhere.id })

    const refused = (socket: TestSocket, event: string, payload: unknown) => emitWithAck(socket, event, payload)
    expect(await refused(a, 'assembly:signal', { assemblyId: assembly.id, to: c.id, data: OFFER })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    })
    expect(await refused(c, 'assembly:signal', { assemblyId: assembly.id, to: a.id, data: OFFER })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    })
    expect(
      await refused(a, 'assembly:signal', {
        assemblyId: assembly.id,
        to: b.id,
        data: { type: 'offer', sdp: '<script>' },
      }),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } })
    expect(
      await refused(a, 'assembly:signal', {
        assemblyId: assembly.id,
        to: b.id,
        data: { type: 'offer', sdp: `v=0${'x'.repeat(200_000)}` },
      }),
    ).toMatchObject({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } })
    expect(await refused(c, 'assembly:join', { assemblyId: assembly.id })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    })
    const pupil = await linked.sides[0]!.pupils[0]!.client.connectSocket()
    expect(await refused(pupil, 'assembly:join', { assemblyId: assembly.id })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    })
    expect((await linked.sides[0]!.pupils[0]!.client.post(`/api/assemblies/${assembly.id}/end`)).status).toBe(403)

    const later = (
      await linked.sides[0]!.teacher.client.post<Assembly>(`/api/links/${linked.link.id}/assemblies`, {
        title: 'Later',
        startsAt: new Date(Date.now() + 86_400_000).toISOString(),
      })
    ).body
    expect(later.status).toBe('scheduled')
    expect(await refused(a, 'assembly:join', { assemblyId: later.id })).toMatchObject({
      ok: false,
      error: { code: 'ASSEMBLY_NOT_OPEN' },
    })

    // After all that, a and b still talk.
    const arrives = nextEvent(b, 'assembly:signal')
    expect(await emitWithAck(a, 'assembly:signal', { assemblyId: assembly.id, to: b.id, data: OFFER })).toEqual({
      ok: true,
      data: null,
    })
    await arrives
    for (const s of [a, b, c, pupil]) s.disconnect()
  })

  it('keeps attendance and tells everyone when the host ends it', async () => {
    const linked = await createLinkedClasses(server)
    const assembly = await openAssembly(server, linked)
    const a = await linked.sides[0]!.teacher.client.connectSocket()
    const b = await linked.sides[1]!.teacher.client.connectSocket()
    await emitWithAck(a, 'assembly:join', { assemblyId: assembly.id })
    await emitWithAck(b, 'assembly:join', { assemblyId: assembly.id })
    const ended = nextEvent<{ status: string }>(a, 'assembly:status')
    await linked.sides[1]!.teacher.client.post(`/api/assemblies/${assembly.id}/end`)
    expect((await ended).status).toBe('ended')
    const attendance = await linked.sides[0]!.teacher.client.get<{ classId: string }[]>(
      `/api/assemblies/${assembly.id}/attendance`,
    )
    expect(attendance.body.map((r) => r.classId).sort()).toEqual(linked.sides.map((s) => s.schoolClass.id).sort())
    for (const s of [a, b]) s.disconnect()
  })
})

if (multiNodeSkipReason) console.warn(multiNodeSkipReason)
describe.skipIf(Boolean(multiNodeSkipReason))('assemblies across two server nodes', () => {
  it('two classes on different nodes see each other and exchange signals', async () => {
    const { nodes, close } = await startNodes(2)
    try {
      const linked = await createLinkedClasses(nodes[0]!)
      const assembly = await openAssembly(nodes[0]!, linked)
      const a = await linked.sides[0]!.teacher.client.connectSocket()
      const onB = new TestClient(nodes[1]!.url)
      onB.cookie = linked.sides[1]!.teacher.client.cookie
      const b = await onB.connectSocket()
      await emitWithAck(a, 'assembly:join', { assemblyId: assembly.id })
      const joined = await emitWithAck<{ peers: Peer[] }>(b, 'assembly:join', { assemblyId: assembly.id })
      expect(joined.ok && joined.data.peers.map((p) => p.peerId)).toEqual([a.id])
      const arrives = nextEvent<{ from: string }>(a, 'assembly:signal')
      expect(await emitWithAck(b, 'assembly:signal', { assemblyId: assembly.id, to: a.id, data: OFFER })).toEqual({
        ok: true,
        data: null,
      })
      expect((await arrives).from).toBe(b.id)
      a.disconnect()
      b.disconnect()
    } finally {
      await close()
    }
  })
})
