import { z } from 'zod'
import { idSchema } from './common.js'

/** UK schools commonly keep pupils' work a school year after it ends: twelve months unless a school chooses. */
export const DEFAULT_RETENTION_MONTHS = 12
export const MIN_RETENTION_MONTHS = 1
export const MAX_RETENTION_MONTHS = 84

/** What happens to what a leaving pupil wrote: emptied everywhere, or kept under "a former pupil". */
export const leaverContentSchema = z.enum(['delete', 'anonymise'])
export type LeaverContent = z.infer<typeof leaverContentSchema>

export const pupilLeavesSchema = z.object({ content: leaverContentSchema }).strict()
export type PupilLeaves = z.infer<typeof pupilLeavesSchema>

export const pupilLeftSchema = z.object({
  content: leaverContentSchema,
  /** Posts, letters and chat lines emptied (hers when deleting, and those that were only a picture of her). */
  itemsEmptied: z.number().int(),
  /** Hers, kept under "a former pupil". */
  itemsKept: z.number().int(),
  picturesRemoved: z.number().int(),
})
export type PupilLeft = z.infer<typeof pupilLeftSchema>

export const dataProtectionSettingsSchema = z.object({
  retentionMonths: z.number().int().min(MIN_RETENTION_MONTHS).max(MAX_RETENTION_MONTHS),
})
export type DataProtectionSettings = z.infer<typeof dataProtectionSettingsSchema>

export const privacyActionSchema = z.enum(['pupil_removed', 'subject_access', 'retention', 'retention_changed'])

/** One line of a school's data-protection record. `details` holds counts and choices, never anyone's words. */
export const privacyLogEntrySchema = z.object({
  id: idSchema,
  action: privacyActionSchema,
  /** null: the scheduled retention job. */
  actorName: z.string().nullable(),
  subjectId: z.string().nullable(),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  createdAt: z.string(),
})
export type PrivacyLogEntryView = z.infer<typeof privacyLogEntrySchema>

export const subjectAccessParamsSchema = z.object({ pupilId: idSchema })

/** A class's private calendar feed: anyone with the address can read it, so a teacher can replace it. */
export const calendarFeedSchema = z.object({ url: z.string() })
export type CalendarFeed = z.infer<typeof calendarFeedSchema>

export const calendarTokenParamsSchema = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{32,64}\.ics$/) })
