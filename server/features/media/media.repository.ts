import type { Kysely } from 'kysely'
import type { Database } from '../../storage/schema.js'
import type { MediaTable } from './media.tables.js'

export type MediaRecord = MediaTable

export interface MediaRepository {
  insert(record: MediaRecord): Promise<void>
  find(id: string): Promise<MediaRecord | undefined>
  /** Removes these records (who each shows goes with them). */
  deleteMany(ids: readonly string[]): Promise<void>
  /** Records that a teacher said who the picture shows. */
  markShownConfirmed(id: string, at: string): Promise<void>
  /** For each existing picture: whether who it shows was said, and the pupils it shows. */
  peopleOf(ids: readonly string[]): Promise<{ mediaId: string; confirmed: boolean; pupilIds: string[] }[]>
  /** Pictures that show this pupil. */
  mediaShowing(pupilId: string): Promise<string[]>
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
      await db
        .deleteFrom('mediaPeople')
        .where('mediaId', 'in', [...ids])
        .execute()
      await db
        .deleteFrom('media')
        .where('id', 'in', [...ids])
        .execute()
    },
    async markShownConfirmed(id, at) {
      await db.updateTable('media').set({ shownConfirmedAt: at }).where('id', '=', id).execute()
    },
    async peopleOf(ids) {
      if (ids.length === 0) return []
      const media = await db
        .selectFrom('media')
        .select(['id', 'shownConfirmedAt'])
        .where('id', 'in', [...ids])
        .execute()
      const people = await db
        .selectFrom('mediaPeople')
        .select(['mediaId', 'pupilId'])
        .where('mediaId', 'in', [...ids])
        .execute()
      return media.map((m) => ({
        mediaId: m.id,
        confirmed: Boolean(m.shownConfirmedAt),
        pupilIds: people.filter((p) => p.mediaId === m.id).map((p) => p.pupilId),
      }))
    },
    async mediaShowing(pupilId) {
      const rows = await db.selectFrom('mediaPeople').select('mediaId').where('pupilId', '=', pupilId).execute()
      return rows.map((r) => r.mediaId)
    },
  }
}
