import { z } from 'zod'
import { idSchema } from './common.js'
import { reviewSummarySchema } from './outcomeReviews.js'

/**
 * A link joins 2–4 classes of different schools. It is `forming` until every class has signed the
 * current agreement, then `active`; any of its teachers can pause it or end it (the exit strategy).
 */
export const linkStatusSchema = z.enum(['forming', 'active', 'paused', 'ended'])
export type LinkStatus = z.infer<typeof linkStatusSchema>

export const MAX_CLASSES_PER_LINK = 4

/** A class as its partners see it: never its pupils or its sign-in code. */
export const linkClassSchema = z.object({
  classId: idSchema,
  className: z.string(),
  schoolId: idSchema,
  schoolName: z.string(),
  country: z.string(),
  city: z.string(),
  timeZone: z.string(),
  languages: z.array(z.string()),
  ageMin: z.number().int(),
  ageMax: z.number().int(),
  /** 0–3: which of the link's accent colours marks this class's posts. */
  colorIndex: z.number().int().min(0).max(3),
  joinedAt: z.string(),
})
export type LinkClass = z.infer<typeof linkClassSchema>

export const linkSchema = z.object({
  id: idSchema,
  status: linkStatusSchema,
  classes: z.array(linkClassSchema),
  createdAt: z.string(),
})
export type Link = z.infer<typeof linkSchema>

export const linkIdParamsSchema = z.object({ linkId: idSchema })

/** Something that happened in a link, shown on its home page; params fill the translated sentence. */
export const activityKindSchema = z.enum([
  'link_created',
  'class_joined',
  'agreement_edited',
  'agreement_signed',
  'link_active',
  'link_paused',
  'link_resumed',
  'link_ended',
  'plan_item_done',
  'board_post',
  'wall_item',
  'assembly_held',
])
export type ActivityKind = z.infer<typeof activityKindSchema>

export const activitySchema = z.object({
  id: idSchema,
  kind: activityKindSchema,
  actorName: z.string().nullable(),
  classId: idSchema.nullable(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  createdAt: z.string(),
})
export type Activity = z.infer<typeof activitySchema>

/** Why a link may be flagging: the agreed contact rhythm is slipping, or a plan item is overdue. */
export const healthIssueSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('contact_overdue'),
    daysSinceContact: z.number().int(),
    contactEveryDays: z.number().int(),
  }),
  z.object({
    kind: z.literal('plan_overdue'),
    count: z.number().int(),
    firstActivity: z.string(),
    firstDate: z.string(),
  }),
  z.object({ kind: z.literal('signatures_needed'), count: z.number().int() }),
  z.object({ kind: z.literal('review_overdue'), dueDate: z.string() }),
])
export type HealthIssue = z.infer<typeof healthIssueSchema>

export const upcomingItemSchema = z.object({
  id: idSchema,
  date: z.string(),
  activity: z.string(),
  outcome: z.string(),
})

export const linkOverviewSchema = z.object({
  link: linkSchema,
  agreementVersion: z.number().int(),
  awaitingClassIds: z.array(idSchema),
  upcoming: z.array(upcomingItemSchema),
  activity: z.array(activitySchema),
  health: z.array(healthIssueSchema),
  /** The next review of the agreed outcomes and how the last joint one went. */
  reviews: reviewSummarySchema,
})
export type LinkOverview = z.infer<typeof linkOverviewSchema>

export const linkPresenceSchema = z.object({ linkId: idSchema, onlineClassIds: z.array(idSchema) })
export type LinkPresence = z.infer<typeof linkPresenceSchema>

export const linkRoomPayloadSchema = z.object({ linkId: idSchema })
export type LinkRoomPayload = z.infer<typeof linkRoomPayloadSchema>
