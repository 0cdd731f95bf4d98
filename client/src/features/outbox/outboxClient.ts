import { createStore, del, entries, set } from 'idb-keyval'
import { apiGet, apiPost } from '../../api/http.js'
import { Outbox, type OutboxEntry, type OutboxStore } from './outbox.js'

/** How often waiting writes are tried again while the browser thinks it is online (a restarting server fires no event). */
const RETRY_WAITING_MS = 30_000

/** IndexedDB: unlike memory, it survives closing the browser; unlike localStorage, it is not read on every page load. */
function indexedDbStore(): OutboxStore {
  const db = createStore('bridges-outbox', 'entries')
  return {
    all: async () => (await entries<string, OutboxEntry>(db)).map(([, entry]) => entry),
    put: (entry) => set(entry.id, entry, db),
    delete: (id) => del(id, db),
  }
}

/** This browser's outbox: letters and posts written with no connection, for everyone who signs in here. */
export const outbox = new Outbox({
  store: indexedDbStore(),
  send: (entry) => apiPost<unknown>(entry.path, entry.input, { idempotencyKey: entry.id }),
  signedInUser: async () => (await apiGet<{ user: { id: string } | null }>('/session')).user?.id ?? null,
})

let started = false

/** Sends what waits now (the app is starting), when the line comes back, and every little while. */
export function startOutbox(): void {
  if (started || typeof indexedDB === 'undefined') return
  started = true
  const flush = () => {
    if (navigator.onLine) void outbox.flush()
  }
  window.addEventListener('online', flush)
  window.setInterval(flush, RETRY_WAITING_MS)
  void outbox.load().then(flush)
}
