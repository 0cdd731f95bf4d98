import type { User } from '../../../shared/schemas/accounts.js'
import type {
  CurriculumInput,
  CurriculumKind,
  EvidenceOption,
  OutcomeReview,
  OutcomeReviewInput,
  OutcomeReviews,
} from '../../../shared/schemas/outcomeReviews.js'
import { DomainError, notFound } from '../../domain/errors.js'
import { newId, nowIso } from '../../domain/ids.js'
import type { AgreementsService } from './agreements.service.js'
import type { LinkAccess } from './linkAccess.js'
import type { OutcomesRepository } from './outcomes.repository.js'

/** Evidence a member may pick from the link's own record. */
export interface EvidenceSource {
  options(user: User, linkId: string): Promise<EvidenceOption[]>
}

export interface OutcomeReviewsDeps {
  outcomes: OutcomesRepository
  agreements: AgreementsService
  linkAccess: LinkAccess
  evidence: EvidenceSource
}

/**
 * Reviews of the agreed outcomes. Both schools are equal: each school's teachers record their own
 * review (how far it was met, what shows it, what next), and once every school has, any teacher of
 * the link records the joint one. Every member of the link sees every review.
 */
export class OutcomeReviewsService {
  constructor(private readonly deps: OutcomeReviewsDeps) {}

  async list(user: User, linkId: string, now = Date.now()): Promise<OutcomeReviews> {
    const { link, agreement } = await this.deps.agreements.agreementFor(user, linkId)
    return {
      linkId,
      reviewEveryWeeks: agreement.current.content.evaluation.reviewEveryWeeks,
      outcomes: await this.deps.agreements.outcomeStates(link, agreement, now),
      evidenceOptions: user.role === 'teacher' ? await this.deps.evidence.options(user, linkId) : [],
    }
  }

  async review(user: User, linkId: string, input: OutcomeReviewInput): Promise<OutcomeReview> {
    const membership = await this.deps.linkAccess.teacherMembershipOf(user, linkId)
    if (membership.link.status === 'ended')
      throw new DomainError('LINK_NOT_ACTIVE', 'This link has ended: its outcomes can no longer be reviewed')
    const { link, agreement } = await this.deps.agreements.agreementFor(user, linkId)
    const state = (await this.deps.agreements.outcomeStates(link, agreement)).find(
      (s) => s.index === input.outcomeIndex,
    )
    if (!state) throw notFound('Outcome')
    if (input.scope === 'joint' && state.awaitingSchoolIds.length > 0) {
      throw new DomainError('SCHOOL_REVIEWS_MISSING', 'Each school records its own review before the joint one')
    }
    const options = new Map((await this.deps.evidence.options(user, linkId)).map((o) => [`${o.kind}:${o.id}`, o]))
    const evidence: EvidenceOption[] = []
    for (const ref of input.evidence) {
      const option = options.get(`${ref.kind}:${ref.id}`)
      if (!option)
        throw new DomainError('INVALID_PAYLOAD', 'Evidence must come from this link’s record', {
          fields: { evidence: 'Not in this link’s record' },
        })
      if (!evidence.includes(option)) evidence.push(option)
    }
    const id = newId()
    await this.deps.outcomes.insertReview({
      id,
      linkId,
      outcome: state.text,
      scope: input.scope,
      schoolId: input.scope === 'school' ? user.schoolId : null,
      rating: input.rating,
      evidence,
      nextSteps: input.nextSteps,
      reviewedBy: user.id,
      reviewedAt: nowIso(),
    })
    const stored = (await this.deps.outcomes.reviewsOf(linkId)).find((r) => r.id === id)
    if (!stored) throw notFound('Review')
    return stored
  }

  /** My school's curriculum tags on one of the link's activities (each school maps to its own curriculum). */
  async tag(user: User, linkId: string, kind: CurriculumKind, itemId: string, input: CurriculumInput): Promise<void> {
    const { link } = await this.deps.linkAccess.teacherMembershipOf(user, linkId)
    if (kind === 'plan_item') {
      const { agreement } = await this.deps.agreements.agreementFor(user, linkId)
      if (!agreement.current.content.plan.some((p) => p.id === itemId)) throw notFound('Plan item')
    } else {
      const options = await this.deps.evidence.options(user, link.id)
      if (!options.some((o) => o.kind === kind && o.id === itemId))
        throw notFound(kind === 'assembly' ? 'Assembly' : 'Round')
    }
    const subjects = [...new Set(input.subjects)]
    const sdgs = [...new Set(input.sdgs)].sort((a, b) => a - b)
    await this.deps.outcomes.setCurriculum(
      user.schoolId,
      linkId,
      kind,
      itemId,
      { ...input, subjects, sdgs },
      user.id,
      nowIso(),
    )
  }
}
