import type { BridgesMigration } from './helpers.js'

/**
 * A school is a team: roles for its teachers (school admin, designated safeguarding lead), invitations
 * for colleagues, password resets, and the end of the school day (when pupils' sessions end).
 */
export const schoolTeam: BridgesMigration = {
  name: '0013t_school_team',
  async up(db) {
    await db.schema
      .alterTable('users')
      .addColumn('school_admin', 'integer', (c) => c.notNull().defaultTo(0))
      .execute()
    await db.schema
      .alterTable('users')
      .addColumn('safeguarding_lead', 'integer', (c) => c.notNull().defaultTo(0))
      .execute()
    // Until now every teacher registered her own school: each one is its admin.
    await db.updateTable('users').set({ school_admin: 1 }).where('role', '=', 'teacher').execute()
    await db.schema
      .alterTable('schools')
      .addColumn('day_ends_at', 'text', (c) => c.notNull().defaultTo('15:30'))
      .execute()

    await db.schema
      .createTable('staff_invitations')
      // SHA-256 of the code in the link: a stolen database yields no usable invitation.
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
      .addColumn('created_by', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('used_at', 'text')
      .addColumn('used_by', 'text', (c) => c.references('users.id').onDelete('set null'))
      .execute()
    await db.schema.createIndex('staff_invitations_school_idx').on('staff_invitations').column('school_id').execute()

    await db.schema
      .createTable('password_resets')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      /** The school admin who issued it; null when it was sent by email. */
      .addColumn('issued_by', 'text', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('used_at', 'text')
      .execute()
    await db.schema.createIndex('password_resets_user_idx').on('password_resets').column('user_id').execute()
  },
}
