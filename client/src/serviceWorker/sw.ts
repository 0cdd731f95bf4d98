/// <reference lib="webworker" />
// The service worker (built by vite-plugin-pwa's injectManifest): the app shell and built assets
// precached, the signed-in person's last-seen pages of the API kept for reading with no connection.
import { clientsClaim, type WorkboxPlugin } from 'workbox-core'
import { ExpirationPlugin } from 'workbox-expiration'
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching'
import { NavigationRoute, registerRoute } from 'workbox-routing'
import { CacheFirst, NetworkFirst } from 'workbox-strategies'
import {
  API_CACHE,
  ASSET_CACHE,
  apiRule,
  isIdentityPath,
  mayKeep,
  MEDIA_CACHE,
  OWNER_KEY,
  ownerOf,
  USER_CACHES,
} from './cachePolicy.js'

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (string | { url: string; revision: string | null })[] }

// A new version takes over at once: the pages' drafts and outbox live in storage, not in memory.
void self.skipWaiting()
clientsClaim()
precacheAndRoute(self.__WB_MANIFEST)
cleanupOutdatedCaches()
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: [/^\/api\//, /^\/socket\.io\//] }))

/** Forgets everything kept for the person who was signed in. */
async function forgetPerson(): Promise<void> {
  await Promise.all(USER_CACHES.map((name) => caches.delete(name)))
}

/**
 * Keeps answers for one person at a time: a different person (or nobody) wipes the last one's first.
 * With no owner yet (a new worker, or just after signing in or out wiped everything), what is kept
 * came with the current session — often just before its own `/api/session` answer — so it stays.
 */
async function adoptOwner(userId: string | null): Promise<void> {
  const cache = await caches.open(API_CACHE)
  const kept = await cache.match(OWNER_KEY)
  const owner = kept ? await kept.text() : null
  if (owner === userId) return
  if (owner !== null || userId === null) await forgetPerson()
  if (userId) await (await caches.open(API_CACHE)).put(OWNER_KEY, new Response(userId))
}

const onePersonOnly: WorkboxPlugin = {
  async cacheWillUpdate({ request, response }) {
    if (!mayKeep(response.status, response.headers.get('cache-control'))) return null
    if (isIdentityPath(new URL(request.url).pathname)) {
      await adoptOwner(
        ownerOf(
          await response
            .clone()
            .json()
            .catch(() => null),
        ),
      )
    }
    return response
  },
  async fetchDidSucceed({ response }) {
    // Signed out (or the session ended): nothing kept may be shown to whoever comes next.
    if (response.status === 401) await forgetPerson()
    return response
  },
}

const apiStrategy = new NetworkFirst({ cacheName: API_CACHE, networkTimeoutSeconds: 4, plugins: [onePersonOnly] })
const mediaStrategy = new CacheFirst({
  cacheName: MEDIA_CACHE,
  plugins: [
    onePersonOnly,
    new ExpirationPlugin({ maxEntries: 300, maxAgeSeconds: 30 * 24 * 3600, purgeOnQuotaError: true }),
  ],
})

/**
 * Built files that are not precached (teachers' pages, the call, each language's texts): hashed names
 * never change, so the kept copy first; cached when a page first uses them.
 */
const assetStrategy = new CacheFirst({
  cacheName: ASSET_CACHE,
  plugins: [new ExpirationPlugin({ maxEntries: 200, purgeOnQuotaError: true })],
})
const isBuiltAsset = (url: URL) => url.origin === self.location.origin && url.pathname.startsWith('/assets/')

registerRoute(({ url }) => isBuiltAsset(url), assetStrategy)
registerRoute(
  ({ request, url }) =>
    url.origin === self.location.origin && apiRule(request.method, url.pathname) === 'network-first',
  apiStrategy,
)
registerRoute(
  ({ request, url }) => url.origin === self.location.origin && apiRule(request.method, url.pathname) === 'media',
  mediaStrategy,
)
registerRoute(
  ({ request, url }) => url.origin === self.location.origin && apiRule(request.method, url.pathname) === 'session',
  async ({ request }) => {
    // Before (a sign-out that never reaches the server still forgets) and after (answers to the old
    // session that arrived meanwhile).
    await forgetPerson()
    try {
      return await fetch(request)
    } finally {
      await forgetPerson()
    }
  },
  'POST',
)

/**
 * On the first visit the page asked the API before this worker controlled it: it sends the addresses
 * it read, and they are fetched again through the cache so they can be read offline from now on.
 */
self.addEventListener('message', (event) => {
  const data: unknown = event.data
  if (typeof data !== 'object' || data === null || (data as { type?: unknown }).type !== 'warm') return
  const urls = (data as { urls?: unknown }).urls
  if (!Array.isArray(urls)) return
  event.waitUntil(
    warm(
      urls.filter((u): u is string => typeof u === 'string'),
      event,
    ),
  )
})

async function warm(urls: string[], event: ExtendableEvent): Promise<void> {
  const addresses = urls.map((u) => new URL(u, self.location.origin))
  // Built files the first visit loaded before the worker was there (her language's texts among them).
  for (const url of addresses.filter(isBuiltAsset)) {
    const [, stored] = assetStrategy.handleAll({ request: new Request(url.href), event })
    await stored.catch(() => undefined)
  }
  const wanted = addresses
    .filter((url) => url.origin === self.location.origin && apiRule('GET', url.pathname) === 'network-first')
    // Whose answers these are comes first: it decides whether the cache is kept.
    .sort((a, b) => Number(isIdentityPath(b.pathname)) - Number(isIdentityPath(a.pathname)))
  for (const url of wanted) {
    // handleAll's second promise settles once the answer is in the cache, not just fetched.
    const [, stored] = apiStrategy.handleAll({ request: new Request(url.href, { credentials: 'same-origin' }), event })
    await stored.catch(() => undefined)
  }
  await notifyWarmed()
}

async function notifyWarmed(): Promise<void> {
  for (const client of await self.clients.matchAll({ type: 'window' })) client.postMessage({ type: 'warmed' })
}
