import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { openStorage } from '../storage/database.js'

/**
 * Vitest's global setup: when DATABASE_URL is set, migrates one PostgreSQL database once per run and
 * names it in BRIDGES_PG_TEMPLATE (inherited by the test workers), so each test file's scratch
 * database is a copy (`CREATE DATABASE … TEMPLATE`, about a second) instead of running every
 * migration again (several seconds each on a busy 2-core machine). Dropped again at the end.
 */
export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  const baseUrl = process.env.DATABASE_URL
  if (!baseUrl || process.env.BRIDGES_PG_TEMPLATE) return undefined
  const name = `bridges_tpl_${randomBytes(6).toString('hex')}`
  await adminQuery(baseUrl, `CREATE DATABASE ${name}`)
  const url = new URL(baseUrl)
  url.pathname = `/${name}`
  try {
    const storage = await openStorage({ kind: 'postgres', databaseUrl: url.toString() })
    await storage.close()
  } catch (error) {
    await adminQuery(baseUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    throw error
  }
  process.env.BRIDGES_PG_TEMPLATE = name
  return async () => {
    delete process.env.BRIDGES_PG_TEMPLATE
    await adminQuery(baseUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  }
}

async function adminQuery(baseUrl: string, query: string): Promise<void> {
  const admin = new pg.Client({ connectionString: baseUrl })
  await admin.connect()
  try {
    await admin.query(query)
  } finally {
    await admin.end()
  }
}
