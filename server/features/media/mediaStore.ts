import { createReadStream, createWriteStream } from 'node:fs'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { sql, type Kysely } from 'kysely'
import type { Database } from '../../storage/schema.js'

export type PictureSize = 'display' | 'thumb'
/** A picture's sizes, and a video postcard's transcoded file and (until transcoded) its upload. */
export type StoredKind = PictureSize | 'video' | 'source'
const FILE_SUFFIX: Record<StoredKind, string> = {
  display: '.webp',
  thumb: '-thumb.webp',
  video: '.mp4',
  source: '.source',
}

/** Where a picture's processed bytes are kept. Every node of a deployment must see the same store. */
export interface MediaStore {
  put(mediaId: string, size: StoredKind, bytes: Buffer): Promise<void>
  /**
   * Keeps a file's bytes (a video: too large to copy around in memory). The disk store moves the file
   * itself in; the caller removes whatever is left at `file` afterwards.
   */
  putFile(mediaId: string, size: StoredKind, file: string): Promise<void>
  /**
   * Hands `use` a path to the bytes, for a program that reads files (ffmpeg): on disk the stored file
   * itself; from the database a temporary file, streamed out once and removed when `use` ends.
   * Undefined when this store has none.
   */
  withFile<T>(mediaId: string, size: StoredKind, use: (file: string | undefined) => Promise<T>): Promise<T>
  /** The bytes, or undefined when this store has none. */
  get(mediaId: string, size: StoredKind): Promise<Buffer | undefined>
  /** Takes a picture's bytes away (an upload whose record could not be written). */
  remove(mediaId: string): Promise<void>
  /** Takes one kind of bytes away (a video's upload once it is transcoded). */
  removeKind(mediaId: string, size: StoredKind): Promise<void>
  /** How many bytes are kept, or undefined when this store has none. */
  byteLength(mediaId: string, size: StoredKind): Promise<number | undefined>
  /** Bytes `start` to `end` (inclusive) as a stream, read piece by piece: a video is never held whole in memory. */
  readRange(mediaId: string, size: StoredKind, start: number, end: number): Readable
}

/** How much of a stored video the database store reads per query. */
const DATABASE_READ_CHUNK = 512 * 1024

/** One node's disk: the embedded default (one node, SQLite). */
export function diskMediaStore(dir: string): MediaStore {
  const fileOf = (id: string, size: StoredKind) => path.join(dir, `${id}${FILE_SUFFIX[size]}`)
  return {
    async put(id, size, bytes) {
      await fs.mkdir(dir, { recursive: true })
      await fs.writeFile(fileOf(id, size), bytes)
    },
    async putFile(id, size, file) {
      await fs.mkdir(dir, { recursive: true })
      try {
        await fs.rename(file, fileOf(id, size))
      } catch (error) {
        // Another file system (a temporary directory on its own disk): the kernel copies it.
        if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error
        await fs.copyFile(file, fileOf(id, size))
      }
    },
    async withFile(id, size, use) {
      const file = fileOf(id, size)
      const stored = await fs.stat(file).catch(() => undefined)
      return use(stored ? file : undefined)
    },
    async get(id, size) {
      try {
        return await fs.readFile(fileOf(id, size))
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
        throw error
      }
    },
    async remove(id) {
      await Promise.allSettled((Object.keys(FILE_SUFFIX) as StoredKind[]).map((size) => fs.rm(fileOf(id, size))))
    },
    async removeKind(id, size) {
      await fs.rm(fileOf(id, size), { force: true })
    },
    async byteLength(id, size) {
      return (await fs.stat(fileOf(id, size)).catch(() => undefined))?.size
    },
    readRange(id, size, start, end) {
      return createReadStream(fileOf(id, size), { start, end })
    },
  }
}

/** The database (PostgreSQL in a deployment of several nodes): every node serves every picture. */
export function databaseMediaStore(db: Kysely<Database>): MediaStore {
  const store: MediaStore = {
    async put(mediaId, size, bytes) {
      await db.insertInto('mediaBlobs').values({ mediaId, size, bytes }).execute()
    },
    async putFile(mediaId, size, file) {
      await store.put(mediaId, size, await fs.readFile(file))
    },
    async withFile(mediaId, size, use) {
      const length = await store.byteLength(mediaId, size)
      if (length === undefined) return use(undefined)
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'bridges-blob-'))
      try {
        const file = path.join(dir, size)
        await pipeline(
          length > 0 ? store.readRange(mediaId, size, 0, length - 1) : Readable.from([]),
          createWriteStream(file),
        )
        return await use(file)
      } finally {
        await fs.rm(dir, { recursive: true, force: true })
      }
    },
    async get(mediaId, size) {
      const row = await db
        .selectFrom('mediaBlobs')
        .select('bytes')
        .where('mediaId', '=', mediaId)
        .where('size', '=', size)
        .executeTakeFirst()
      return row ? Buffer.from(row.bytes) : undefined
    },
    async remove(mediaId) {
      await db.deleteFrom('mediaBlobs').where('mediaId', '=', mediaId).execute()
    },
    async removeKind(mediaId, size) {
      await db.deleteFrom('mediaBlobs').where('mediaId', '=', mediaId).where('size', '=', size).execute()
    },
    async byteLength(mediaId, size) {
      const row = await db
        .selectFrom('mediaBlobs')
        .select(sql<number>`length(bytes)`.as('length'))
        .where('mediaId', '=', mediaId)
        .where('size', '=', size)
        .executeTakeFirst()
      return row ? Number(row.length) : undefined
    },
    readRange(mediaId, size, start, end) {
      // substr() on a stored bytea reads only the pieces it covers (PostgreSQL keeps large values in chunks).
      async function* pieces() {
        for (let at = start; at <= end; at += DATABASE_READ_CHUNK) {
          const length = Math.min(DATABASE_READ_CHUNK, end - at + 1)
          const row = await db
            .selectFrom('mediaBlobs')
            .select(sql<Uint8Array>`substr(bytes, ${at + 1}, ${length})`.as('piece'))
            .where('mediaId', '=', mediaId)
            .where('size', '=', size)
            .executeTakeFirst()
          if (!row) throw new Error('the stored bytes are gone')
          yield Buffer.from(row.piece)
        }
      }
      return Readable.from(pieces())
    },
  }
  return store
}
