import { io as connect } from 'socket.io-client'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Board } from '../../shared/schemas/boards.js'
import { createLinkedClasses, type LinkedClasses } from '../test/links.js'
import { nextEvent, startTestServer, type TestClient, type TestServer, type TestSocket } from '../test/server.js'

const PARTNER = 'https://partner.example.org'

let server: TestServer
let linked: LinkedClasses
let teacher: TestClient
const opened: TestSocket[] = []
beforeAll(async () => {
  server = await startTestServer({ env: { ALLOWED_ORIGINS: PARTNER } })
  linked = await createLinkedClasses(server, { pupilsPerClass: 1 })
  teacher = linked.sides[0]!.teacher.client
})
afterEach(() => {
  for (const socket of opened.splice(0)) socket.disconnect()
})
afterAll(() => server?.close())

type Transport = 'websocket' | 'polling'

/** A socket with the teacher's cookie and the given headers, as a page somewhere would open it; records every event. */
async function open(transport: Transport, headers: Record<string, string>) {
  const socket: TestSocket = connect(server.url, {
    transports: [transport],
    extraHeaders: { cookie: teacher.cookie, ...headers },
    reconnection: false,
    forceNew: true,
  })
  opened.push(socket)
  const received: string[] = []
  socket.onAny((event: string) => received.push(event))
  const outcome = await new Promise<'connected' | 'refused'>((resolve) => {
    socket.once('connect', () => resolve('connected'))
    socket.once('connect_error', () => resolve('refused'))
  })
  return { socket, outcome, received }
}

describe('Socket.IO handshakes are held to the same origin rule as HTTP', () => {
  it.each<[string, Transport, Record<string, string>]>([
    ['a page on another host, over WebSocket', 'websocket', { origin: 'http://evil.example' }],
    ['a page on another host, over polling', 'polling', { origin: 'http://evil.example' }],
    ['a page on another port of the same host', 'websocket', { origin: 'http://127.0.0.1:1' }],
    ['Origin: null', 'websocket', { origin: 'null' }],
    ['a same-site page whose browser sent no Origin', 'polling', { 'sec-fetch-site': 'same-site' }],
  ])('refuses %s, the session cookie notwithstanding', async (_label, transport, headers) => {
    const { outcome, socket } = await open(transport, headers)
    expect(outcome).toBe('refused')
    expect(socket.connected).toBe(false)
  })

  it.each<[string, Transport, (ownUrl: string) => Record<string, string>]>([
    ['its own page, over WebSocket', 'websocket', (ownUrl) => ({ origin: ownUrl })],
    ['its own page, over polling', 'polling', (ownUrl) => ({ origin: ownUrl, 'sec-fetch-site': 'same-origin' })],
    [
      'its own page, over polling, whose browser sent no Origin (a same-origin GET)',
      'polling',
      () => ({ 'sec-fetch-site': 'same-origin' }),
    ],
    ['a page of ALLOWED_ORIGINS', 'websocket', () => ({ origin: PARTNER })],
    ['no browser at all (no Origin, as Node sends)', 'websocket', () => ({})],
  ])('accepts %s', async (_label, transport, headers) => {
    const { outcome } = await open(transport, headers(server.url))
    expect(outcome).toBe('connected')
  })

  it('a refused socket receives nothing of the school’s held posts; the teacher’s own page does', async () => {
    const board = (await teacher.post<Board>(`/api/links/${linked.link.id}/boards`, { title: 'Our rivers' })).body
    const own = await open('websocket', { origin: server.url })
    const evil = await Promise.all([
      open('websocket', { origin: 'http://evil.example' }),
      open('polling', { origin: 'http://localhost:9' }),
    ])

    const counted = nextEvent<{ count: number }>(own.socket, 'moderation:count')
    const pupil = linked.sides[0]!.pupils[0]!.client
    expect(
      (await pupil.post(`/api/boards/${board.id}/threads`, { title: 'The Thames', body: 'We live near the river' }))
        .status,
    ).toBe(201)
    expect((await counted).count).toBeGreaterThan(0)
    // Sent to the same room at the same moment: a leak would have arrived by now, give or take.
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(evil.flatMap((e) => e.received)).toEqual([])
    expect(evil.map((e) => e.outcome)).toEqual(['refused', 'refused'])
  })
})
