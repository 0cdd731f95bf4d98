import fs from 'node:fs/promises'
import path from 'node:path'
import type { Kysely } from 'kysely'
import type { Database } from '../../storage/schema.js'

export type PictureSize = 'display' | 'thumb'

/** Where a picture's processed bytes are kept. Every node of a deployment must see the same store. */
export interface MediaStore {
  put(mediaId: string, size: PictureSize, bytes: Buffer): Promise<void>
  /** The bytes, or undefined when this store has none. */
  get(mediaId: string, size: PictureSize): Promise<Buffer | undefined>
  /** Takes a picture's bytes away (an upload whose record could not be written). */
  remove(mediaId: string): Promise<void>
}

/** One node's disk: the embedded default (one node, SQLite). */
export function diskMediaStore(dir: string): MediaStore {
  const fileOf = (id: string, size: PictureSize) => path.join(dir, `${id}${size === 'thumb' ? '-thumb' : ''}.webp`)
  return {
    async put(id, size, bytes) {
      await fs.mkdir(dir, { recursive: true })
      await fs.writeFile(fileOf(id, size), bytes)
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
      await Promise.allSettled([fs.rm(fileOf(id, 'display')), fs.rm(fileOf(id, 'thumb'))])
    },
  }
}

/** The database (PostgreSQL in a deployment of several nodes): every node serves every picture. */
export function databaseMediaStore(db: Kysely<Database>): MediaStore {
  return {
    async put(mediaId, size, bytes) {
      await db.insertInto('mediaBlobs').values({ mediaId, size, bytes }).execute()
    },
    async get(mediaId, size) {
      const row = await db.selectFrom('mediaBlobs').select('bytes').where('mediaId', '=', mediaId).where('size', '=', size).executeTakeFirst()
      return row ? Buffer.from(row.bytes) : undefined
    },
    async remove(mediaId) {
      await db.deleteFrom('mediaBlobs').where('mediaId', '=', mediaId).execute()
    },
  }
}
