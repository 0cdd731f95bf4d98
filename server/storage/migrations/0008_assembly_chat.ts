import type { BridgesMigration } from './helpers.js'

/** Assembly chat kept for the record and moderated like everything else pupils write. */
export const assemblyChat: BridgesMigration = {
  name: '0008_assembly_chat',
  async up(db) {
    await db.schema
      .alterTable('assemblies')
      .addColumn('pupil_chat_allowed', 'integer', (c) => c.notNull().defaultTo(0))
      .execute()
    await db.schema
      .createTable('assembly_chat_messages')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('assembly_id', 'text', (c) => c.notNull().references('assemblies.id').onDelete('cascade'))
      .addColumn('author_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('author_role', 'text', (c) => c.notNull())
      .addColumn('author_name', 'text', (c) => c.notNull())
      .addColumn('school_id', 'text', (c) => c.notNull())
      .addColumn('class_name', 'text')
      .addColumn('color_index', 'integer')
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('reject_reason', 'text')
      .addColumn('edit_note', 'text')
      .addColumn('flagged', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute()
    await db.schema
      .createIndex('assembly_chat_assembly_idx')
      .on('assembly_chat_messages')
      .columns(['assembly_id', 'created_at'])
      .execute()
  },
}
