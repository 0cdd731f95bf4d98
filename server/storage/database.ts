import fs from 'node:fs'
import path from 'node:path'
import SQLite from 'better-sqlite3'
import {
  Kysely,
  Migrator,
  PostgresDialect,
  SqliteDialect,
  sql,
  type LogEvent,
  type Migration,
  type MigrationProvider,
} from 'kysely'
import pg from 'pg'
import type { Logger } from 'pino'
import type { Dialect } from './migrations/helpers.js'
import { migrations } from './migrations/index.js'
import { createPostgresPool } from './postgresPool.js'
import type { Database } from './schema.js'
import { CamelCaseRowsPlugin, snakeCaseDialect } from './snakeCase.js'
import { ambientDatabase, inTransaction } from './transaction.js'

// PostgreSQL returns bigint (counts, bigserial) as strings; every such value here fits a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value))

export interface Storage {
  /** Inside `transaction(fn)` queries go to that transaction (see transaction.ts), elsewhere to the pool. */
  db: Kysely<Database>
  /** Runs `fn` as one transaction; live events queued with `afterCommit` go out after it commits. */
  transaction<T>(fn: () => Promise<T>): Promise<T>
  dialect: Dialect
  /** Throws when the database does not answer (within a couple of seconds: a health check never hangs). */
  ping(): Promise<void>
  close(): Promise<void>
}

export type StorageOptions = (
  | { kind: 'postgres'; databaseUrl: string }
  | { kind: 'sqlite'; /** A file path, or ':memory:' for tests. */ file: string }
) & {
  /** Hears every statement run (tests and benchmarks count queries per request); unset in production. */
  onQuery?: (sql: string) => void
}

/** Opens and migrates the database; `logger` hears of PostgreSQL connections lost (a restart, a failover). */
export async function openStorage(options: StorageOptions, logger?: Logger): Promise<Storage> {
  const plugins = [new CamelCaseRowsPlugin()]
  const { onQuery } = options
  const log = onQuery ? { log: (event: LogEvent) => onQuery(event.query.sql) } : {}
  let db: Kysely<Database>
  if (options.kind === 'postgres') {
    // A connection dropped by the server (a restart, a failover) never crashes the process: see createPostgresPool.
    const pool = createPostgresPool(options.databaseUrl, logger)
    db = new Kysely<Database>({ dialect: snakeCaseDialect(new PostgresDialect({ pool }), 'postgres'), plugins, ...log })
  } else {
    if (options.file !== ':memory:') fs.mkdirSync(path.dirname(options.file), { recursive: true })
    const sqlite = new SQLite(options.file)
    sqlite.pragma('journal_mode = WAL')
    sqlite.pragma('foreign_keys = ON')
    sqlite.pragma('busy_timeout = 5000')
    // SQLite's own lower() folds ASCII only: search must find "Ŵyl Dewi" from "ŵyl", as PostgreSQL does.
    sqlite.function('lower', { deterministic: true }, (value: unknown) =>
      typeof value === 'string' ? value.toLowerCase() : value,
    )
    db = new Kysely<Database>({
      dialect: snakeCaseDialect(new SqliteDialect({ database: withStatementCache(sqlite) }), 'sqlite'),
      plugins,
      ...log,
    })
  }
  const root = db
  const storage: Storage = {
    db: ambientDatabase(root),
    transaction: (fn) => inTransaction(root, fn),
    dialect: options.kind,
    ping: () => withTimeout(sql`select 1`.execute(db), PING_TIMEOUT_MS, 'the database did not answer in time'),
    close: () => db.destroy(),
  }
  try {
    await migrateToLatest(storage)
  } catch (error) {
    await storage.close()
    throw error
  }
  return storage
}

const PING_TIMEOUT_MS = 2000
const STATEMENTS_KEPT = 500

/**
 * Kysely prepares every statement afresh, and on SQLite preparing costs as much as running a small
 * query: keep the most recently used prepared statements by their SQL. Safe because Kysely runs one
 * statement at a time on its one SQLite connection.
 */
function withStatementCache(sqlite: SQLite.Database): SQLite.Database {
  const kept = new Map<string, SQLite.Statement>()
  const prepare = sqlite.prepare.bind(sqlite)
  const cached = (source: string) => {
    let statement = kept.get(source)
    if (statement) kept.delete(source)
    else statement = prepare(source)
    kept.set(source, statement)
    if (kept.size > STATEMENTS_KEPT) kept.delete(kept.keys().next().value!)
    return statement
  }
  return new Proxy(sqlite, {
    get(target, key) {
      if (key === 'prepare') return cached
      const value: unknown = Reflect.get(target, key)
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value
    },
  })
}

async function withTimeout(work: Promise<unknown>, ms: number, message: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => {
    // ETIMEDOUT: counted as "unavailable" (503), like any other database that does not answer.
    timer = setTimeout(() => reject(Object.assign(new Error(message), { code: 'ETIMEDOUT' })), ms)
  })
  try {
    await Promise.race([work, late])
  } finally {
    clearTimeout(timer)
  }
}

/** Storage as configured: PostgreSQL when a URL is given, else one SQLite file under the data dir. */
export function storageOptionsFor(config: { databaseUrl?: string; dataDir: string }): StorageOptions {
  return config.databaseUrl
    ? { kind: 'postgres', databaseUrl: config.databaseUrl }
    : { kind: 'sqlite', file: path.join(config.dataDir, 'bridges.sqlite') }
}

async function migrateToLatest(storage: Storage): Promise<void> {
  const provider: MigrationProvider = {
    getMigrations: async () =>
      Object.fromEntries(
        migrations.map((m): [string, Migration] => [
          m.name,
          // The migrator runs without the camel-case plugin: migrations write snake_case themselves.
          { up: (db) => m.up(db, storage.dialect) },
        ]),
      ),
  }
  // Features numbered in parallel can land out of order (0011 before 0010): each runs once, whichever came first.
  const migrator = new Migrator({ db: storage.db.withoutPlugins(), provider, allowUnorderedMigrations: true })
  const { error, results } = await migrator.migrateToLatest()
  const failed = results?.find((r) => r.status === 'Error')
  if (error) {
    const cause = error instanceof Error ? error.message : String(error)
    throw new Error(`Database migration ${failed?.migrationName ?? ''} failed: ${cause}`, { cause: error })
  }
}
