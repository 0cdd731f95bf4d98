import type { Kysely } from 'kysely'
import type { Database } from '../../storage/schema.js'
import type { MediaTable } from './media.tables.js'

export type MediaRecord = MediaTable

export interface MediaRepository {
  insert(record: MediaRecord): Promise<void>
  find(id: string): Promise<MediaRecord | undefined>
}

export function createMediaRepository(db: Kysely<Database>): MediaRepository {
  return {
    async insert(record) {
      await db.insertInto('media').values(record).execute()
    },
    async find(id) {
      return db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst()
    },
  }
}
