import type { BridgesMigration } from './helpers.js'

/**
 * Evidence of a partnership's worth: reviews of the agreed outcomes (each school's own, then the
 * joint one), each school's curriculum tags on the link's activities, pupils' reflections (private
 * to the pupil's school) and the notes a school adds to its portfolio.
 */
export const partnershipEvidence: BridgesMigration = {
  name: '0015_partnership_evidence',
  async up(db) {
    await db.schema
      .createTable('outcome_reviews')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('link_id', 'text', (c) => c.notNull().references('links.id').onDelete('cascade'))
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('scope', 'text', (c) => c.notNull())
      .addColumn('school_id', 'text')
      .addColumn('rating', 'text', (c) => c.notNull())
      .addColumn('evidence', 'text', (c) => c.notNull())
      .addColumn('next_steps', 'text', (c) => c.notNull())
      .addColumn('reviewed_by', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('reviewed_at', 'text', (c) => c.notNull())
      .execute()
    await db.schema
      .createIndex('outcome_reviews_link_idx')
      .on('outcome_reviews')
      .columns(['link_id', 'reviewed_at'])
      .execute()
    await db.schema
      .createTable('activity_curriculum')
      .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('item_id', 'text', (c) => c.notNull())
      .addColumn('link_id', 'text', (c) => c.notNull().references('links.id').onDelete('cascade'))
      .addColumn('subjects', 'text', (c) => c.notNull())
      .addColumn('sdgs', 'text', (c) => c.notNull())
      .addColumn('partner_language', 'integer', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('activity_curriculum_pk', ['school_id', 'kind', 'item_id'])
      .execute()
    await db.schema
      .createTable('reflections')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('class_id', 'text', (c) => c.notNull().references('classes.id').onDelete('cascade'))
      .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
      .addColumn('moment', 'text', (c) => c.notNull())
      .addColumn('statements', 'text', (c) => c.notNull())
      .addColumn('question', 'text', (c) => c.notNull())
      .addColumn('opened_by', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('opened_at', 'text', (c) => c.notNull())
      .addColumn('closed_at', 'text')
      .execute()
    await db.schema.createIndex('reflections_class_idx').on('reflections').columns(['class_id', 'opened_at']).execute()
    await db.schema
      .createTable('reflection_answers')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('reflection_id', 'text', (c) => c.notNull().references('reflections.id').onDelete('cascade'))
      .addColumn('author_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('school_id', 'text', (c) => c.notNull())
      .addColumn('class_id', 'text', (c) => c.notNull())
      .addColumn('faces', 'text', (c) => c.notNull())
      .addColumn('answer', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('reject_reason', 'text')
      .addColumn('edit_note', 'text')
      .addColumn('flagged', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('reflection_answers_one_per_pupil', ['reflection_id', 'author_id'])
      .execute()
    await db.schema
      .createTable('portfolio_notes')
      .addColumn('school_id', 'text', (c) => c.primaryKey().references('schools.id').onDelete('cascade'))
      .addColumn('staff_development', 'text', (c) => c.notNull())
      .addColumn('community', 'text', (c) => c.notNull())
      .addColumn('policy', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute()
  },
}
