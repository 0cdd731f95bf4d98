import os from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createScratchPostgresDatabase } from '../../test/databases.js'
import { createLinkedClasses, type LinkedClasses } from '../../test/links.js'
import { startTestServer, TestClient, type TestServer } from '../../test/server.js'
import { startServerProcess } from '../../test/serverProcess.js'
import { openStorage } from '../../storage/database.js'
import { VIDEO_JOB_QUEUE } from './video.pgBossQueue.js'
import { ffmpegSkipReason, makeClip, settled, uploadLongUntilProcessing, uploadVideo } from './videoTestKit.js'

const databaseUrl = process.env.DATABASE_URL
const skip =
  ffmpegSkipReason ??
  (databaseUrl ? undefined : 'pg-boss video queue tests skipped: DATABASE_URL is not set (.ci/run sets it).')
if (skip) console.warn(skip)

describe.skipIf(Boolean(skip))('the video queue on PostgreSQL (pg-boss)', () => {
  let scratch: Awaited<ReturnType<typeof createScratchPostgresDatabase>>
  const nodes: TestServer[] = []
  let linked: LinkedClasses
  /** A node on the shared database, with its own disk, as another machine would be. */
  const startNode = async (concurrency: number, env: Record<string, string> = {}) => {
    const storage = await openStorage({ kind: 'postgres', databaseUrl: scratch.url })
    const node = await startTestServer({
      storage,
      env: {
        VIDEO_CONCURRENCY: String(concurrency),
        MEDIA_DIR: path.join(os.tmpdir(), `bridges-pgboss-${nodes.length}-${Date.now()}`),
        ...env,
      },
    })
    nodes.push(node)
    return node
  }
  const as = (node: TestServer, client: TestClient) =>
    Object.assign(new TestClient(node.url), { cookie: client.cookie })
  const teacher = () => linked.sides[0]!.teacher.client

  beforeAll(async () => {
    scratch = await createScratchPostgresDatabase(databaseUrl!)
  })
  afterAll(async () => {
    for (const node of nodes) await node.close()
    await scratch?.drop()
  })

  it('finishes after a restart what was queued, and what a stop cut off mid-transcode', async () => {
    // A node that only queues: the job waits in pg-boss's table.
    const queuing = await startNode(0)
    linked = await createLinkedClasses(queuing, { pupilsPerClass: 0 })
    const waiting = await uploadVideo(teacher(), linked.link.id, makeClip(2))
    expect(waiting.status).toBe(201)
    await queuing.close()

    const worker = await startNode(1)
    expect((await settled(as(worker, teacher()), waiting.body.id, 120_000)).status).toBe('ready')
    const long = await uploadLongUntilProcessing(as(worker, teacher()), linked.link.id)
    await worker.close()

    const next = await startNode(1)
    const done = await settled(as(next, teacher()), long.id, 120_000)
    expect(done.status).toBe('ready')
    expect(done.progress).toBe(100)
    await next.close()
  }, 240_000)

  it('gives each job to one worker when two nodes work the queue', async () => {
    const [a, b] = [await startNode(1), await startNode(1)]
    const uploads = await Promise.all(
      [a, b, a, b].map((node) => uploadVideo(as(node!, teacher()), linked.link.id, makeClip(2))),
    )
    for (const upload of uploads) expect(upload.status).toBe(201)
    const ids = uploads.map((u) => u.body.id)
    for (const id of ids) expect((await settled(as(a!, teacher()), id, 120_000)).status).toBe('ready')

    // One claim each: a second worker on the same job would have counted a second attempt.
    const db = a!.storage.db
    const rows = await db.selectFrom('videos').select(['mediaId', 'attempts']).where('mediaId', 'in', ids).execute()
    expect(rows.map((r) => Number(r.attempts))).toEqual([1, 1, 1, 1])
    const states = async () =>
      (
        await sql<{ state: string }>`
          select state from pgboss.job where name = ${VIDEO_JOB_QUEUE} and id::text in (${sql.join(ids)})`.execute(db)
      ).rows
        .map((j) => j.state)
        .sort()
    // pg-boss marks a job completed just after the worker has finished the video: a moment later.
    for (const until = Date.now() + 10_000; (await states()).includes('active') && Date.now() < until;)
      await new Promise((resolve) => setTimeout(resolve, 100))
    expect(await states()).toEqual(['completed', 'completed', 'completed', 'completed'])
  }, 240_000)

  it('takes up promptly, on a new node, what a node killed mid-transcode left (no stop, no clean-up)', async () => {
    const lease = { VIDEO_LEASE_SECONDS: '4' }
    // The node that dies is a process of its own, killed outright with its ffmpeg, as a machine that fails.
    const dying = await startServerProcess({
      ...lease,
      DATABASE_URL: scratch.url,
      VIDEO_CONCURRENCY: '1',
      DATA_DIR: path.join(os.tmpdir(), `bridges-pgboss-dying-${Date.now()}`),
    })
    const onDying = Object.assign(new TestClient(dying.url), { cookie: teacher().cookie })
    const long = await uploadLongUntilProcessing(onDying, linked.link.id)
    await dying.kill()
    const killedAt = Date.now()

    const next = await startNode(1, lease)
    const db = next.storage.db
    const attempts = async () =>
      Number(
        (await db.selectFrom('videos').select('attempts').where('mediaId', '=', long.id).executeTakeFirst())?.attempts,
      )
    // Taken up within seconds of the lease, not at pg-boss's expiry twenty minutes on.
    while ((await attempts()) < 2 && Date.now() - killedAt < 60_000) await new Promise((r) => setTimeout(r, 250))
    expect(await attempts()).toBe(2)
    const done = await settled(as(next, teacher()), long.id, 180_000)
    expect(done.status).toBe('ready')
    expect(done.progress).toBe(100)
    const job = await sql<{ state: string }>`
      select state from pgboss.job where name = ${VIDEO_JOB_QUEUE} and id::text = ${long.id}`.execute(db)
    expect(job.rows.map((j) => j.state)).toEqual(['completed'])
  }, 300_000)
})
