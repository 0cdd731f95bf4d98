import { describe, expect, it } from 'vitest'
import { apiRule, mayKeep, ownerOf } from './cachePolicy.js'

describe('what the service worker keeps', () => {
  it.each([
    ['GET', '/api/me', 'network-first'],
    ['GET', '/api/session', 'network-first'],
    ['GET', '/api/links', 'network-first'],
    ['GET', '/api/links/l1', 'network-first'],
    ['GET', '/api/links/l1/wall', 'network-first'],
    ['GET', '/api/links/l1/boards', 'network-first'],
    ['GET', '/api/boards/b1', 'network-first'],
    ['GET', '/api/boards/b1/threads', 'network-first'],
    ['GET', '/api/threads/t1', 'network-first'],
    ['GET', '/api/media/m1', 'media'],
    // Secrets and teachers' tools are never kept.
    ['GET', '/api/classes/c1/pupils', 'pass'],
    ['GET', '/api/assemblies/a1/ice', 'pass'],
    ['GET', '/api/moderation/queue', 'pass'],
    ['GET', '/api/links/l1/audit', 'pass'],
    ['GET', '/api/health', 'pass'],
    ['GET', '/api/auth/anything', 'pass'],
    // Signing in or out forgets what was kept; other writes go straight to the network.
    ['POST', '/api/auth/sign-in', 'session'],
    ['POST', '/api/auth/sign-out', 'session'],
    ['POST', '/api/links/l1/wall', 'pass'],
    ['PATCH', '/api/me', 'pass'],
    ['GET', '/assets/index.js', 'pass'],
  ])('%s %s: %s', (method, path, rule) => {
    expect(apiRule(method, path)).toBe(rule)
  })

  it('keeps full answers only, never no-store ones', () => {
    expect(mayKeep(200, 'private, max-age=86400')).toBe(true)
    expect(mayKeep(200, null)).toBe(true)
    expect(mayKeep(200, 'no-store')).toBe(false)
    expect(mayKeep(206, null)).toBe(false)
    expect(mayKeep(401, null)).toBe(false)
  })

  it('reads whose answers they are from /api/session (or /api/me)', () => {
    expect(ownerOf({ user: { id: 'u1', role: 'pupil' }, school: {} })).toBe('u1')
    expect(ownerOf({ user: null, school: null })).toBeNull()
    expect(ownerOf(null)).toBeNull()
    expect(ownerOf({ user: { id: 7 } })).toBeNull()
  })
})
