import type { BridgesMigration } from './helpers.js'

/**
 * Picture bytes in the database, so every node behind a proxy serves every picture (a node's own
 * disk holds only what was uploaded through it). Used on PostgreSQL; the embedded default keeps
 * pictures on disk, and the table stays empty there.
 */
export const mediaBlobs: BridgesMigration = {
  name: '0016b_media_blobs',
  async up(db, dialect) {
    await db.schema
      .createTable('media_blobs')
      .addColumn('media_id', 'text', (c) => c.notNull().references('media.id').onDelete('cascade'))
      .addColumn('size', 'text', (c) => c.notNull())
      .addColumn('bytes', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
      .addPrimaryKeyConstraint('media_blobs_pk', ['media_id', 'size'])
      .execute()
  },
}
