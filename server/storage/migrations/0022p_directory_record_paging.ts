import { sql } from 'kysely'
import type { BridgesMigration } from './helpers.js'

/**
 * The partner directory is paged newest opt-in first by (time, class): one index serves its order and
 * the cursor. A school's whole record (its items, and its people's actions on partners' items) is read
 * as two pages off two indexes and merged: the acting person's school is kept on each entry (as it
 * was when she acted), so "actions by my school's people" needs no join to order.
 */
export const directoryRecordPaging: BridgesMigration = {
  name: '0022p_directory_record_paging',
  async up(db) {
    await db.schema
      .createIndex('directory_entries_page_idx')
      .on('directory_entries')
      .columns(['opted_in_at', 'class_id'])
      .execute()
    await db.schema.alterTable('moderation_audit').addColumn('actor_school_id', 'text').execute()
    await sql`update moderation_audit set actor_school_id = (select u.school_id from users u where u.id = moderation_audit.actor_id)`.execute(
      db,
    )
    await db.schema
      .createIndex('moderation_audit_actor_school_page_idx')
      .on('moderation_audit')
      .columns(['actor_school_id', 'created_at', 'id'])
      .execute()
  },
}
