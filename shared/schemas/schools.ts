import { z } from 'zod'
import { countryCodeSchema, idSchema, languagesSchema, requireSomeField, textSchema, timeZoneSchema } from './common.js'
import { SUPPORTED_LOCALES } from '../locales.js'
import { clockTimeSchema } from './partners.js'

export const schoolInputSchema = z.object({
  name: textSchema(120),
  country: countryCodeSchema,
  city: textSchema(80),
  timeZone: timeZoneSchema,
  languages: languagesSchema,
})
export type SchoolInput = z.infer<typeof schoolInputSchema>

export const schoolSchema = schoolInputSchema.extend({
  id: idSchema,
  /** Local "HH:MM" when the school day ends: a pupil's sign-in ends then (shared class computers). */
  dayEndsAt: clockTimeSchema,
})
export type School = z.infer<typeof schoolSchema>

export const updateSchoolSchema = requireSomeField(schoolInputSchema.extend({ dayEndsAt: clockTimeSchema }).partial())
export type UpdateSchool = z.infer<typeof updateSchoolSchema>

const ageSchema = z.number().int().min(3).max(19)

const classFieldsSchema = z.object({
  name: textSchema(80),
  ageMin: ageSchema,
  ageMax: ageSchema,
  languages: languagesSchema,
  subjects: z.array(textSchema(40)).max(20),
  timeZone: timeZoneSchema,
})

const ageRangeIsOrdered = (value: { ageMin?: number; ageMax?: number }) =>
  value.ageMin === undefined || value.ageMax === undefined || value.ageMin <= value.ageMax
const ageRangeMessage = { message: 'ageMin must not be above ageMax', path: ['ageMax'] }

export const classInputSchema = classFieldsSchema
  .extend({ subjects: classFieldsSchema.shape.subjects.default([]) })
  .refine(ageRangeIsOrdered, ageRangeMessage)
export type ClassInput = z.infer<typeof classInputSchema>

/** On a slow school line: pictures wait for a tap, and assemblies start audio-only until the teacher turns video on. */
const dataSaverSchema = z.boolean()

/** The interface language a class's pupils start in (their session, their sign-in cards); null: none set. */
const defaultLocaleSchema = z.enum(SUPPORTED_LOCALES).nullable()

// No defaults here: a partial change filling in `subjects: []` would wipe the class's subjects.
export const updateClassSchema = requireSomeField(
  classFieldsSchema
    .partial()
    .extend({ dataSaver: dataSaverSchema.optional(), defaultLocale: defaultLocaleSchema.optional() }),
).refine(ageRangeIsOrdered, ageRangeMessage)
export type UpdateClass = z.infer<typeof updateClassSchema>

export const classSchema = classFieldsSchema.extend({
  id: idSchema,
  schoolId: idSchema,
  /** What pupils type to sign in, printed on their cards. */
  code: z.string(),
  pupilCount: z.number().int(),
  dataSaver: dataSaverSchema,
  /** Optional so classes cached before it was added still parse. */
  defaultLocale: defaultLocaleSchema.optional(),
})
export type SchoolClass = z.infer<typeof classSchema>

export const newPupilsSchema = z.object({
  displayNames: z.array(textSchema(60)).min(1).max(60),
})
export type NewPupils = z.infer<typeof newPupilsSchema>

export const updatePupilSchema = requireSomeField(
  z.object({
    displayName: textSchema(60).optional(),
    active: z.boolean().optional(),
  }),
)
export type UpdatePupil = z.infer<typeof updatePupilSchema>

export const pupilSchema = z.object({
  id: idSchema,
  classId: idSchema,
  displayName: z.string(),
  /** Printed on the pupil's sign-in card; only the class's teachers ever receive it. */
  personalCode: z.string(),
  active: z.boolean(),
})
export type Pupil = z.infer<typeof pupilSchema>

export const classIdParamsSchema = z.object({ classId: idSchema })
export const pupilParamsSchema = z.object({ classId: idSchema, pupilId: idSchema })

/** How pupils' sign-ins to a class are being held back, as its teachers see it. */
export const classSignInLockSchema = z.object({
  /** `blocked`: sign-ins from addresses new to the school are refused (someone may be guessing codes from
   *  elsewhere); `slowed`: one of the school's own addresses must pause between tries; `open`: neither. */
  state: z.enum(['open', 'slowed', 'blocked']),
  /** Failed pupil sign-ins to this class in the current window, from anywhere. */
  failedAttempts: z.number().int().min(0),
  newAddressesBlocked: z.boolean(),
  /** Seconds until it ends by itself (null when open). */
  retryAfterSeconds: z.number().int().min(1).nullable(),
})
export type ClassSignInLock = z.infer<typeof classSignInLockSchema>
