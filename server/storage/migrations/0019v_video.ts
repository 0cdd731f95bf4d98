import type { BridgesMigration } from './helpers.js'

/**
 * Video postcards. A video's id is a media id: its poster is that picture (so "who is shown", photo
 * consent and the one visibility rule apply as to any picture). `videos` is also the transcode job
 * queue: any node claims a queued row (or one whose lease ran out, a node that died) with one
 * conditional update, so jobs survive a restart and spread over nodes. Captions are WebVTT per
 * language; the longest video is a school setting and pupils' recording a class setting.
 */
export const video: BridgesMigration = {
  name: '0019v_video',
  async up(db) {
    await db.schema
      .createTable('videos')
      .addColumn('media_id', 'text', (c) => c.primaryKey().references('media.id').onDelete('cascade'))
      .addColumn('link_id', 'text', (c) => c.notNull().references('links.id').onDelete('cascade'))
      .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
      .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('progress', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('duration_ms', 'integer', (c) => c.notNull())
      .addColumn('width', 'integer', (c) => c.notNull())
      .addColumn('height', 'integer', (c) => c.notNull())
      .addColumn('bytes', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('claimed_by', 'text')
      .addColumn('lease_until', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute()
    await db.schema.createIndex('videos_status_idx').on('videos').columns(['status', 'created_at']).execute()
    await db.schema
      .createTable('video_captions')
      .addColumn('media_id', 'text', (c) => c.notNull().references('videos.media_id').onDelete('cascade'))
      .addColumn('language', 'text', (c) => c.notNull())
      .addColumn('vtt', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('video_captions_pk', ['media_id', 'language'])
      .execute()
    await db.schema
      .createTable('school_video_settings')
      .addColumn('school_id', 'text', (c) => c.primaryKey().references('schools.id').onDelete('cascade'))
      .addColumn('max_seconds', 'integer', (c) => c.notNull())
      .execute()
    await db.schema
      .createTable('class_video_settings')
      .addColumn('class_id', 'text', (c) => c.primaryKey().references('classes.id').onDelete('cascade'))
      .addColumn('pupils_may_record', 'integer', (c) => c.notNull())
      .execute()
  },
}
