import fs from 'node:fs'
import path from 'node:path'
import SQLite from 'better-sqlite3'
import {
  CamelCasePlugin,
  Kysely,
  Migrator,
  PostgresDialect,
  SqliteDialect,
  sql,
  type Migration,
  type MigrationProvider,
} from 'kysely'
import pg from 'pg'
import type { Dialect } from './migrations/helpers.js'
import { migrations } from './migrations/index.js'
import type { Database } from './schema.js'
import { ambientDatabase, inTransaction } from './transaction.js'

// PostgreSQL returns bigint (counts, bigserial) as strings; every such value here fits a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value))

export interface Storage {
  /** Inside `transaction(fn)` queries go to that transaction (see transaction.ts), elsewhere to the pool. */
  db: Kysely<Database>
  /** Runs `fn` as one transaction; live events queued with `afterCommit` go out after it commits. */
  transaction<T>(fn: () => Promise<T>): Promise<T>
  dialect: Dialect
  /** Throws when the database does not answer. */
  ping(): Promise<void>
  close(): Promise<void>
}

export type StorageOptions =
  | { kind: 'postgres'; databaseUrl: string }
  | { kind: 'sqlite'; /** A file path, or ':memory:' for tests. */ file: string }

export async function openStorage(options: StorageOptions): Promise<Storage> {
  const plugins = [new CamelCasePlugin()]
  let db: Kysely<Database>
  if (options.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10 })
    // An idle connection dropped by the server (a restart, a failover) must not crash the process:
    // the pool discards it and the next query opens a fresh one.
    pool.on('error', () => {})
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins })
  } else {
    if (options.file !== ':memory:') fs.mkdirSync(path.dirname(options.file), { recursive: true })
    const sqlite = new SQLite(options.file)
    sqlite.pragma('journal_mode = WAL')
    sqlite.pragma('foreign_keys = ON')
    sqlite.pragma('busy_timeout = 5000')
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }), plugins })
  }
  const root = db
  const storage: Storage = {
    db: ambientDatabase(root),
    transaction: (fn) => inTransaction(root, fn),
    dialect: options.kind,
    ping: async () => {
      await sql`select 1`.execute(db)
    },
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
