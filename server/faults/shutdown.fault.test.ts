import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import SQLite from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import type { Board, Post } from '../../shared/schemas/boards.js'
import { fixture, fixturesSkipReason, multipart } from '../test/fixtures.js'
import { createLinkViaApi } from '../test/links.js'
import { addPupils, signInPupil } from '../test/people.js'
import { acceptsConnections, slowRequest, startServerProcess, type Spawned } from './serverProcess.js'

if (fixturesSkipReason) console.warn(fixturesSkipReason)

const GRACE_MS = 8000
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** A request whose head is sent now and whose last line (the blank one ending the headers) comes later. */
function halfSentRequest(port: number, urlPath: string) {
  const socket = net.connect(port, '127.0.0.1')
  socket.write(`GET ${urlPath} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`)
  let text = ''
  socket.setEncoding('utf8').on('data', (chunk: string) => (text += chunk))
  const closed = new Promise<string>((resolve) => {
    socket.once('close', () => resolve(text))
    socket.once('error', () => undefined)
  })
  return {
    finish() {
      if (!socket.destroyed) socket.write('Connection: keep-alive\r\n\r\n')
      return closed
    },
  }
}

describe.skipIf(Boolean(fixturesSkipReason))('SIGTERM while writes and uploads are in flight (real process)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bridges-shutdown-fault-'))
  let server: Spawned | undefined
  afterAll(async () => {
    await server?.kill()
    fs.rmSync(dataDir, { recursive: true, force: true })
  })

  it('finishes every one with its normal answer, stores each once with its queue row, refuses new connections, exits 0 within the grace; retries after the restart write nothing', async () => {
    const started = await startServerProcess({
      DATA_DIR: dataDir,
      SHUTDOWN_GRACE_MS: String(GRACE_MS),
      BOARD_POSTS_PER_MINUTE: '100',
    })
    server = started
    const { linkId, sides } = await createLinkViaApi(started)
    const london = sides[0]!
    const pupilRecords = await addPupils(london.teacher, london.schoolClass.id, ['Amy', 'Ben', 'Cara', 'Dev', 'Ela'])
    const pupils = await Promise.all(pupilRecords.map((p) => signInPupil(started.url, london.schoolClass, p)))
    const board = (await london.teacher.client.post<Board>(`/api/links/${linkId}/boards`, { title: 'Weather' })).body
    const opening = (
      await london.teacher.client.post<Post>(`/api/boards/${board.id}/threads`, {
        title: 'Rain',
        body: 'How much rain did you have?',
      })
    ).body

    // Each write carries an Idempotency-Key, so it can be retried after the restart (an answer lost on the way).
    const keys = Array.from({ length: 8 }, () => randomUUID())
    const json = (cookie: string, i: number) => ({
      'content-type': 'application/json',
      cookie,
      'idempotency-key': keys[i]!,
    })
    const writeSpecs = [
      { path: `/api/boards/${board.id}/threads`, body: { title: 'shutdown thread 1', body: 'Sunny here' } },
      { path: `/api/boards/${board.id}/threads`, body: { title: 'shutdown thread 2', body: 'Windy here' } },
      { path: `/api/threads/${opening.id}/replies`, body: { body: 'shutdown reply 3' } },
      { path: `/api/links/${linkId}/wall`, body: { kind: 'letter', body: 'shutdown letter 4' } },
      { path: `/api/links/${linkId}/wall`, body: { kind: 'letter', body: 'shutdown letter 5' } },
    ].map((w, i) => ({ ...w, headers: json(pupils[i]!.client.cookie, i), bytes: Buffer.from(JSON.stringify(w.body)) }))
    const photo = fixture('plain.jpg')
    const uploadSpecs = [0, 1, 2].map((i) => {
      const { body, contentType } = multipart(photo, `photo-${i}.jpg`)
      return {
        path: `/api/links/${linkId}/media`,
        headers: { 'content-type': contentType, cookie: pupils[i]!.client.cookie, 'idempotency-key': keys[5 + i]! },
        bytes: body,
      }
    })
    const writes = writeSpecs.map((w) => slowRequest(started.url, 'POST', w.path, w.headers, w.bytes))
    const uploads = uploadSpecs.map((u) => slowRequest(started.url, 'POST', u.path, u.headers, u.bytes, 40_000))
    const halfSent = halfSentRequest(started.port, '/api/health')
    // Every request is in the server's hands (headers read, body partly) before the signal.
    await sleep(400)

    const signalledAt = Date.now()
    started.child.kill('SIGTERM')
    // Logged right after the listening socket closed.
    await started.waitFor(/draining/)
    expect(await acceptsConnections(started.port)).toBe(false)

    // A request completed on a connection opened before the signal is told to go elsewhere.
    const late = await halfSent.finish()
    expect(late).toMatch(/^HTTP\/1\.1 503/)
    expect(late).toMatch(/\r\nconnection: close\r\n/i)
    expect(late).toMatch(/\r\nretry-after: \d+\r\n/i)

    await Promise.all([...writes.map((w) => w.finish(4, 60)), ...uploads.map((u) => u.finish(8, 100))])
    const answers = await Promise.allSettled([...writes, ...uploads].map((r) => r.answer))
    const statuses = answers.map((a) => (a.status === 'fulfilled' ? a.value.status : `${(a.reason as Error).message}`))
    expect(statuses, started.output.slice(-3000)).toEqual(Array(8).fill(201))

    const exit = await started.exitWithin(GRACE_MS + 2000)
    const tookMs = Date.now() - signalledAt
    expect(exit, started.output.slice(-3000)).toEqual({ code: 0, signal: null })
    expect(tookMs).toBeLessThan(GRACE_MS)
    console.info(`SIGTERM → exit 0 in ${tookMs} ms with 8 requests finished during the drain`)

    // After the restart, retrying every request with its key gets the first answer back and writes nothing.
    const restarted = await startServerProcess({
      DATA_DIR: dataDir,
      SHUTDOWN_GRACE_MS: String(GRACE_MS),
      BOARD_POSTS_PER_MINUTE: '100',
    })
    server = restarted
    const firstBodies = answers.map((a) =>
      a.status === 'fulfilled' ? (JSON.parse(a.value.body) as unknown) : undefined,
    )
    const retried = await Promise.all(
      [...writeSpecs, ...uploadSpecs].map(async (spec) => {
        const res = await fetch(restarted.url + spec.path, {
          method: 'POST',
          headers: spec.headers,
          body: new Uint8Array(spec.bytes),
        })
        return {
          status: res.status,
          replayed: res.headers.get('idempotent-replayed'),
          body: (await res.json()) as unknown,
        }
      }),
    )
    expect(retried.map((r) => r.status)).toEqual(Array(8).fill(201))
    expect(retried.map((r) => r.replayed)).toEqual(Array(8).fill('true'))
    expect(retried.map((r) => r.body)).toEqual(firstBodies)
    restarted.child.kill('SIGTERM')
    expect(await restarted.exitWithin(GRACE_MS)).toEqual({ code: 0, signal: null })

    const db = new SQLite(path.join(dataDir, 'bridges.sqlite'))
    try {
      const count = (sql: string, ...args: unknown[]) => (db.prepare(sql).get(...args) as { n: number }).n
      for (const title of ['shutdown thread 1', 'shutdown thread 2'])
        expect(count('select count(*) n from posts where title = ?', title)).toBe(1)
      expect(count('select count(*) n from posts where body = ?', 'shutdown reply 3')).toBe(1)
      for (const body of ['shutdown letter 4', 'shutdown letter 5'])
        expect(count('select count(*) n from wall_items where body = ?', body)).toBe(1)
      expect(count('select count(*) n from media')).toBe(3)
      const unqueued = (table: string, kind: string) =>
        count(
          `select count(*) n from ${table} t where t.status = 'held' and not exists (select 1 from moderation_queue q where q.kind = ? and q.item_id = t.id)`,
          kind,
        )
      expect(count("select count(*) n from posts where status = 'held'")).toBe(3)
      expect(unqueued('posts', 'board_post')).toBe(0)
      expect(count("select count(*) n from wall_items where status = 'held'")).toBe(2)
      expect(unqueued('wall_items', 'wall_item')).toBe(0)
    } finally {
      db.close()
    }
  }, 60_000)
})
