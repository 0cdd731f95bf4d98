import { z } from 'zod'
import { idSchema, optionalTextSchema, textSchema } from './common.js'
import { moderationStatusSchema } from './moderation.js'

/** Statements a 7-year-old can answer with a face; the words are translated on the client. */
export const reflectionStatementSchema = z.enum([
  'dayAtPartner',
  'wouldVisit',
  'knowWords',
  'friendAbroad',
  'sameAndDifferent',
  'enjoyLink',
])
export type ReflectionStatement = z.infer<typeof reflectionStatementSchema>

export const faceSchema = z.enum(['yes', 'unsure', 'no'])
export type Face = z.infer<typeof faceSchema>

/** When in the link's life the class reflects. */
export const reflectionMomentSchema = z.enum(['before', 'term'])

export const newReflectionSchema = z.object({
  moment: reflectionMomentSchema,
  statements: z
    .array(reflectionStatementSchema)
    .min(1)
    .max(6)
    .refine((s) => new Set(s).size === s.length, 'Each statement once'),
  question: textSchema(200),
})
export type NewReflection = z.infer<typeof newReflectionSchema>

export const reflectionSchema = z.object({
  id: idSchema,
  classId: idSchema,
  className: z.string(),
  moment: reflectionMomentSchema,
  statements: z.array(reflectionStatementSchema),
  question: z.string(),
  openedAt: z.string(),
  closedAt: z.string().nullable(),
})
export type Reflection = z.infer<typeof reflectionSchema>

export const reflectionAnswerInputSchema = z.object({
  faces: z.partialRecord(reflectionStatementSchema, faceSchema),
  answer: optionalTextSchema(1000),
})
export type ReflectionAnswerInput = z.infer<typeof reflectionAnswerInputSchema>

/** A pupil's answer: seen by her and by her own school's teachers, never by a partner school. */
export const reflectionAnswerSchema = z.object({
  id: idSchema,
  reflectionId: idSchema,
  authorId: idSchema,
  authorName: z.string(),
  faces: z.partialRecord(reflectionStatementSchema, faceSchema),
  answer: z.string(),
  status: moderationStatusSchema,
  rejectReason: z.string().nullable(),
  editNote: z.string().nullable(),
  createdAt: z.string(),
})
export type ReflectionAnswer = z.infer<typeof reflectionAnswerSchema>

/** Counts only: how many pupils chose each face for each statement. */
export const reflectionSummarySchema = z.object({
  answered: z.number().int(),
  classSize: z.number().int(),
  counts: z.partialRecord(
    reflectionStatementSchema,
    z.object({ yes: z.number().int(), unsure: z.number().int(), no: z.number().int() }),
  ),
})
export type ReflectionSummary = z.infer<typeof reflectionSummarySchema>

/** A reflection as the viewer may see it: a pupil gets her own answer, her teachers every answer and the counts. */
export const reflectionViewSchema = z.object({
  reflection: reflectionSchema,
  mine: reflectionAnswerSchema.nullable(),
  answers: z.array(reflectionAnswerSchema),
  summary: reflectionSummarySchema.nullable(),
})
export type ReflectionView = z.infer<typeof reflectionViewSchema>

export const reflectionParamsSchema = z.object({ reflectionId: idSchema })
export const classParamsSchema = z.object({ classId: idSchema })
