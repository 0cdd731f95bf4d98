import type { ApiError } from '../../../../shared/errors.js'
import { ApiRequestError } from '../../api/http.js'

/** Something a pupil wrote that has not reached the server yet. */
export interface OutboxEntry {
  /** Also the write's Idempotency-Key, from its first attempt until it has gone: never posted twice. */
  id: string
  /** Whose it is: only sent while that person is signed in on this device, only shown to them. */
  userId: string
  /** Where it was written, such as `wall:<linkId>` or `thread:<threadId>`: the page that lists it. */
  scope: string
  /** The API path it is POSTed to. */
  path: string
  input: unknown
  status: 'waiting' | 'refused'
  /** Why the server refused it (shown through the errors namespace), with the HTTP status. */
  refusal?: { status: number; error: ApiError }
  createdAt: number
}

/** Where entries are kept; IndexedDB in the browser (survives closing it), memory in tests. */
export interface OutboxStore {
  all(): Promise<OutboxEntry[]>
  put(entry: OutboxEntry): Promise<void>
  delete(id: string): Promise<void>
}

export type OutboxEvent = { type: 'changed' } | { type: 'sent'; entry: OutboxEntry; result: unknown }

export interface OutboxDeps {
  store: OutboxStore
  /** POSTs entry.input to entry.path with entry.id as the Idempotency-Key; resolves with the answer. */
  send: (entry: OutboxEntry) => Promise<unknown>
  /** Who the server says is signed in now (null when nobody is or it cannot be told). */
  signedInUser: () => Promise<string | null>
}

/**
 * Worth trying again later with the same key: no answer, a timeout, a limit, a server restarting or
 * failing, or the first attempt still running. A 401 waits too: the session ended, not the letter —
 * it goes once its writer signs in again. Any other 4xx is a refusal the writer must see.
 */
export function isTemporary(error: unknown): boolean {
  if (!(error instanceof ApiRequestError)) return true
  const { status } = error
  if (status === 0 || status === 401 || status === 408 || status === 429 || status >= 500) return true
  return status === 409 && error.error.code === 'IN_PROGRESS'
}

export class Outbox {
  private entries: OutboxEntry[] = []
  private readonly listeners = new Set<(event: OutboxEvent) => void>()
  private loaded: Promise<void> | null = null
  private flushing: Promise<void> | null = null

  constructor(private readonly deps: OutboxDeps) {}

  /** Reads what the store kept (from an earlier visit); later calls reuse the first read. */
  load(): Promise<void> {
    this.loaded ??= this.deps.store.all().then((entries) => {
      this.entries = entries.sort((a, b) => a.createdAt - b.createdAt)
      this.emit({ type: 'changed' })
    })
    return this.loaded
  }

  /** The current entries (a new array after every change, so React can compare it). */
  snapshot(): readonly OutboxEntry[] {
    return this.entries
  }

  subscribe(listener: (event: OutboxEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Keeps a write that could not go now; it is tried again on flush. */
  async add(entry: Omit<OutboxEntry, 'status' | 'createdAt'>): Promise<void> {
    await this.load()
    const kept: OutboxEntry = { ...entry, status: 'waiting', createdAt: Date.now() }
    await this.deps.store.put(kept)
    this.entries = [...this.entries.filter((e) => e.id !== kept.id), kept]
    this.emit({ type: 'changed' })
  }

  /** Forgets an entry: the writer discards it, or takes its text back to edit it. */
  async remove(id: string): Promise<void> {
    await this.deps.store.delete(id)
    this.entries = this.entries.filter((e) => e.id !== id)
    this.emit({ type: 'changed' })
  }

  /**
   * Sends every waiting entry of whoever is signed in now, oldest first, one at a time. Never runs
   * twice at once (a second call joins the running one). Stops at the first temporary failure: the
   * line is still down, so the rest would fail too.
   */
  flush(): Promise<void> {
    this.flushing ??= this.sendWaiting().finally(() => {
      this.flushing = null
    })
    return this.flushing
  }

  private async sendWaiting(): Promise<void> {
    await this.load()
    if (!this.entries.some((e) => e.status === 'waiting')) return
    const userId = await this.deps.signedInUser().catch(() => null)
    if (!userId) return
    for (const entry of this.entries.filter((e) => e.status === 'waiting' && e.userId === userId)) {
      try {
        const result = await this.deps.send(entry)
        await this.remove(entry.id)
        this.emit({ type: 'sent', entry, result })
      } catch (error) {
        if (isTemporary(error)) return
        await this.refuse(entry, error as ApiRequestError)
      }
    }
  }

  private async refuse(entry: OutboxEntry, error: ApiRequestError): Promise<void> {
    const refused: OutboxEntry = { ...entry, status: 'refused', refusal: { status: error.status, error: error.error } }
    await this.deps.store.put(refused)
    this.entries = this.entries.map((e) => (e.id === entry.id ? refused : e))
    this.emit({ type: 'changed' })
  }

  private emit(event: OutboxEvent): void {
    for (const listener of this.listeners) listener(event)
  }
}

/** An in-memory store, for tests. */
export function memoryStore(initial: OutboxEntry[] = []): OutboxStore & { entries: Map<string, OutboxEntry> } {
  const entries = new Map(initial.map((e) => [e.id, e]))
  return {
    entries,
    all: () => Promise.resolve([...entries.values()]),
    put: (entry) => Promise.resolve(void entries.set(entry.id, entry)),
    delete: (id) => Promise.resolve(void entries.delete(id)),
  }
}
