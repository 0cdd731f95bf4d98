import type { BridgesMigration } from './helpers.js'

/** The partner directory, link requests, versioned co-signed agreements, plan progress and activity. */
export const linksAgreements: BridgesMigration = {
  name: '0003_links_agreements',
  async up(db) {
    await db.schema
      .createTable('directory_entries')
      .addColumn('class_id', 'text', (c) => c.primaryKey().references('classes.id').onDelete('cascade'))
      .addColumn('themes', 'text', (c) => c.notNull())
      .addColumn('hopes', 'text', (c) => c.notNull())
      .addColumn('school_day_start', 'text', (c) => c.notNull())
      .addColumn('school_day_end', 'text', (c) => c.notNull())
      .addColumn('opted_in_at', 'text', (c) => c.notNull())
      .execute()
    await db.schema
      .createTable('link_requests')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('link_id', 'text', (c) => c.references('links.id').onDelete('cascade'))
      .addColumn('from_class_id', 'text', (c) => c.notNull().references('classes.id').onDelete('cascade'))
      .addColumn('to_class_id', 'text', (c) => c.notNull().references('classes.id').onDelete('cascade'))
      .addColumn('message', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('decided_by', 'text', (c) => c.references('users.id'))
      .addColumn('decided_at', 'text')
      .execute()
    await db.schema.createIndex('link_requests_to_idx').on('link_requests').columns(['to_class_id', 'status']).execute()
    await db.schema
      .createIndex('link_requests_from_idx')
      .on('link_requests')
      .columns(['from_class_id', 'status'])
      .execute()
    await db.schema
      .createTable('agreement_versions')
      .addColumn('link_id', 'text', (c) => c.notNull().references('links.id').onDelete('cascade'))
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('content', 'text', (c) => c.notNull())
      .addColumn('edited_by', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('edited_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('agreement_versions_pk', ['link_id', 'version'])
      .execute()
    await db.schema
      .createTable('agreement_signatures')
      .addColumn('link_id', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('class_id', 'text', (c) => c.notNull().references('classes.id').onDelete('cascade'))
      .addColumn('signed_by', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('signed_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('agreement_signatures_pk', ['link_id', 'version', 'class_id'])
      .addForeignKeyConstraint(
        'agreement_signatures_version_fk',
        ['link_id', 'version'],
        'agreement_versions',
        ['link_id', 'version'],
        (fk) => fk.onDelete('cascade'),
      )
      .execute()
    await db.schema
      .createTable('plan_items_done')
      .addColumn('link_id', 'text', (c) => c.notNull().references('links.id').onDelete('cascade'))
      .addColumn('item_id', 'text', (c) => c.notNull())
      .addColumn('done_by', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('done_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('plan_items_done_pk', ['link_id', 'item_id'])
      .execute()
    await db.schema
      .createTable('link_activity')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('link_id', 'text', (c) => c.notNull().references('links.id').onDelete('cascade'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('actor_id', 'text', (c) => c.references('users.id'))
      .addColumn('class_id', 'text')
      .addColumn('params', 'text', (c) => c.notNull())
      .addColumn('is_contact', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute()
    await db.schema
      .createIndex('link_activity_link_idx')
      .on('link_activity')
      .columns(['link_id', 'created_at'])
      .execute()
  },
}
