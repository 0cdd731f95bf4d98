import type { BridgesMigration } from './helpers.js'

/** The exchange wall: letters and pictures, exchange rounds, pen pals and the photo-consent register. */
export const wall: BridgesMigration = {
  name: '0006_wall',
  async up(db) {
    await db.schema
      .createTable('rounds')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('link_id', 'text', (c) => c.notNull().references('links.id').onDelete('cascade'))
      .addColumn('theme', 'text', (c) => c.notNull())
      .addColumn('deadline', 'text', (c) => c.notNull())
      .addColumn('release_at', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('released_at', 'text')
      .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute()
    await db.schema.createIndex('rounds_due_idx').on('rounds').columns(['status', 'release_at']).execute()
    await db.schema
      .createTable('round_early_release')
      .addColumn('round_id', 'text', (c) => c.notNull().references('rounds.id').onDelete('cascade'))
      .addColumn('class_id', 'text', (c) => c.notNull())
      .addColumn('agreed_by', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('agreed_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('round_early_release_pk', ['round_id', 'class_id'])
      .execute()
    await db.schema
      .createTable('wall_items')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('link_id', 'text', (c) => c.notNull().references('links.id').onDelete('cascade'))
      .addColumn('round_id', 'text', (c) => c.references('rounds.id').onDelete('set null'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('parent_id', 'text', (c) => c.references('wall_items.id').onDelete('cascade'))
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('caption', 'text', (c) => c.notNull())
      .addColumn('media_id', 'text', (c) => c.references('media.id'))
      .addColumn('sticker', 'text')
      .addColumn('to_pupil_id', 'text', (c) => c.references('users.id'))
      .addColumn('author_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('school_id', 'text', (c) => c.notNull())
      .addColumn('class_id', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('reject_reason', 'text')
      .addColumn('edit_note', 'text')
      .addColumn('flagged', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute()
    await db.schema.createIndex('wall_items_link_idx').on('wall_items').columns(['link_id', 'created_at']).execute()
    await db.schema
      .createTable('pen_pals')
      .addColumn('link_id', 'text', (c) => c.notNull().references('links.id').onDelete('cascade'))
      .addColumn('group_id', 'text', (c) => c.notNull())
      .addColumn('pupil_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addPrimaryKeyConstraint('pen_pals_pk', ['link_id', 'pupil_id'])
      .execute()
    await db.schema
      .createTable('photo_consent')
      .addColumn('pupil_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
      .addColumn('consent', 'integer', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute()
    await db.schema
      .createTable('media_people')
      .addColumn('media_id', 'text', (c) => c.notNull().references('media.id').onDelete('cascade'))
      .addColumn('pupil_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addPrimaryKeyConstraint('media_people_pk', ['media_id', 'pupil_id'])
      .execute()
  },
}
