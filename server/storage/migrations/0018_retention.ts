import { sql } from 'kysely'
import type { BridgesMigration } from './helpers.js'

/**
 * Data protection: how long a school keeps the content of an ended link, pupils who left (their row
 * stays as a nameless tombstone so what others wrote to them keeps its shape), the privacy log (what
 * was removed or handed out, by whom), sign-in and photo-consent history for subject access, which
 * ended links each school's retention has swept, and each class's private calendar token.
 */
export const retention: BridgesMigration = {
  name: '0018_retention',
  async up(db) {
    await db.schema
      .alterTable('schools')
      .addColumn('retention_months', 'integer', (c) => c.notNull().defaultTo(12))
      .execute()
    await db.schema.alterTable('users').addColumn('left_at', 'text').execute()
    await db.schema.alterTable('classes').addColumn('calendar_token', 'text').execute()
    await db.schema.createIndex('classes_calendar_token_idx').on('classes').column('calendar_token').unique().execute()

    await db.schema
      .createTable('privacy_log')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
      // null: the scheduled retention job.
      .addColumn('actor_id', 'text', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('subject_id', 'text')
      .addColumn('details', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute()
    await db.schema
      .createIndex('privacy_log_school_idx')
      .on('privacy_log')
      .columns(['school_id', 'created_at'])
      .execute()

    await db.schema
      .createTable('sign_ins')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('at', 'text', (c) => c.notNull())
      .execute()
    await db.schema.createIndex('sign_ins_user_idx').on('sign_ins').columns(['user_id', 'at']).execute()

    await db.schema
      .createTable('consent_history')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('pupil_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('consent', 'integer', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute()
    await db.schema
      .createIndex('consent_history_pupil_idx')
      .on('consent_history')
      .columns(['pupil_id', 'updated_at'])
      .execute()
    // What the register holds today is the first entry of each pupil's history.
    await sql`insert into consent_history (id, pupil_id, consent, updated_by, updated_at) select 'initial-' || pupil_id, pupil_id, consent, updated_by, updated_at from photo_consent`.execute(
      db,
    )

    await db.schema
      .createTable('retention_sweeps')
      .addColumn('link_id', 'text', (c) => c.notNull().references('links.id').onDelete('cascade'))
      .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
      .addColumn('swept_at', 'text', (c) => c.notNull())
      // The claim: only one node's insert of (link, school) succeeds, so each sweep happens once.
      .addPrimaryKeyConstraint('retention_sweeps_pk', ['link_id', 'school_id'])
      .execute()
  },
}
