import type { BridgesMigration } from './helpers.js'

/** Pictures (processed, metadata-free), owned by a link; board posts may carry one. */
export const media: BridgesMigration = {
  name: '0005_media',
  async up(db) {
    await db.schema
      .createTable('media')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('link_id', 'text', (c) => c.notNull().references('links.id').onDelete('cascade'))
      .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('school_id', 'text', (c) => c.notNull())
      .addColumn('width', 'integer', (c) => c.notNull())
      .addColumn('height', 'integer', (c) => c.notNull())
      .addColumn('bytes', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute()
    await db.schema
      .alterTable('posts')
      .addColumn('media_id', 'text', (c) => c.references('media.id'))
      .execute()
  },
}
