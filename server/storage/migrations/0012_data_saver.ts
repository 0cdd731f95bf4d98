import type { BridgesMigration } from './helpers.js'

/** A class on a slow school line can turn on a data saver: pictures wait for a tap, assemblies start audio-only. */
export const dataSaver: BridgesMigration = {
  name: '0012_data_saver',
  async up(db) {
    await db.schema
      .alterTable('classes')
      .addColumn('data_saver', 'integer', (c) => c.notNull().defaultTo(0))
      .execute()
  },
}
