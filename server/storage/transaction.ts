import { AsyncLocalStorage } from 'node:async_hooks'
import type { Kysely } from 'kysely'
import type { Database } from './schema.js'

interface UnitOfWork {
  trx: Kysely<Database>
  /** Side effects (live events) that must happen only once the transaction has committed. */
  afterCommit: (() => void)[]
}

const current = new AsyncLocalStorage<UnitOfWork>()

/**
 * The database as repositories see it: inside `inTransaction` every query goes to that transaction,
 * outside it to the pool. Repositories keep their plain `db` and need not know, so a service makes a
 * write with side effects (item, queue row, audit entry, board event) one transaction by wrapping it.
 */
export function ambientDatabase(root: Kysely<Database>): Kysely<Database> {
  return new Proxy(root, {
    get(target, property) {
      const db = current.getStore()?.trx ?? target
      const value: unknown = Reflect.get(db, property, db)
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(db) : value
    },
  })
}

/** Whether the caller runs inside `inTransaction`. */
export function inTransactionNow(): boolean {
  return current.getStore() !== undefined
}

/** Runs `fn` in one transaction (joining the caller's if there is one); live events queued with `afterCommit` go out only after commit. */
export async function inTransaction<T>(root: Kysely<Database>, fn: () => Promise<T>): Promise<T> {
  if (current.getStore()) return fn()
  const unit: UnitOfWork = { trx: root, afterCommit: [] }
  const result = await root.transaction().execute((trx) => {
    unit.trx = trx
    unit.afterCommit = []
    return current.run(unit, fn)
  })
  for (const effect of unit.afterCommit) effect()
  return result
}

/**
 * Publishes after the surrounding transaction commits (at once when there is none): a live event
 * never announces what a rollback then takes back, and never goes out before readers can see it.
 */
export function afterCommit(effect: () => void): void {
  const unit = current.getStore()
  if (unit) unit.afterCommit.push(effect)
  else effect()
}
