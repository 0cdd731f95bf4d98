import type { BridgesMigration } from './helpers.js'

export const foundation: BridgesMigration = {
  name: '0001_foundation',
  async up(db) {
    await db.schema
      .createTable('schools')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('country', 'text', (c) => c.notNull())
      .addColumn('city', 'text', (c) => c.notNull())
      .addColumn('time_zone', 'text', (c) => c.notNull())
      .addColumn('languages', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute()

    await db.schema
      .createTable('classes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('age_min', 'integer', (c) => c.notNull())
      .addColumn('age_max', 'integer', (c) => c.notNull())
      .addColumn('languages', 'text', (c) => c.notNull())
      .addColumn('subjects', 'text', (c) => c.notNull())
      .addColumn('time_zone', 'text', (c) => c.notNull())
      .addColumn('code', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute()
    await db.schema.createIndex('classes_school_idx').on('classes').column('school_id').execute()

    await db.schema
      .createTable('users')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('email', 'text', (c) => c.unique())
      .addColumn('password_hash', 'text')
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
      .addColumn('class_id', 'text', (c) => c.references('classes.id').onDelete('cascade'))
      .addColumn('personal_code', 'text')
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('locale', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('users_class_code_unique', ['class_id', 'personal_code'])
      .execute()
    await db.schema.createIndex('users_school_idx').on('users').column('school_id').execute()

    await db.schema
      .createTable('class_teachers')
      .addColumn('class_id', 'text', (c) => c.notNull().references('classes.id').onDelete('cascade'))
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addPrimaryKeyConstraint('class_teachers_pk', ['class_id', 'user_id'])
      .execute()

    await db.schema
      .createTable('sessions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .execute()
    await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute()
  },
}
