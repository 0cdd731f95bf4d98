import { z } from 'zod'

/**
 * How long a kind of data is kept: `linkRetention` follows the school's setting (months after a link
 * ends), `session` the sign-in lifetime; the others are described in words (privacy:stored.categories).
 */
export const retentionRuleSchema = z.enum(['linkRetention', 'session', 'described'])

/**
 * Every kind of personal data Bridges stores, by the database tables that hold it. The page "What is
 * stored" is made from this and the live schema; a test fails when a table is in neither list, so the
 * page cannot drift from the database.
 */
export const DATA_CATEGORIES = [
  { id: 'schoolProfile', tables: ['schools', 'school_video_settings'], retention: 'described' },
  {
    id: 'teacherAccount',
    tables: ['users', 'class_teachers', 'staff_invitations', 'password_resets'],
    retention: 'described',
  },
  { id: 'pupilAccount', tables: ['users', 'pupil_home_seen'], retention: 'described' },
  { id: 'sessions', tables: ['sessions', 'sign_ins'], retention: 'session' },
  { id: 'classes', tables: ['classes', 'directory_entries', 'class_video_settings'], retention: 'described' },
  {
    id: 'links',
    tables: [
      'links',
      'link_classes',
      'link_requests',
      'agreement_versions',
      'agreement_signatures',
      'plan_items_done',
      'link_activity',
      'retention_sweeps',
      'outcome_reviews',
      'activity_curriculum',
      'portfolio_notes',
    ],
    retention: 'described',
  },
  { id: 'posts', tables: ['boards', 'posts'], retention: 'linkRetention' },
  { id: 'wall', tables: ['wall_items', 'rounds', 'round_early_release'], retention: 'linkRetention' },
  { id: 'chat', tables: ['assembly_chat_messages'], retention: 'linkRetention' },
  { id: 'assemblies', tables: ['assemblies', 'attendance'], retention: 'described' },
  {
    id: 'media',
    tables: ['media', 'media_people', 'media_blobs', 'paper_pages', 'videos', 'video_captions'],
    retention: 'linkRetention',
  },
  { id: 'consent', tables: ['photo_consent', 'consent_history'], retention: 'described' },
  { id: 'penPals', tables: ['pen_pals'], retention: 'described' },
  { id: 'reflections', tables: ['reflections', 'reflection_answers'], retention: 'described' },
  {
    id: 'moderation',
    tables: ['moderation_queue', 'moderation_audit', 'moderation_flags', 'pupil_notices'],
    retention: 'described',
  },
  { id: 'privacyLog', tables: ['privacy_log'], retention: 'described' },
  { id: 'technical', tables: ['idempotency_keys', 'board_events'], retention: 'described' },
  // On PostgreSQL only: pg-boss's own schema (see SCHEMA_CATEGORIES), the video transcode queue.
  { id: 'videoQueue', tables: [], retention: 'described' },
] as const satisfies readonly {
  id: string
  tables: readonly string[]
  retention: z.infer<typeof retentionRuleSchema>
}[]

/**
 * Whole schemas another program keeps in the database, each described by one category: every table in
 * them (listed as `schema.table`) is that category's. pg-boss's jobs name a video by its id alone; it
 * archives a finished job after an hour and deletes it a day later (see PgBossVideoQueue).
 */
export const SCHEMA_CATEGORIES: Readonly<Record<string, (typeof DATA_CATEGORIES)[number]['id']>> = {
  pgboss: 'videoQueue',
}

/** Tables that hold nothing about a person (the migrator's own bookkeeping). */
export const NON_PERSONAL_TABLES = ['kysely_migration', 'kysely_migration_lock'] as const

export const dataCategorySchema = z.object({
  id: z.enum(DATA_CATEGORIES.map((c) => c.id) as [string, ...string[]]),
  retention: retentionRuleSchema,
  /** The tables and their columns, as the database has them now. */
  tables: z.array(z.object({ name: z.string(), columns: z.array(z.string()) })),
})

export const dataInventorySchema = z.object({
  categories: z.array(dataCategorySchema),
  /** The reader's school's setting when a teacher asks; the default otherwise. */
  retentionMonths: z.number().int(),
  sessionDays: z.number().int(),
})
export type DataInventory = z.infer<typeof dataInventorySchema>
