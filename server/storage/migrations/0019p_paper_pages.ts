import type { BridgesMigration } from './helpers.js'

/**
 * Pages of handwritten letters brought in on paper: each is a stored picture (media), first kept
 * for the upload that brought it, then filed as page N of a pupil's letter on the wall.
 */
export const paperPages: BridgesMigration = {
  name: '0019p_paper_pages',
  async up(db) {
    await db.schema
      .createTable('paper_pages')
      .addColumn('media_id', 'text', (c) => c.primaryKey().references('media.id').onDelete('cascade'))
      .addColumn('upload_id', 'text', (c) => c.notNull())
      .addColumn('link_id', 'text', (c) => c.notNull().references('links.id').onDelete('cascade'))
      .addColumn('school_id', 'text', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('item_id', 'text', (c) => c.references('wall_items.id').onDelete('cascade'))
      .addColumn('page_no', 'integer')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute()
    await db.schema.createIndex('paper_pages_upload_idx').on('paper_pages').columns(['upload_id', 'position']).execute()
    await db.schema.createIndex('paper_pages_item_idx').on('paper_pages').columns(['item_id', 'page_no']).execute()
  },
}
