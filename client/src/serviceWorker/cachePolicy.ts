/**
 * What the service worker keeps of the API, decided apart from Workbox so it can be tested in Node.
 * Everything kept belongs to one person: the one `/api/session` (or `/api/me`) last named (see `ownerOf`).
 */

/** The signed-in person's last-seen API answers (board, thread, wall, letters...). */
export const API_CACHE = 'bridges-api'
/** Pictures the signed-in person was allowed to see. */
export const MEDIA_CACHE = 'bridges-media'
/** Built files outside the precache (teachers' pages, languages), kept when first used: nobody's data. */
export const ASSET_CACHE = 'bridges-assets'
/** Both are wiped whenever the person may have changed. */
export const USER_CACHES = [API_CACHE, MEDIA_CACHE] as const
/** A made-up address inside API_CACHE that remembers whose answers the cache holds. */
export const OWNER_KEY = '/__bridges/cache-owner'

export type ApiRule =
  /** Network first, the last answer when the line is down. */
  | 'network-first'
  /** Pictures: they never change under an id, so the kept copy first. */
  | 'media'
  /** Signing in or out: the next answers are someone else's, so forget what is kept. */
  | 'session'
  /** Not the service worker's business (straight to the network). */
  | 'pass'

/**
 * The reading a pupil does on a slow line, and only that: who she is, her links, their boards, threads
 * and wall. Nothing else is kept (pupils' sign-in codes, TURN credentials, moderation, audit...).
 */
const KEPT = [
  /^\/api\/(me|session)$/,
  /^\/api\/school$/,
  /^\/api\/links$/,
  /^\/api\/links\/[^/]+(\/(overview|boards|wall|penpals))?$/,
  /^\/api\/boards\/[^/]+(\/threads)?$/,
  /^\/api\/threads\/[^/]+$/,
  /^\/api\/forum\/boards$/,
]

export function apiRule(method: string, pathname: string): ApiRule {
  if (!pathname.startsWith('/api/')) return 'pass'
  if (pathname.startsWith('/api/auth/')) return method === 'GET' ? 'pass' : 'session'
  // Writes always go to the network: the outbox, not the cache, looks after them.
  if (method !== 'GET') return 'pass'
  if (/^\/api\/media\/[^/]+$/.test(pathname)) return 'media'
  return KEPT.some((pattern) => pattern.test(pathname)) ? 'network-first' : 'pass'
}

/**
 * Whether an answer may be kept: a full 200 the server did not mark `no-store`. (`private` is fine:
 * these caches belong to one person and are wiped when the person changes.)
 */
export function mayKeep(status: number, cacheControl: string | null): boolean {
  return status === 200 && !/no-store/i.test(cacheControl ?? '')
}

/** The answers that say who is signed in: each one decides whether what is kept stays. */
export const isIdentityPath = (pathname: string): boolean => pathname === '/api/session' || pathname === '/api/me'

/** The person an identity answer names, or null (nobody signed in, or an answer we cannot read). */
export function ownerOf(body: unknown): string | null {
  if (typeof body !== 'object' || body === null || !('user' in body)) return null
  const user = (body as { user: unknown }).user
  if (typeof user !== 'object' || user === null || !('id' in user)) return null
  const id = (user as { id: unknown }).id
  return typeof id === 'string' ? id : null
}
