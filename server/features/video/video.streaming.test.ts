import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { buffer } from 'node:stream/consumers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newId, nowIso } from '../../domain/ids.js'
import { testDialects } from '../../test/databases.js'
import { createLinkedClasses } from '../../test/links.js'
import { startTestServer, type TestServer } from '../../test/server.js'
import { databaseMediaStore, diskMediaStore, type MediaStore } from '../media/mediaStore.js'

// A video is served in ranges straight from the store: both stores, pieces across the database's
// read chunks (512 KiB) included.
describe.each(testDialects())('streaming stored videos, on $name', (dialect) => {
  let server: TestServer
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bridges-stream-'))
  const bytes = randomBytes(1_300_000)
  let id: string
  let stores: [string, MediaStore][]

  beforeAll(async () => {
    server = await startTestServer({ storage: await dialect.open() })
    const linked = await createLinkedClasses(server, { pupilsPerClass: 0 })
    const side = linked.sides[0]!
    id = newId()
    await server.storage.db
      .insertInto('media')
      .values({
        id,
        linkId: linked.link.id,
        ownerId: side.teacher.user.id,
        schoolId: side.teacher.user.schoolId,
        width: 2,
        height: 2,
        bytes: bytes.length,
        createdAt: nowIso(),
      })
      .execute()
    stores = [
      ['disk', diskMediaStore(dir)],
      ['database', databaseMediaStore(server.storage.db)],
    ]
    for (const [, store] of stores) await store.put(id, 'video', bytes)
  })
  afterAll(async () => {
    await server?.close()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('reads any byte range, and knows the length without reading the bytes', async () => {
    for (const [name, store] of stores) {
      expect(await store.byteLength(id, 'video'), name).toBe(bytes.length)
      expect(await store.byteLength(id, 'thumb'), name).toBeUndefined()
      for (const [start, end] of [
        [0, bytes.length - 1],
        [100, 299],
        [500_000, 1_100_000],
        [524_287, 524_288],
        [bytes.length - 1, bytes.length - 1],
      ] as const)
        expect(
          (await buffer(store.readRange(id, 'video', start, end))).equals(bytes.subarray(start, end + 1)),
          name,
        ).toBe(true)
    }
  })

  it('takes a file in and hands one out for ffmpeg: the stored file itself on disk, a streamed copy removed after from the database', async () => {
    for (const [name, store] of stores) {
      const upload = path.join(dir, `upload-${name}`)
      fs.writeFileSync(upload, bytes)
      await store.putFile(id, 'source', upload)
      let handed = ''
      await store.withFile(id, 'source', async (file) => {
        handed = file!
        expect(fs.readFileSync(file!).equals(bytes), name).toBe(true)
      })
      if (name === 'disk') {
        // Moved, not copied: the upload is the stored file, and ffmpeg reads it where it lies.
        expect(fs.existsSync(upload)).toBe(false)
        expect(path.dirname(handed)).toBe(dir)
      } else expect(fs.existsSync(handed), name).toBe(false)
      await store.removeKind(id, 'source')
      await store.withFile(id, 'source', async (file) => expect(file, name).toBeUndefined())
      fs.rmSync(upload, { force: true })
    }
  })
})
