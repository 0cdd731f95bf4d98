import { AsyncLocalStorage } from 'node:async_hooks'
import { inTransactionNow } from './transaction.js'

/**
 * Reads remembered for the length of one read request (GET or HEAD), so a fact several checks ask
 * for — the link and its classes, asked by each authorisation of the same link — is read once.
 * The memo lives in the request's async context only: it never outlives the request and is never
 * seen by another one. Only facts that are the same for every reader are kept (never what one
 * person may see), and nothing is remembered inside a transaction, where a write may change them.
 */
const scope = new AsyncLocalStorage<Map<string, Promise<unknown>>>()

/** Runs `fn` (the rest of a read request) with a fresh memo. */
export function withReadScope<T>(fn: () => T): T {
  return scope.run(new Map(), fn)
}

/** `load()` once per key within the current read request; outside one, every time. */
export function readOnce<T>(key: string, load: () => Promise<T>): Promise<T> {
  const memo = scope.getStore()
  if (!memo || inTransactionNow()) return load()
  let kept = memo.get(key) as Promise<T> | undefined
  if (!kept) {
    kept = load()
    memo.set(key, kept)
    // A failed read is not remembered: the next asker tries again.
    kept.catch(() => memo.delete(key))
  }
  return kept
}

/** Drops what the current request remembered under `key` (after a write to it). */
export function forgetRead(key: string): void {
  scope.getStore()?.delete(key)
}

/** Whether the caller runs within a read request (tests count the statements a request runs). */
export function inReadScope(): boolean {
  return scope.getStore() !== undefined
}
