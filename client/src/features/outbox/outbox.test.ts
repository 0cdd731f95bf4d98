import { describe, expect, it } from 'vitest'
import type { ApiError } from '../../../../shared/errors.js'
import { ApiRequestError } from '../../api/http.js'
import { isTemporary, memoryStore, Outbox, type OutboxEntry, type OutboxEvent } from './outbox.js'

const letter = (id: string, userId = 'amara', body = `letter ${id}`) => ({
  id,
  userId,
  scope: 'wall:link-1',
  path: '/links/link-1/wall',
  input: { kind: 'letter', body },
})
const refusal = (status: number, code: ApiError['code']) => new ApiRequestError(status, { code, message: 'refused' })

/** A server stand-in: answers each request with the next scripted outcome, records what it was sent. */
function fakeServer(outcomes: (unknown | Error)[] = []) {
  const received: { path: string; key: string; input: unknown }[] = []
  const send = (entry: OutboxEntry) => {
    received.push({ path: entry.path, key: entry.id, input: entry.input })
    const next = outcomes.shift() ?? { id: `item-${received.length}`, status: 'held' }
    return next instanceof Error ? Promise.reject(next) : Promise.resolve(next)
  }
  return { received, send }
}

function setUp(options: { outcomes?: (unknown | Error)[]; signedIn?: string | null; kept?: OutboxEntry[] } = {}) {
  const store = memoryStore(options.kept)
  const server = fakeServer(options.outcomes)
  let signedIn = options.signedIn === undefined ? 'amara' : options.signedIn
  const outbox = new Outbox({ store, send: server.send, signedInUser: () => Promise.resolve(signedIn) })
  const events: OutboxEvent[] = []
  outbox.subscribe((event) => events.push(event))
  return { store, server, outbox, events, signIn: (user: string | null) => (signedIn = user) }
}

describe('outbox', () => {
  it('sends a kept letter once, with its key, and forgets it', async () => {
    const { outbox, server, store, events } = setUp()
    await outbox.add(letter('key-1'))
    await Promise.all([outbox.flush(), outbox.flush()])
    await outbox.flush()
    expect(server.received).toEqual([
      { path: '/links/link-1/wall', key: 'key-1', input: { kind: 'letter', body: 'letter key-1' } },
    ])
    expect(store.entries.size).toBe(0)
    expect(outbox.snapshot()).toEqual([])
    expect(events.filter((e) => e.type === 'sent')).toHaveLength(1)
  })

  it('keeps letters waiting while the line is down, and sends them in order when it returns', async () => {
    const { outbox, server, store } = setUp({
      outcomes: [new ApiRequestError(0, { code: 'INTERNAL', message: 'network' })],
    })
    await outbox.add(letter('key-1'))
    await outbox.add(letter('key-2'))
    await outbox.flush()
    expect(server.received.map((r) => r.key)).toEqual(['key-1'])
    expect([...store.entries.values()].map((e) => e.status)).toEqual(['waiting', 'waiting'])
    await outbox.flush()
    expect(server.received.map((r) => r.key)).toEqual(['key-1', 'key-1', 'key-2'])
    expect(store.entries.size).toBe(0)
  })

  it('survives a restart: a new outbox over the same store sends what the old one kept', async () => {
    const first = setUp({ signedIn: null })
    await first.outbox.add(letter('key-1'))
    await first.outbox.flush()
    expect(first.server.received).toEqual([])
    const second = setUp({ kept: [...first.store.entries.values()] })
    await second.outbox.flush()
    expect(second.server.received.map((r) => r.key)).toEqual(['key-1'])
  })

  it('surfaces a refusal with its code and keeps the text, without sending it again', async () => {
    const { outbox, server, store } = setUp({ outcomes: [refusal(403, 'LINK_NOT_ACTIVE')] })
    await outbox.add(letter('key-1', 'amara', 'Dear friends'))
    await outbox.add(letter('key-2'))
    await outbox.flush()
    const refused = store.entries.get('key-1')
    expect(refused?.status).toBe('refused')
    expect(refused?.refusal).toEqual({ status: 403, error: { code: 'LINK_NOT_ACTIVE', message: 'refused' } })
    expect(refused?.input).toEqual({ kind: 'letter', body: 'Dear friends' })
    // The next one still went.
    expect(store.entries.has('key-2')).toBe(false)
    await outbox.flush()
    expect(server.received.map((r) => r.key)).toEqual(['key-1', 'key-2'])
    // Discarding (or taking the text back to edit it) forgets it.
    await outbox.remove('key-1')
    expect(store.entries.size).toBe(0)
  })

  it('sends only the signed-in person’s letters: never one pupil’s under another’s session', async () => {
    const { outbox, server, signIn } = setUp({ signedIn: 'baraka' })
    await outbox.add(letter('amara-1', 'amara'))
    await outbox.add(letter('baraka-1', 'baraka'))
    await outbox.flush()
    expect(server.received.map((r) => r.key)).toEqual(['baraka-1'])
    signIn(null)
    await outbox.flush()
    signIn('amara')
    await outbox.flush()
    expect(server.received.map((r) => r.key)).toEqual(['baraka-1', 'amara-1'])
  })

  it.each([
    [0, 'INTERNAL', true],
    [401, 'UNAUTHENTICATED', true],
    [408, 'REQUEST_TIMEOUT', true],
    [429, 'RATE_LIMITED', true],
    [503, 'INTERNAL', true],
    [409, 'IN_PROGRESS', true],
    [400, 'INVALID_PAYLOAD', false],
    [403, 'FORBIDDEN', false],
    [409, 'PHOTO_CONSENT_MISSING', false],
    [413, 'PAYLOAD_TOO_LARGE', false],
  ] as const)('a %i %s is temporary: %s', (status, code, temporary) => {
    expect(isTemporary(refusal(status, code))).toBe(temporary)
  })
})
