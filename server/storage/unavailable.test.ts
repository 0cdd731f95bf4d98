import { describe, expect, it } from 'vitest'
import { isUnavailableError } from './unavailable.js'

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code })
const named = (name: string) => Object.assign(new Error('x'), { name })

describe('isUnavailableError', () => {
  it.each([
    ['a refused connection', withCode('ECONNREFUSED')],
    ['a reset connection', withCode('ECONNRESET')],
    ['admin_shutdown (pg_ctl stop)', withCode('57P01', 'terminating connection due to administrator command')],
    ['the database starting up', withCode('57P03', 'the database system is starting up')],
    ['a connection exception (class 08)', withCode('08006')],
    ['too many connections', withCode('53300')],
    ['pg: connection terminated', new Error('Connection terminated unexpectedly')],
    ['pg-pool: connect time-out', new Error('timeout exceeded when trying to connect')],
    ['pg: a broken client', new Error('Client has encountered a connection error and is not queryable')],
    ['node-redis: offline', named('ClientOfflineError')],
    ['the Redis adapter: other nodes silent', new Error('timeout reached while waiting for fetchSockets response')],
    ['node-redis: socket closed', named('SocketClosedUnexpectedlyError')],
    [
      'a cause two levels down',
      new Error('outer', { cause: new Error('middle', { cause: withCode('ECONNREFUSED') }) }),
    ],
    ['one of an AggregateError', new AggregateError([withCode('ECONNREFUSED')], 'connect failed')],
  ])('%s is unavailable', (_what, error) => {
    expect(isUnavailableError(error)).toBe(true)
  })

  it.each([
    ['a unique violation', withCode('23505')],
    ['a syntax error', withCode('42601')],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a destroyed Kysely', new Error('driver has already been destroyed')],
    ['not an error', 'ECONNREFUSED'],
    ['nothing', undefined],
  ])('%s is not', (_what, error) => {
    expect(isUnavailableError(error)).toBe(false)
  })
})
