import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { fixture, fixturesSkipReason } from '../../test/fixtures.js'
import { createLinkedClasses } from '../../test/links.js'
import { startTestServer, TestClient, type TestServer } from '../../test/server.js'
import { openStorage } from '../../storage/database.js'
import { startServerProcess } from '../../test/serverProcess.js'
import { ffmpegSkipReason, settled, uploadLongUntilProcessing, uploadVideo } from './videoTestKit.js'

const skip = fixturesSkipReason ?? ffmpegSkipReason

describe.skipIf(Boolean(skip))('the video queue across a restart', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), '.bridges-queue-'))
  const env = { MEDIA_DIR: path.join(dir, 'media') }
  const open = (concurrency: number) =>
    openStorage({ kind: 'sqlite', file: path.join(dir, 'bridges.db') }).then((storage) =>
      startTestServer({ storage, env: { ...env, VIDEO_CONCURRENCY: String(concurrency) } }),
    )
  let running: TestServer | undefined
  afterAll(async () => {
    await running?.close()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('finishes after a restart what was queued, and what a stop cut off mid-transcode', async () => {
    // A node that only queues (concurrency 0): the job waits in the database.
    running = await open(0)
    const linked = await createLinkedClasses(running, { pupilsPerClass: 0 })
    const teacher = linked.sides[0]!.teacher.client
    const waiting = await uploadVideo(teacher, linked.link.id, fixture('video-gps-rotated.mp4'))
    expect(waiting.status).toBe(201)
    await running.close()

    // This node transcodes; it is stopped while the second video is being transcoded.
    running = await open(1)
    const again = Object.assign(new TestClient(running.url), { cookie: teacher.cookie })
    expect((await settled(again, waiting.body.id)).status).toBe('ready')
    const long = await uploadLongUntilProcessing(again, linked.link.id)
    await running.close()
    const cutOff = await openStorage({ kind: 'sqlite', file: path.join(dir, 'bridges.db') })
    expect(
      (await cutOff.db.selectFrom('videos').select('status').where('mediaId', '=', long.id).executeTakeFirst())?.status,
    ).toBe('queued')
    await cutOff.close()

    running = await open(1)
    const third = Object.assign(new TestClient(running.url), { cookie: teacher.cookie })
    const done = await settled(third, long.id, 120_000)
    expect(done.status).toBe('ready')
    expect(done.progress).toBe(100)
  }, 240_000)

  it('finishes after a restart what a node killed mid-transcode left (no stop, no clean-up)', async () => {
    await running?.close()
    running = undefined
    // The file name the server itself uses in DATA_DIR: the killed node is a process of its own.
    const own = { DATA_DIR: path.join(dir, 'own'), MEDIA_DIR: path.join(dir, 'own', 'media') }
    const file = path.join(own.DATA_DIR, 'bridges.sqlite')
    fs.mkdirSync(own.DATA_DIR, { recursive: true })
    const openOwn = (concurrency: number) =>
      openStorage({ kind: 'sqlite', file }).then((storage) =>
        startTestServer({ storage, env: { MEDIA_DIR: own.MEDIA_DIR, VIDEO_CONCURRENCY: String(concurrency) } }),
      )
    running = await openOwn(0)
    const linked = await createLinkedClasses(running, { pupilsPerClass: 0 })
    const cookie = linked.sides[0]!.teacher.client.cookie
    await running.close()
    running = undefined

    const dying = await startServerProcess({ ...own, VIDEO_CONCURRENCY: '1' })
    const onDying = Object.assign(new TestClient(dying.url), { cookie })
    const long = await uploadLongUntilProcessing(onDying, linked.link.id)
    await dying.kill()

    running = await openOwn(1)
    const done = await settled(Object.assign(new TestClient(running.url), { cookie }), long.id, 180_000)
    expect(done.status).toBe('ready')
    expect(done.progress).toBe(100)
    const row = await running.storage.db
      .selectFrom('videos')
      .select('attempts')
      .where('mediaId', '=', long.id)
      .executeTakeFirst()
    expect(Number(row?.attempts)).toBe(2)
  }, 300_000)
})
