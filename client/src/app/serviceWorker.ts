import { startOutbox } from '../features/outbox/outboxClient.js'
import { USER_CACHES } from '../serviceWorker/cachePolicy.js'

/**
 * Offline support: the service worker (production builds only — in development Vite serves modules
 * that change on every edit, and a worker caching them would serve stale code) and the outbox, which
 * sends what was written offline when the line comes back.
 */
export function startOfflineSupport(): void {
  startOutbox()
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return
  // The first visit asked the API before the worker controlled the page: once it does, it fetches
  // those answers again through its cache, so this first visit can already be read offline.
  if (!navigator.serviceWorker.controller) {
    navigator.serviceWorker.addEventListener('controllerchange', warmCache, { once: true })
  }
  const register = () => void navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined)
  if (document.readyState === 'complete') register()
  else window.addEventListener('load', register, { once: true })
}

function warmCache(): void {
  const urls = performance
    .getEntriesByType('resource')
    .map((entry) => entry.name)
    .filter((name) => /^\/(api|assets)\//.test(new URL(name, location.href).pathname))
  navigator.serviceWorker.controller?.postMessage({ type: 'warm', urls: [...new Set(urls)] })
}

/** Forgets the signed-in person's offline copies from the page itself (the worker may not control it). */
export async function forgetOfflineCopies(): Promise<void> {
  if (!('caches' in window)) return
  await Promise.all(USER_CACHES.map((name) => caches.delete(name))).catch(() => undefined)
}
