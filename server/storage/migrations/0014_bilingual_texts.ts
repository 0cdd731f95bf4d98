import type { BridgesMigration } from './helpers.js'

/**
 * Every wall item records the language it was written in, and may carry the same text in a second
 * language (the partner class's), written by the pupil or added by her teacher while moderating.
 * Items from before have no recorded language ('').
 */
export const bilingualTexts: BridgesMigration = {
  name: '0014_bilingual_texts',
  async up(db) {
    await db.schema
      .alterTable('wall_items')
      .addColumn('language', 'text', (c) => c.notNull().defaultTo(''))
      .execute()
    await db.schema.alterTable('wall_items').addColumn('second_language', 'text').execute()
    await db.schema.alterTable('wall_items').addColumn('second_body', 'text').execute()
  },
}
