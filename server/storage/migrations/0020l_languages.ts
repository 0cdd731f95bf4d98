import type { BridgesMigration } from './helpers.js'

/**
 * Board posts, like wall letters (0014), record the language they were written in and may carry the
 * same text in a second language. A class may have a default interface language for its pupils, and a
 * pupil who chose her own language keeps it (`locale_chosen`).
 */
export const languages: BridgesMigration = {
  name: '0020l_languages',
  async up(db) {
    await db.schema
      .alterTable('posts')
      .addColumn('language', 'text', (c) => c.notNull().defaultTo(''))
      .execute()
    await db.schema.alterTable('posts').addColumn('second_language', 'text').execute()
    await db.schema.alterTable('posts').addColumn('second_body', 'text').execute()
    await db.schema.alterTable('classes').addColumn('default_locale', 'text').execute()
    await db.schema
      .alterTable('users')
      .addColumn('locale_chosen', 'integer', (c) => c.notNull().defaultTo(0))
      .execute()
  },
}
