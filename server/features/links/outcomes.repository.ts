import type { Kysely } from 'kysely'
import type {
  CurriculumInput,
  CurriculumKind,
  EvidenceOption,
  OutcomeReview,
  ReviewRating,
} from '../../../shared/schemas/outcomeReviews.js'
import { prepareQuery } from '../../storage/prepared.js'
import type { Database } from '../../storage/schema.js'
import { toJsonText } from '../../storage/json.js'

export interface NewOutcomeReview {
  id: string
  linkId: string
  outcome: string
  scope: 'school' | 'joint'
  schoolId: string | null
  rating: ReviewRating
  evidence: EvidenceOption[]
  nextSteps: string
  reviewedBy: string
  reviewedAt: string
}

export interface StoredCurriculum extends CurriculumInput {
  kind: CurriculumKind
  itemId: string
}

/** Reviews of a link's agreed outcomes, and each school's curriculum tags on the link's activities. */
export interface OutcomesRepository {
  insertReview(review: NewOutcomeReview): Promise<void>
  /** Every review of a link's outcomes, oldest first. */
  reviewsOf(linkId: string): Promise<OutcomeReview[]>
  /** Reviews of many links (the portfolio), oldest first. */
  reviewsOfLinks(linkIds: readonly string[]): Promise<(OutcomeReview & { linkId: string })[]>
  setCurriculum(
    schoolId: string,
    linkId: string,
    kind: CurriculumKind,
    itemId: string,
    input: CurriculumInput,
    by: string,
    at: string,
  ): Promise<void>
  /** One school's tags on the activities of these links. */
  curriculumOf(schoolId: string, linkIds: readonly string[]): Promise<StoredCurriculum[]>
}

export function createOutcomesRepository(db: Kysely<Database>): OutcomesRepository {
  const reviews = () =>
    db
      .selectFrom('outcomeReviews as r')
      .innerJoin('users as u', 'u.id', 'r.reviewedBy')
      .leftJoin('schools as s', 's.id', 'r.schoolId')
      .select([
        'r.id',
        'r.linkId',
        'r.outcome',
        'r.scope',
        'r.schoolId',
        's.name as schoolName',
        'r.rating',
        'r.evidence',
        'r.nextSteps',
        'u.displayName as reviewedByName',
        'r.reviewedAt',
      ])
      .orderBy('r.reviewedAt')
      .orderBy('r.id')
  type Row = Awaited<ReturnType<ReturnType<typeof reviews>['executeTakeFirstOrThrow']>>
  const toReview = ({ evidence, schoolName, ...row }: Row): OutcomeReview & { linkId: string } => ({
    ...row,
    schoolName: schoolName ?? null,
    evidence: JSON.parse(evidence) as EvidenceOption[],
  })
  // Asked by every overview: compiled once (storage/prepared.ts).
  const reviewsOfLink = prepareQuery(db, (_, $: { linkId: string }) => reviews().where('r.linkId', '=', $.linkId))
  return {
    async insertReview(review) {
      await db
        .insertInto('outcomeReviews')
        .values({ ...review, evidence: toJsonText(review.evidence) })
        .execute()
    },
    async reviewsOf(linkId) {
      return (await reviewsOfLink.execute({ linkId })).map(toReview)
    },
    async reviewsOfLinks(linkIds) {
      if (linkIds.length === 0) return []
      return (
        await reviews()
          .where('r.linkId', 'in', [...linkIds])
          .execute()
      ).map(toReview)
    },
    async setCurriculum(schoolId, linkId, kind, itemId, input, by, at) {
      const values = {
        subjects: toJsonText(input.subjects),
        sdgs: toJsonText(input.sdgs),
        partnerLanguage: input.partnerLanguage ? 1 : 0,
        updatedBy: by,
        updatedAt: at,
      }
      await db
        .insertInto('activityCurriculum')
        .values({ schoolId, linkId, kind, itemId, ...values })
        .onConflict((oc) => oc.columns(['schoolId', 'kind', 'itemId']).doUpdateSet(values))
        .execute()
    },
    async curriculumOf(schoolId, linkIds) {
      if (linkIds.length === 0) return []
      const rows = await db
        .selectFrom('activityCurriculum')
        .selectAll()
        .where('schoolId', '=', schoolId)
        .where('linkId', 'in', [...linkIds])
        .execute()
      return rows.map((row) => ({
        kind: row.kind,
        itemId: row.itemId,
        subjects: JSON.parse(row.subjects) as string[],
        sdgs: JSON.parse(row.sdgs) as number[],
        partnerLanguage: Boolean(row.partnerLanguage),
      }))
    },
  }
}
