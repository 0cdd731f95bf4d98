import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { Media } from '../../shared/schemas/media.js'
import type { WallItem } from '../../shared/schemas/wall.js'
import { Spawned, repoRoot } from '../faults/serverProcess.js'
import { openStorage } from '../storage/database.js'
import { fixture, fixturesSkipReason, multipart } from '../test/fixtures.js'
import { createLinkedClasses } from '../test/links.js'
import { startTestServer } from '../test/server.js'

/** `npm run backup` / `npm run restore` as an operator runs them: their own process, the server's settings. */
async function run(command: 'backup' | 'restore', folder: string, dataDir: string): Promise<string> {
  const child = new Spawned(
    spawn(process.execPath, ['--import', 'tsx', 'server/ops/backup.ts', command, folder], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH, DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  )
  const exit = await child.exitWithin(60_000)
  if (exit.code !== 0) throw new Error(`${command} exited ${JSON.stringify(exit)}: ${child.output}`)
  return child.output
}

describe('backup and restore of the embedded database and media', () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'bridges-backup-'))
  afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }))

  it.skipIf(Boolean(fixturesSkipReason))(
    'backs up a running server under writes; the restore holds every item written before it began, and the pictures',
    async () => {
      const dataDir = path.join(scratch, 'data')
      const storage = await openStorage({ kind: 'sqlite', file: path.join(dataDir, 'bridges.sqlite') })
      const server = await startTestServer({ storage, env: { DATA_DIR: dataDir, BOARD_POSTS_PER_MINUTE: '100000' } })
      try {
        const { link, sides } = await createLinkedClasses(server, { pupilsPerClass: 0 })
        const teacher = sides[0]!.teacher.client
        const { body, contentType } = multipart(fixture('plain.jpg'), 'class.jpg')
        const picture = (
          await teacher.request<Media>('POST', `/api/links/${link.id}/media`, body, { 'content-type': contentType })
        ).body
        await teacher.post(`/api/links/${link.id}/wall`, {
          kind: 'picture',
          caption: 'Our class',
          mediaId: picture.id,
          shownPupilIds: [],
        })
        const written: string[] = []
        let writing = true
        // A teacher keeps writing letters the whole time the backup runs.
        const writer = (async () => {
          for (let i = 0; writing || i < 20; i++) {
            const res = await teacher.post<WallItem>(`/api/links/${link.id}/wall`, {
              kind: 'letter',
              body: `Letter ${i}`,
            })
            if (res.status !== 201) throw new Error(`write failed: ${res.status}`)
            written.push(res.body.id)
          }
        })()
        await expect.poll(() => written.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(20)
        const before = [...written]
        const output = await run('backup', path.join(scratch, 'backup'), dataDir)
        writing = false
        await writer
        expect(output).toMatch(/Backed up the database and 1 pictures/)
        expect(written.length).toBeGreaterThan(before.length)

        const restoredDir = path.join(scratch, 'restored')
        await run('restore', path.join(scratch, 'backup'), restoredDir)
        // Restoring over a database is refused: a restore never destroys what it was meant to protect.
        await expect(run('restore', path.join(scratch, 'backup'), restoredDir)).rejects.toThrow(/exists/)

        const restored = await startTestServer({
          storage: await openStorage({ kind: 'sqlite', file: path.join(restoredDir, 'bridges.sqlite') }),
          env: { DATA_DIR: restoredDir },
        })
        try {
          const ids = new Set(
            (await restored.storage.db.selectFrom('wallItems').select('id').execute()).map((r) => r.id),
          )
          for (const id of before) expect(ids.has(id), `letter ${id} written before the backup`).toBe(true)
          // The restored server signs the teacher in and serves the picture from the restored media.
          const signIn = await fetch(`${restored.url}/api/auth/sign-in`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ email: sides[0]!.teacher.email, password: sides[0]!.teacher.password }),
          })
          expect(signIn.status).toBe(200)
          const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!
          const served = await fetch(`${restored.url}/api/media/${picture.id}`, { headers: { cookie } })
          expect(served.status).toBe(200)
          expect(served.headers.get('content-type')).toBe('image/webp')
        } finally {
          await restored.close()
        }
      } finally {
        await server.close()
      }
    },
  )
})
