import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Ack } from '../../shared/errors.js'
import type { Board } from '../../shared/schemas/boards.js'
import { createLinkedClasses, type LinkedClasses } from '../test/links.js'
import { startTestServer, type TestServer, type TestSocket } from '../test/server.js'

/** The socket without its event map: these tests send what a typed client never could. */
interface RawSocket {
  emit(event: string, ...args: unknown[]): void
}

/** Emits `args` (the acknowledgement appended last) and resolves with the answer, or 'no answer'. */
function call(socket: TestSocket, event: string, ...args: unknown[]): Promise<Ack<unknown> | 'no answer'> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('no answer'), 2000)
    ;(socket as unknown as RawSocket).emit(event, ...args, (res: Ack<unknown>) => {
      clearTimeout(timer)
      resolve(res)
    })
  })
}

const refused = (code: string) => ({ ok: false, error: expect.objectContaining({ code, message: expect.any(String) }) })

let server: TestServer
let linked: LinkedClasses
let board: Board
let socket: TestSocket
const unhandled: unknown[] = []
const onUnhandled = (reason: unknown) => unhandled.push(reason)
beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled)
  server = await startTestServer()
  linked = await createLinkedClasses(server, { pupilsPerClass: 1 })
  const teacher = linked.sides[0]!.teacher.client
  board = (await teacher.post<Board>(`/api/links/${linked.link.id}/boards`, { title: 'Edges' })).body
  socket = await linked.sides[0]!.pupils[0]!.client.connectSocket()
})
afterAll(async () => {
  socket?.disconnect()
  await server?.close()
  process.off('unhandledRejection', onUnhandled)
})

describe('every socket event answers a malformed call', () => {
  it('finds the acknowledgement after extra arguments and refuses the call', async () => {
    expect(await call(socket, 'board:join', { boardId: board.id }, 'extra', 42)).toEqual(refused('INVALID_PAYLOAD'))
    expect(await call(socket, 'session:whoami', {}, {})).toEqual(refused('INVALID_PAYLOAD'))
  })

  it.each([
    ['a string', 'board'],
    ['a number', 42],
    ['null', null],
    ['an array', [{ boardId: '00000000-0000-4000-8000-000000000000' }]],
    ['a boolean', true],
  ])('refuses %s as the payload with INVALID_PAYLOAD', async (_label, payload) => {
    expect(await call(socket, 'board:join', payload)).toEqual(refused('INVALID_PAYLOAD'))
  })

  it('refuses a call with nothing but the acknowledgement', async () => {
    expect(await call(socket, 'link:join')).toEqual(refused('INVALID_PAYLOAD'))
  })

  it('refuses an oversized or deeply nested payload before parsing it', async () => {
    const assemblyId = '00000000-0000-4000-8000-000000000000'
    expect(await call(socket, 'assembly:chat', { assemblyId, text: 'x'.repeat(70_000) })).toEqual(
      refused('PAYLOAD_TOO_LARGE'),
    )
    let deep: unknown = {}
    for (let i = 0; i < 100; i++) deep = { a: deep }
    expect(await call(socket, 'board:join', { boardId: board.id, extra: deep })).toEqual(refused('PAYLOAD_TOO_LARGE'))
  })

  it('lets signalling carry a full SDP (its own larger cap)', async () => {
    const assemblyId = '00000000-0000-4000-8000-000000000000'
    const sdp = 'v=0\r\n' + 'a=x\r\n'.repeat(15_000)
    // Refused for not being in the assembly: the size was fine.
    expect(await call(socket, 'assembly:signal', { assemblyId, to: 'abc', data: { type: 'offer', sdp } })).toEqual(
      refused('FORBIDDEN'),
    )
  })

  it('names the field holding a NUL', async () => {
    const res = await call(socket, 'board:join', { boardId: `${board.id}\u0000` })
    expect(res).toEqual(refused('INVALID_PAYLOAD'))
    expect((res as { error: { fields: Record<string, string> } }).error.fields).toHaveProperty(['boardId'])
  })

  it('runs a call without an acknowledgement, answers nothing and throws nothing', async () => {
    const raw = socket as unknown as RawSocket
    raw.emit('board:join', { boardId: board.id })
    raw.emit('board:join', 'not even an object')
    raw.emit('board:join')
    raw.emit('board:join', { boardId: 'not a uuid' }, 'and', 'extras')
    // The socket still works, and nothing went unhandled on the server.
    expect(await call(socket, 'session:whoami', {})).toMatchObject({
      ok: true,
      data: { id: linked.sides[0]!.pupils[0]!.user.id },
    })
    expect(socket.connected).toBe(true)
    expect(unhandled).toEqual([])
  })

  it('answers a well-formed call as before', async () => {
    expect(await call(socket, 'board:join', { boardId: board.id })).toMatchObject({ ok: true, data: { events: [] } })
  })
})
