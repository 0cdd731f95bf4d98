import { z } from 'zod'
import { idSchema, optionalTextSchema, textSchema } from './common.js'

const longText = optionalTextSchema
export const isoDateSchema = z.iso.date()

/** A dated activity of the timetabled plan, with the outcome the schools expect from it. */
export const planItemSchema = z.object({
  id: idSchema,
  date: isoDateSchema,
  activity: textSchema(200),
  outcome: longText(500),
})
export type PlanItem = z.infer<typeof planItemSchema>

export const schoolRoleSchema = z.object({ schoolId: idSchema, responsibilities: longText(2000) })

/**
 * The link agreement, section by section, as the research on lasting school links describes it:
 * aims, principles, how and how often classes communicate, a timetabled plan, resources, roles,
 * evaluation and an exit strategy.
 */
export const agreementContentSchema = z.object({
  aims: longText(4000),
  principles: longText(4000),
  communication: z.object({
    how: longText(2000),
    /** The agreed rhythm: classes should be in contact at least every this many days. */
    contactEveryDays: z.number().int().min(1).max(90).default(14),
  }),
  plan: z.array(planItemSchema).max(100).default([]),
  resources: longText(2000),
  roles: z.array(schoolRoleSchema).max(4).default([]),
  evaluation: z.object({
    outcomes: z.array(textSchema(300)).max(20).default([]),
    review: longText(2000),
    /** Each outcome is reviewed by both schools this often (13 weeks: about a school term). */
    reviewEveryWeeks: z.number().int().min(2).max(52).default(13),
  }),
  exitStrategy: longText(2000),
})
export type AgreementContent = z.infer<typeof agreementContentSchema>

/** Nothing written yet (the draft every link starts with): there is nothing to agree to, so nothing to sign. */
export function isEmptyAgreement(content: AgreementContent): boolean {
  return (
    !content.aims.trim() && !content.principles.trim() && !content.communication.how.trim() && content.plan.length === 0
  )
}

/** The parts of the agreement that differ between two versions (what a partner changed). */
export const AGREEMENT_PARTS = [
  'aims',
  'principles',
  'communication',
  'plan',
  'resources',
  'roles',
  'evaluation',
  'exitStrategy',
] as const
export function changedParts(before: AgreementContent, after: AgreementContent): (typeof AGREEMENT_PARTS)[number][] {
  return AGREEMENT_PARTS.filter((part) => JSON.stringify(before[part]) !== JSON.stringify(after[part]))
}

export const agreementEditSchema = z.object({
  /** The version the teacher was editing: a stale one is refused so nobody overwrites a partner's edit. */
  baseVersion: z.number().int().min(1),
  content: agreementContentSchema,
})
export type AgreementEdit = z.infer<typeof agreementEditSchema>

export const agreementSignSchema = z.object({
  version: z.number().int().min(1),
  /** My class in the link that signs (a school with two classes in a link signs for each). */
  classId: idSchema,
})
export type AgreementSign = z.infer<typeof agreementSignSchema>

export const signatureSchema = z.object({
  classId: idSchema,
  signedByName: z.string(),
  signedAt: z.string(),
})

export const agreementVersionSchema = z.object({
  version: z.number().int(),
  content: agreementContentSchema,
  editedByName: z.string(),
  editedAt: z.string(),
  signatures: z.array(signatureSchema),
})
export type AgreementVersion = z.infer<typeof agreementVersionSchema>

export const agreementSchema = z.object({
  linkId: idSchema,
  current: agreementVersionSchema,
  /** Every version, newest first (the current one included). */
  history: z.array(agreementVersionSchema),
  /** Classes that have not yet signed the current version. */
  awaitingClassIds: z.array(idSchema),
  /** Ids of plan items marked done. */
  doneItemIds: z.array(idSchema),
})
export type Agreement = z.infer<typeof agreementSchema>

export const planItemParamsSchema = z.object({ linkId: idSchema, itemId: idSchema })
