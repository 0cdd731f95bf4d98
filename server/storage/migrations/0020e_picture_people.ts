import { sql } from 'kysely'
import type { BridgesMigration } from './helpers.js'

/**
 * When a teacher said who a picture shows ("nobody" included). Exports include a picture only once
 * that was said and everyone shown has photo consent. Wall pictures were always asked before they were
 * published; board pictures before this were not, and stay out of exports until a teacher is asked.
 */
export const picturePeople: BridgesMigration = {
  name: '0020e_picture_people',
  async up(db) {
    await db.schema.alterTable('media').addColumn('shown_confirmed_at', 'text').execute()
    await sql`update media set shown_confirmed_at = created_at where id in (select media_id from wall_items where media_id is not null and status in ('published', 'hidden'))`.execute(
      db,
    )
  },
}
