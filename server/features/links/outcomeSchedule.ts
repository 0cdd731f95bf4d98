import type { OutcomeReview, OutcomeState, ReviewSummary } from '../../../shared/schemas/outcomeReviews.js'

const DAY_MS = 86_400_000

export interface ScheduleInput {
  outcomes: readonly string[]
  /** Every review of the link, oldest first. */
  reviews: readonly OutcomeReview[]
  /** The schools of the link: each records its own review before the joint one. */
  schoolIds: readonly string[]
  /** When the first review period began (the link became active, or was made). */
  since: string
  everyWeeks: number
  now: number
  /** Only an active link's reviews can be overdue. */
  active: boolean
}

const addDays = (iso: string, days: number) => new Date(Date.parse(iso) + days * DAY_MS).toISOString().slice(0, 10)

/**
 * Where each outcome stands in its review cycle: a period runs from the last joint review (or the
 * start) for `everyWeeks`; in it each school reviews on its own, then both together.
 */
export function outcomeStates(input: ScheduleInput): OutcomeState[] {
  const today = new Date(input.now).toISOString().slice(0, 10)
  return input.outcomes.map((text, index) => {
    const history = input.reviews.filter((r) => r.outcome === text)
    const lastJoint = history.filter((r) => r.scope === 'joint').at(-1) ?? null
    const periodStart = lastJoint?.reviewedAt ?? input.since
    const latestBySchool = new Map<string, OutcomeReview>()
    for (const r of history)
      if (r.scope === 'school' && r.schoolId && r.reviewedAt > periodStart) latestBySchool.set(r.schoolId, r)
    const nextDue = addDays(periodStart, input.everyWeeks * 7)
    return {
      index,
      text,
      nextDue,
      overdue: input.active && nextDue < today,
      schoolReviews: [...latestBySchool.values()],
      awaitingSchoolIds: input.schoolIds.filter((id) => !latestBySchool.has(id)),
      lastJoint,
      history: [...history].reverse(),
    }
  })
}

/** The link home's line: the earliest next review and the ratings of the latest joint reviews. */
export function reviewSummary(states: readonly OutcomeState[]): ReviewSummary {
  const nextDue = states.map((s) => s.nextDue).sort()[0] ?? null
  const joints = states.map((s) => s.lastJoint).filter((r): r is OutcomeReview => r !== null)
  const at = joints
    .map((r) => r.reviewedAt)
    .sort()
    .at(-1)
  const count = (rating: OutcomeReview['rating']) => joints.filter((r) => r.rating === rating).length
  return { nextDue, last: at ? { at, met: count('met'), partly: count('partly'), notYet: count('not_yet') } : null }
}
