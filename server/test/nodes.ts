import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { createClient, type RedisClientType } from 'redis'
import { createApp } from '../app.js'
import { loadConfig } from '../config.js'
import { createLogger } from '../logger.js'
import { openStorage } from '../storage/database.js'
import { createScratchPostgresDatabase } from './databases.js'
import type { TestServer } from './server.js'

export const redisUrl = process.env.REDIS_URL
export const databaseUrl = process.env.DATABASE_URL
export const multiNodeSkipReason =
  redisUrl && databaseUrl
    ? undefined
    : 'Multi-node tests skipped: REDIS_URL and DATABASE_URL are not both set (.ci/run sets them).'

/**
 * Two (or more) server nodes on one scratch PostgreSQL database, sharing rooms through Redis under a
 * prefix of their own. `close()` stops every node, its Redis connections, and drops the database.
 */
export async function startNodes(count = 2): Promise<{ nodes: TestServer[]; close(): Promise<void> }> {
  if (!redisUrl || !databaseUrl) throw new Error(multiNodeSkipReason)
  const scratch = await createScratchPostgresDatabase(databaseUrl)
  const prefix = `bridges-test-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`
  const nodes: TestServer[] = []
  const stops: (() => Promise<void>)[] = []
  for (let i = 0; i < count; i++) {
    const pub = createClient({ url: redisUrl }) as RedisClientType
    const sub = pub.duplicate()
    await Promise.all([pub.connect(), sub.connect()])
    // Each node its own disk, as on two machines: what they share is PostgreSQL and Redis alone.
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      PORT: '0',
      REDIS_PREFIX: prefix,
      MEDIA_DIR: path.join(os.tmpdir(), `${prefix}-node-${i}-media`),
    })
    const storage = await openStorage({ kind: 'postgres', databaseUrl: scratch.url })
    const app = createApp({ config, storage, logger: createLogger('silent'), redis: { pub, sub } })
    await new Promise<void>((resolve) => app.http.listen(0, '127.0.0.1', resolve))
    const { port } = app.http.address() as AddressInfo
    nodes.push({ app, url: `http://127.0.0.1:${port}`, storage, config, close: () => app.close() })
    stops.push(async () => {
      await app.close()
      await Promise.allSettled([pub.quit(), sub.quit()])
    })
  }
  return {
    nodes,
    async close() {
      for (const stop of stops) await stop()
      await scratch.drop()
    },
  }
}
