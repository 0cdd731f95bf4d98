export interface OutcomeReviewsTable {
  id: string
  linkId: string
  /** The outcome's words when it was reviewed (outcomes are kept by their words across versions). */
  outcome: string
  scope: 'school' | 'joint'
  /** The reviewing school; null for a joint review. */
  schoolId: string | null
  rating: 'met' | 'partly' | 'not_yet'
  /** JSON array of { kind, id, title, date }. */
  evidence: string
  nextSteps: string
  reviewedBy: string
  reviewedAt: string
}

/** Each school's own curriculum tags on a link activity (a plan item, an assembly, a round). */
export interface ActivityCurriculumTable {
  schoolId: string
  kind: 'plan_item' | 'assembly' | 'round'
  itemId: string
  linkId: string
  /** JSON array of subject names. */
  subjects: string
  /** JSON array of SDG numbers. */
  sdgs: string
  partnerLanguage: number
  updatedBy: string
  updatedAt: string
}

export interface OutcomeTables {
  outcomeReviews: OutcomeReviewsTable
  activityCurriculum: ActivityCurriculumTable
}
