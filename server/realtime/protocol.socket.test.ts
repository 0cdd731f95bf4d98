import { io as connect } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PROTOCOL_VERSION } from '../../shared/errors.js'
import { registerTeacher, type TeacherFixture } from '../test/people.js'
import { startTestServer, type TestServer } from '../test/server.js'
import { isClientTooOld } from './protocol.js'

describe('isClientTooOld', () => {
  it.each([
    [{ protocolVersion: PROTOCOL_VERSION }, false],
    [{ protocolVersion: PROTOCOL_VERSION + 1 }, false],
    [{}, false],
    [undefined, false],
    [{ protocolVersion: PROTOCOL_VERSION - 1 }, true],
    [{ protocolVersion: '1' }, true],
    [{ protocolVersion: 1.5 }, true],
    [{ protocolVersion: null }, true],
  ])('%j → %s', (auth, tooOld) => {
    expect(isClientTooOld(auth)).toBe(tooOld)
  })
})

describe('the socket handshake carries the protocol version', () => {
  let server: TestServer
  let teacher: TeacherFixture
  beforeAll(async () => {
    server = await startTestServer()
    teacher = await registerTeacher(server.url)
  })
  afterAll(() => server?.close())

  /** Opens a socket with the teacher's cookie and the given auth; resolves with how the handshake ended. */
  function handshake(auth: Record<string, unknown>): Promise<{ connected: boolean; message?: string; data?: unknown }> {
    const socket = connect(server.url, {
      transports: ['websocket'],
      extraHeaders: { cookie: teacher.client.cookie },
      reconnection: false,
      forceNew: true,
      auth,
    })
    return new Promise((resolve) => {
      socket.once('connect', () => {
        socket.disconnect()
        resolve({ connected: true })
      })
      socket.once('connect_error', (error: Error & { data?: unknown }) => {
        socket.disconnect()
        resolve({ connected: false, message: error.message, data: error.data })
      })
    })
  }

  it('lets in a client of this version', async () => {
    expect(await handshake({ protocolVersion: PROTOCOL_VERSION })).toEqual({ connected: true })
  })

  it('refuses an older client with a connect_error whose data says CLIENT_TOO_OLD', async () => {
    expect(await handshake({ protocolVersion: PROTOCOL_VERSION - 1 })).toEqual({
      connected: false,
      message: 'CLIENT_TOO_OLD',
      data: { code: 'CLIENT_TOO_OLD', protocolVersion: PROTOCOL_VERSION },
    })
  })

  it('refuses a version that is not a whole number', async () => {
    expect(await handshake({ protocolVersion: 'latest' })).toMatchObject({
      connected: false,
      data: { code: 'CLIENT_TOO_OLD' },
    })
  })
})
