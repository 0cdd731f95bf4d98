import { z } from 'zod'
import { CLASS_CODE_LENGTH, MAX_TYPED_CODE_LENGTH, PERSONAL_CODE_LENGTH, normalizeCode } from '../codes.js'
import { SUPPORTED_LOCALES } from '../locales.js'
import { idSchema, requireSomeField, safeString, textSchema } from './common.js'
import { schoolInputSchema, schoolSchema } from './schools.js'

export const localeSchema = z.enum(SUPPORTED_LOCALES)

export const MIN_PASSWORD_LENGTH = 10

export const emailSchema = safeString().trim().toLowerCase().max(254).pipe(z.email('Enter a valid email address'))

export const teacherSignUpSchema = z.object({
  email: emailSchema,
  // Strength is checked by the accounts service so the error can name the rule (WEAK_PASSWORD).
  password: safeString().min(1).max(200),
  displayName: textSchema(80),
  locale: localeSchema.optional(),
  school: schoolInputSchema,
})
export type TeacherSignUp = z.infer<typeof teacherSignUpSchema>

/**
 * A WEAK_PASSWORD refusal names the field in `fields` (e.g. `fields.password`, in English) and carries
 * zxcvbn's feedback as keys the client translates: `<field>.warning` (one key, may be absent) and
 * `<field>.suggestions` (keys separated by commas).
 */
export const passwordFeedbackKeys = (field: string) => ({
  warning: `${field}.warning`,
  suggestions: `${field}.suggestions`,
})

export const changePasswordSchema = z.object({
  currentPassword: safeString().min(1).max(200),
  newPassword: safeString().min(1).max(200),
})
export type ChangePassword = z.infer<typeof changePasswordSchema>

/**
 * `locale`: a language chosen on the sign-in page before signing in. When present it becomes the
 * account's language; when absent the account keeps the one it has (see the client's chooseLocaleSignedOut).
 */
export const teacherSignInSchema = z.object({
  email: emailSchema,
  password: safeString().min(1).max(200),
  locale: localeSchema.optional(),
})
export type TeacherSignIn = z.infer<typeof teacherSignInSchema>

export { CODE_ALPHABET, CLASS_CODE_LENGTH, PERSONAL_CODE_LENGTH } from '../codes.js'

const codeSchema = (length: number) =>
  safeString()
    .max(MAX_TYPED_CODE_LENGTH)
    .transform(normalizeCode)
    .pipe(z.string().length(length, `${length} characters`))

/** `locale` as for teachers: a language chosen on the sign-in page becomes the pupil's own. */
export const pupilSignInSchema = z.object({
  classCode: codeSchema(CLASS_CODE_LENGTH),
  personalCode: codeSchema(PERSONAL_CODE_LENGTH),
  locale: localeSchema.optional(),
})
export type PupilSignIn = z.infer<typeof pupilSignInSchema>

export const roleSchema = z.enum(['teacher', 'pupil'])
export type Role = z.infer<typeof roleSchema>

export const userSchema = z.object({
  id: idSchema,
  role: roleSchema,
  displayName: z.string(),
  email: z.string().nullable(),
  schoolId: idSchema,
  /** The pupil's class; null for teachers. */
  classId: idSchema.nullable(),
  locale: localeSchema,
  /** A teacher who invites and removes colleagues, names the safeguarding lead and issues reset links. */
  schoolAdmin: z.boolean(),
  /** The school's designated safeguarding lead: reads everything its pupils wrote and its whole audit record. */
  safeguardingLead: z.boolean(),
})
export type User = z.infer<typeof userSchema>

/** Who is signed in (GET /api/me and every sign-in's answer). */
export const meSchema = z.object({
  user: userSchema,
  school: schoolSchema,
  /** Pictures wait for a tap and assemblies start audio-only: a pupil's class has its data saver on, or a class her teacher teaches. */
  dataSaver: z.boolean(),
})
export type Me = z.infer<typeof meSchema>

/** `session:whoami` takes an empty object. */
export const whoamiSchema = z.object({}).strict()

/** A teacher may change her language and her name; a pupil only her language (her teachers set her name). */
export const updateMeSchema = requireSomeField(
  z.object({
    locale: localeSchema.optional(),
    displayName: textSchema(80).optional(),
  }),
)
export type UpdateMe = z.infer<typeof updateMeSchema>
