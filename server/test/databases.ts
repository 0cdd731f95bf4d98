import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { openStorage, type Storage } from '../storage/database.js'

export interface TestDialect {
  name: 'sqlite' | 'postgres'
  /** A fresh, migrated, empty database; close() also removes it. */
  open(): Promise<Storage>
}

const postgresUrl = process.env.DATABASE_URL

let warned = false
function warnOnceWithoutPostgres() {
  if (postgresUrl || warned) return
  warned = true
  console.warn('PostgreSQL tests skipped: DATABASE_URL is not set (.ci/run sets it).')
}

/**
 * Creates a throw-away database on the server of DATABASE_URL, so parallel test files never meet.
 * Under Vitest it is a copy of the run's migrated template (see globalSetup.ts): migrating it again
 * finds nothing to do. Elsewhere (the browser tests' nodes) it starts empty.
 */
export async function createScratchPostgresDatabase(baseUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `bridges_t_${randomBytes(6).toString('hex')}`
  const template = baseUrl === process.env.DATABASE_URL ? process.env.BRIDGES_PG_TEMPLATE : undefined
  const admin = new pg.Client({ connectionString: baseUrl })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name}${template && /^\w+$/.test(template) ? ` TEMPLATE ${template}` : ''}`)
  await admin.end()
  const url = new URL(baseUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: baseUrl })
      await client.connect()
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await client.end()
    },
  }
}

const sqlite: TestDialect = {
  name: 'sqlite',
  open: () => openStorage({ kind: 'sqlite', file: ':memory:' }),
}

const postgres: TestDialect = {
  name: 'postgres',
  async open() {
    const scratch = await createScratchPostgresDatabase(postgresUrl as string)
    const storage = await openStorage({ kind: 'postgres', databaseUrl: scratch.url })
    return {
      ...storage,
      async close() {
        await storage.close()
        await scratch.drop()
      },
    }
  },
}

/** SQLite always; PostgreSQL too when DATABASE_URL is set. Use with describe.each for contract suites. */
export function testDialects(): TestDialect[] {
  warnOnceWithoutPostgres()
  return postgresUrl ? [sqlite, postgres] : [sqlite]
}
