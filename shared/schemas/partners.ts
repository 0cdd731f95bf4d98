import { z } from 'zod'
import { REGIONS } from '../regions.js'
import { cursorSchema } from './paging.js'
import { DEFAULT_SCHOOL_DAY } from '../schoolHours.js'
import { countryCodeSchema, idSchema, languageTagSchema, safeString, textSchema } from './common.js'

/** "HH:MM", 24-hour clock. */
export const clockTimeSchema = safeString().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use a time such as 08:30')

export const schoolDaySchema = z
  .object({ start: clockTimeSchema, end: clockTimeSchema })
  .refine((day) => day.start < day.end, { message: 'The school day must end after it starts', path: ['end'] })

/**
 * What a teacher publishes to opt a class into the partner directory. Country, age range, languages,
 * subjects and time zone come from the class and its school, so they are kept in one place.
 */
export const directoryEntryInputSchema = z.object({
  themes: z.array(textSchema(40)).max(10).default([]),
  hopes: textSchema(500),
  schoolDay: schoolDaySchema.default(DEFAULT_SCHOOL_DAY),
})
export type DirectoryEntryInput = z.infer<typeof directoryEntryInputSchema>

export const directoryEntrySchema = z.object({
  classId: idSchema,
  className: z.string(),
  schoolId: idSchema,
  schoolName: z.string(),
  country: z.string(),
  region: z.enum(REGIONS).nullable(),
  city: z.string(),
  ageMin: z.number().int(),
  ageMax: z.number().int(),
  languages: z.array(z.string()),
  subjects: z.array(z.string()),
  themes: z.array(z.string()),
  hopes: z.string(),
  timeZone: z.string(),
  schoolDay: schoolDaySchema,
  optedInAt: z.string(),
})
export type DirectoryEntry = z.infer<typeof directoryEntrySchema>

export const overlapSchema = z.object({
  minutesPerWeek: z.number().int(),
  windows: z.array(z.object({ start: z.string(), end: z.string() })),
})

export const directoryResultSchema = directoryEntrySchema.extend({
  /** Shared school hours with the class given as `overlapWith`, when one was given. */
  overlap: overlapSchema.optional(),
})
export type DirectoryResult = z.infer<typeof directoryResultSchema>

const optionalText = z.preprocess((v) => (v === '' ? undefined : v), safeString().trim().max(60).optional())
const optionalAge = z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(3).max(19).optional())

export const directoryQuerySchema = z.object({
  country: z.preprocess((v) => (v === '' ? undefined : v), countryCodeSchema.optional()),
  region: z.preprocess((v) => (v === '' ? undefined : v), z.enum(REGIONS).optional()),
  /** Classes whose age range overlaps [ageMin, ageMax]. */
  ageMin: optionalAge,
  ageMax: optionalAge,
  language: z.preprocess((v) => (v === '' ? undefined : v), languageTagSchema.optional()),
  theme: optionalText,
  /** One of my classes: show shared school hours with it, and leave out its own school. */
  overlapWith: z.preprocess((v) => (v === '' ? undefined : v), idSchema.optional()),
  minOverlapHours: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().min(0).max(60).optional()),
  /** The cursor of the previous page's `nextCursor` (the first page without it). */
  before: cursorSchema.optional(),
  /** Classes a page, bounded. */
  limit: z.coerce.number().int().min(1).max(50).default(10),
})
export type DirectoryQuery = z.infer<typeof directoryQuerySchema>

/**
 * One page of the directory, newest opt-in first: `nextCursor` asks for the next page (null at the end).
 * A page filtered by shared school hours may hold fewer than `limit` classes and still have a next one.
 */
export const directoryPageSchema = z.object({
  items: z.array(directoryResultSchema),
  nextCursor: z.string().nullable(),
})
export type DirectoryPage = z.infer<typeof directoryPageSchema>

export const linkRequestStatusSchema = z.enum(['pending', 'accepted', 'declined', 'withdrawn'])

export const linkRequestInputSchema = z.object({
  /** My class that invites. */
  fromClassId: idSchema,
  /** The class invited (it must be in the directory). */
  toClassId: idSchema,
  message: textSchema(1000),
  /** To invite one more class into an existing link. */
  linkId: idSchema.optional(),
})
export type LinkRequestInput = z.infer<typeof linkRequestInputSchema>

export const requestClassSchema = z.object({
  classId: idSchema,
  className: z.string(),
  schoolId: idSchema,
  schoolName: z.string(),
  country: z.string(),
  city: z.string(),
})
export type RequestClass = z.infer<typeof requestClassSchema>

export const linkRequestSchema = z.object({
  id: idSchema,
  linkId: idSchema.nullable(),
  from: requestClassSchema,
  to: requestClassSchema,
  message: z.string(),
  status: linkRequestStatusSchema,
  createdByName: z.string(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
})
export type LinkRequest = z.infer<typeof linkRequestSchema>

export const requestIdParamsSchema = z.object({ requestId: idSchema })
