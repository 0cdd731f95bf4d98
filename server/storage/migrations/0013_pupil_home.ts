import type { BridgesMigration } from './helpers.js'

/** When each pupil last looked at what is new for her: her home shows what came after. */
export const pupilHome: BridgesMigration = {
  name: '0013_pupil_home',
  async up(db) {
    await db.schema
      .createTable('pupil_home_seen')
      .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
      .addColumn('seen_at', 'text', (c) => c.notNull())
      .execute()
  },
}
