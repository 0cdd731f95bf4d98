import { z } from 'zod'
import { idSchema, optionalTextSchema, textSchema } from './common.js'

/** How far an agreed outcome was met at a review. */
export const reviewRatingSchema = z.enum(['met', 'partly', 'not_yet'])
export type ReviewRating = z.infer<typeof reviewRatingSchema>

/** Evidence is picked from the link's own record. */
export const evidenceKindSchema = z.enum(['assembly', 'round', 'thread'])
export type EvidenceKind = z.infer<typeof evidenceKindSchema>

export const evidenceRefSchema = z.object({ kind: evidenceKindSchema, id: idSchema })
export type EvidenceRef = z.infer<typeof evidenceRefSchema>

export const evidenceOptionSchema = evidenceRefSchema.extend({ title: z.string(), date: z.string() })
export type EvidenceOption = z.infer<typeof evidenceOptionSchema>

/**
 * One review of one outcome: first each school on its own (`school`), then both together (`joint`),
 * the research's "How are we doing? How do we know? What do we do next?".
 */
export const outcomeReviewInputSchema = z.object({
  /** The outcome's position in the current agreement's list of outcomes. */
  outcomeIndex: z.number().int().min(0).max(19),
  scope: z.enum(['school', 'joint']),
  rating: reviewRatingSchema,
  evidence: z.array(evidenceRefSchema).max(20).default([]),
  nextSteps: optionalTextSchema(1000),
})
export type OutcomeReviewInput = z.infer<typeof outcomeReviewInputSchema>

export const outcomeReviewSchema = z.object({
  id: idSchema,
  outcome: z.string(),
  scope: z.enum(['school', 'joint']),
  /** The reviewing school (null for a joint review). */
  schoolId: idSchema.nullable(),
  schoolName: z.string().nullable(),
  rating: reviewRatingSchema,
  evidence: z.array(evidenceOptionSchema),
  nextSteps: z.string(),
  reviewedByName: z.string(),
  reviewedAt: z.string(),
})
export type OutcomeReview = z.infer<typeof outcomeReviewSchema>

export const outcomeStateSchema = z.object({
  index: z.number().int(),
  text: z.string(),
  /** When this outcome is next due for review (a date). */
  nextDue: z.string(),
  overdue: z.boolean(),
  /** The schools' own reviews since the last joint one. */
  schoolReviews: z.array(outcomeReviewSchema),
  /** Schools of the link still to record their own review before the joint one. */
  awaitingSchoolIds: z.array(idSchema),
  lastJoint: outcomeReviewSchema.nullable(),
  history: z.array(outcomeReviewSchema),
})
export type OutcomeState = z.infer<typeof outcomeStateSchema>

export const outcomeReviewsSchema = z.object({
  linkId: idSchema,
  reviewEveryWeeks: z.number().int(),
  outcomes: z.array(outcomeStateSchema),
  evidenceOptions: z.array(evidenceOptionSchema),
})
export type OutcomeReviews = z.infer<typeof outcomeReviewsSchema>

/** The link home's line about reviews: the next one due and how the last joint one went. */
export const reviewSummarySchema = z.object({
  nextDue: z.string().nullable(),
  last: z
    .object({ at: z.string(), met: z.number().int(), partly: z.number().int(), notYet: z.number().int() })
    .nullable(),
})
export type ReviewSummary = z.infer<typeof reviewSummarySchema>

/** Subjects a school offers when tagging activities; the school extends it by using new ones. */
export const DEFAULT_SUBJECTS = [
  'English',
  'Mathematics',
  'Science',
  'Geography',
  'History',
  'Art',
  'Music',
  'Languages',
  'Citizenship',
  'PE',
] as const

export const curriculumKindSchema = z.enum(['plan_item', 'assembly', 'round'])
export type CurriculumKind = z.infer<typeof curriculumKindSchema>

/** What a school records about an activity's place in its own curriculum (each school its own). */
export const curriculumInputSchema = z.object({
  subjects: z.array(textSchema(60)).max(10).default([]),
  /** UN Sustainable Development Goals, 1–17. */
  sdgs: z.array(z.number().int().min(1).max(17)).max(17).default([]),
  partnerLanguage: z.boolean().default(false),
})
export type CurriculumInput = z.infer<typeof curriculumInputSchema>

/** Tags one activity of the link: a plan item (its id in the agreement), an assembly or a round. */
export const curriculumTagSchema = curriculumInputSchema.extend({
  kind: curriculumKindSchema,
  itemId: z.string().min(1).max(64),
})
export type CurriculumTag = z.infer<typeof curriculumTagSchema>
