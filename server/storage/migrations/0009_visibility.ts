import { sql } from 'kysely'
import type { BridgesMigration } from './helpers.js'

/**
 * One visibility rule: a flag hides an item only from whoever flagged it (so flags are kept per
 * person); audit entries remember the school of the item's author, so partner schools see only
 * entries about items they may see; notes to teachers when a pupil writes too fast.
 */
export const visibility: BridgesMigration = {
  name: '0009_visibility',
  async up(db) {
    await db.schema
      .createTable('moderation_flags')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('item_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('reason', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('moderation_flags_pk', ['kind', 'item_id', 'user_id'])
      .execute()
    await db.schema
      .createIndex('moderation_flags_user_idx')
      .on('moderation_flags')
      .columns(['user_id', 'kind'])
      .execute()

    await db.schema.alterTable('moderation_audit').addColumn('item_school_id', 'text').execute()
    // Earlier entries: the author's school, read from the item each one is about.
    for (const [kind, table] of [
      ['board_post', 'posts'],
      ['wall_item', 'wall_items'],
      ['chat_message', 'assembly_chat_messages'],
    ] as const) {
      await sql`update moderation_audit set item_school_id = (select t.school_id from ${sql.table(table)} t where t.id = moderation_audit.item_id) where kind = ${kind}`.execute(
        db,
      )
    }

    await db.schema
      .createTable('pupil_notices')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
      .addColumn('pupil_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('what', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      // One note per pupil, kind and window: concurrent refusals claim it with one insert.
      .addColumn('window_key', 'text', (c) => c.notNull().unique())
      .execute()
    await db.schema
      .createIndex('pupil_notices_school_idx')
      .on('pupil_notices')
      .columns(['school_id', 'created_at'])
      .execute()
  },
}
