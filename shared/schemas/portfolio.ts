import { z } from 'zod'
import { isoDateSchema } from './agreements.js'
import { optionalTextSchema } from './common.js'

export const portfolioQuerySchema = z
  .object({ from: isoDateSchema.optional(), to: isoDateSchema.optional() })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'The start must not be after the end', path: ['from'] })
export type PortfolioQuery = z.infer<typeof portfolioQuerySchema>

/** What the app cannot know: the school writes it itself. */
export const portfolioNotesSchema = z.object({
  staffDevelopment: optionalTextSchema(4000),
  community: optionalTextSchema(4000),
  policy: optionalTextSchema(4000),
})
export type PortfolioNotes = z.infer<typeof portfolioNotesSchema>

export const isaLevelSchema = z.enum(['none', 'foundation', 'intermediate', 'accreditation'])
export type IsaLevel = z.infer<typeof isaLevelSchema>

/** One criterion of a level or label: met or not, with what the record shows (figures for the sentence). */
export const criterionSchema = z.object({
  id: z.string(),
  met: z.boolean(),
  /** Figures the sentence is written from, e.g. { have: 2, need: 3 }. */
  figures: z.record(z.string(), z.union([z.number(), z.string()])),
})
export type Criterion = z.infer<typeof criterionSchema>

export const portfolioActivitySchema = z.object({
  kind: z.enum(['plan_item', 'assembly', 'round']),
  id: z.string(),
  title: z.string(),
  date: z.string(),
  linkId: z.string(),
  partners: z.array(z.object({ schoolName: z.string(), country: z.string() })),
  withPartnerAbroad: z.boolean(),
  subjects: z.array(z.string()),
  sdgs: z.array(z.number().int()),
  partnerLanguage: z.boolean(),
  /** My school's classes that took part, by age (never a pupil's name). */
  classes: z.array(z.object({ className: z.string(), ages: z.string(), pupils: z.number().int() })),
})
export type PortfolioActivity = z.infer<typeof portfolioActivitySchema>

export const portfolioSchema = z.object({
  school: z.object({ id: z.string(), name: z.string(), country: z.string() }),
  from: z.string(),
  to: z.string(),
  generatedAt: z.string(),
  level: isaLevelSchema,
  /** The level above the one met (null at accreditation), with its criteria still missing. */
  nextLevel: isaLevelSchema.nullable(),
  isa: z.array(z.object({ level: isaLevelSchema, met: z.boolean(), criteria: z.array(criterionSchema) })),
  etwinning: z.array(criterionSchema),
  activities: z.array(portfolioActivitySchema),
  figures: z.object({
    pupils: z.number().int(),
    pupilsInvolved: z.number().int(),
    activitiesPerMonth: z.array(z.object({ month: z.string(), linkName: z.string(), count: z.number().int() })),
    lettersPerRound: z.array(
      z.object({ round: z.string(), date: z.string(), sent: z.number().int(), received: z.number().int() }),
    ),
    reflections: z.array(
      z.object({
        date: z.string(),
        className: z.string(),
        statement: z.string(),
        yes: z.number().int(),
        unsure: z.number().int(),
        no: z.number().int(),
      }),
    ),
  }),
  reviews: z.array(
    z.object({ linkName: z.string(), outcome: z.string(), rating: z.string(), at: z.string(), nextSteps: z.string() }),
  ),
  notes: portfolioNotesSchema,
  /**
   * Pictures shared in the range, only where a teacher said who each shows and everyone shown has
   * photo consent; whoever shared one is described by class only ("a pupil in Year 5").
   */
  pictures: z.array(
    z.object({
      mediaId: z.string(),
      date: z.string(),
      linkName: z.string(),
      byPupil: z.boolean(),
      className: z.string().nullable(),
      width: z.number().int(),
      height: z.number().int(),
    }),
  ),
})
export type Portfolio = z.infer<typeof portfolioSchema>
export type PortfolioPicture = Portfolio['pictures'][number]

/** A link's activities with my school's curriculum tags, and the subjects my school can choose from. */
export const linkActivitiesSchema = z.object({
  subjects: z.array(z.string()),
  activities: z.array(portfolioActivitySchema),
})
export type LinkActivities = z.infer<typeof linkActivitiesSchema>
