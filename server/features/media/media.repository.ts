import type { Kysely } from 'kysely'
import type { Database } from '../../storage/schema.js'
import type { MediaTable } from './media.tables.js'

export type MediaRecord = MediaTable

export interface MediaRepository {
  insert(record: MediaRecord): Promise<void>
  find(id: string): Promise<MediaRecord | undefined>
  /** Removes these records (who each shows goes with them). */
  deleteMany(ids: readonly string[]): Promise<void>
}

export function createMediaRepository(db: Kysely<Database>): MediaRepository {
  return {
    async insert(record) {
      await db.insertInto('media').values(record).execute()
    },
    async find(id) {
      return db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst()
    },
    async deleteMany(ids) {
      if (ids.length === 0) return
      await db.deleteFrom('mediaPeople').where('mediaId', 'in', [...ids]).execute()
      await db.deleteFrom('media').where('id', 'in', [...ids]).execute()
    },
  }
}
