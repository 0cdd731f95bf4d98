import type { BridgesMigration } from './helpers.js'

export const linksCore: BridgesMigration = {
  name: '0002_links',
  async up(db) {
    await db.schema
      .createTable('links')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute()
    await db.schema
      .createTable('link_classes')
      .addColumn('link_id', 'text', (c) => c.notNull().references('links.id').onDelete('cascade'))
      .addColumn('class_id', 'text', (c) => c.notNull().references('classes.id').onDelete('cascade'))
      .addColumn('color_index', 'integer', (c) => c.notNull())
      .addColumn('joined_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('link_classes_pk', ['link_id', 'class_id'])
      .execute()
    await db.schema.createIndex('link_classes_class_idx').on('link_classes').column('class_id').execute()
  },
}
