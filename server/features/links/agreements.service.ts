import type { User } from '../../../shared/schemas/accounts.js'
import {
  isEmptyAgreement,
  type Agreement,
  type AgreementEdit,
  type AgreementSign,
  type AgreementVersion,
} from '../../../shared/schemas/agreements.js'
import type { Activity, HealthIssue, Link, LinkOverview, LinkStatus } from '../../../shared/schemas/links.js'
import { DomainError, forbidden, notFound } from '../../domain/errors.js'
import { nowIso } from '../../domain/ids.js'
import type { AgreementsRepository } from './agreements.repository.js'
import type { LinkAccess, LinkMembership } from './linkAccess.js'
import type { LinkActivityService } from './linkActivity.service.js'
import type { LinkEvents } from './linkEvents.js'
import type { MembershipRepository } from './membership.repository.js'
import type { OutcomeState } from '../../../shared/schemas/outcomeReviews.js'
import { outcomeStates, reviewSummary } from './outcomeSchedule.js'
import type { OutcomesRepository } from './outcomes.repository.js'
import { draftAgreement } from './partners.service.js'

const DAY_MS = 86_400_000
export type StatusAction = 'pause' | 'resume' | 'end'

export interface LinkExport {
  exportedAt: string
  link: Link
  agreement: AgreementVersion[]
  doneItemIds: string[]
  activity: Activity[]
}

export interface AgreementsDeps {
  agreements: AgreementsRepository
  membership: MembershipRepository
  linkAccess: LinkAccess
  activity: LinkActivityService
  events: LinkEvents
  outcomes: OutcomesRepository
}

/**
 * The co-signed link agreement and the link's life: a link is active once every class has signed
 * the current version; any teacher of the link (never one school alone) edits, signs, pauses or ends it.
 */
export class AgreementsService {
  constructor(private readonly deps: AgreementsDeps) {}

  async get(user: User, linkId: string): Promise<Agreement> {
    const { link } = await this.deps.linkAccess.membershipOf(user, linkId)
    return this.agreementOf(link)
  }

  async edit(user: User, linkId: string, edit: AgreementEdit): Promise<Agreement> {
    const { link } = await this.writableBy(user, linkId)
    const current = await this.current(link)
    if (edit.baseVersion !== current.version) {
      throw new DomainError(
        'STALE_VERSION',
        `The agreement is now at version ${current.version}: look at it before editing`,
      )
    }
    const content = { ...edit.content, plan: [...edit.content.plan].sort((a, b) => a.date.localeCompare(b.date)) }
    const now = nowIso()
    if (current.signatures.length === 0) {
      await this.deps.agreements.replaceVersion(linkId, current.version, content, user.id, now)
    } else {
      // Signatures belong to the words that were signed: a change after signing is a new version.
      await this.deps.agreements.insertVersion(linkId, current.version + 1, content, user.id, now)
      if (link.status === 'active') await this.deps.membership.setLinkStatus(linkId, 'forming', now)
    }
    const version = current.signatures.length === 0 ? current.version : current.version + 1
    await this.deps.activity.record(linkId, { kind: 'agreement_edited', actorId: user.id, params: { version } })
    return this.agreementOf(await this.link(linkId))
  }

  async sign(user: User, linkId: string, sign: AgreementSign): Promise<Agreement> {
    const { link, ownClasses } = await this.writableBy(user, linkId)
    const current = await this.current(link)
    if (sign.version !== current.version) {
      throw new DomainError('STALE_VERSION', `Only the current version (${current.version}) can be signed`)
    }
    const signing = ownClasses.find((c) => c.classId === sign.classId)
    if (!signing) throw forbidden('You can sign only for your own school’s classes in this link')
    if (isEmptyAgreement(current.content))
      throw new DomainError(
        'AGREEMENT_EMPTY',
        'The agreement is still empty: write its aims, how classes communicate or a plan before signing it',
      )
    const now = nowIso()
    if (await this.deps.agreements.insertSignature(linkId, current.version, sign.classId, user.id, now)) {
      await this.deps.activity.record(linkId, {
        kind: 'agreement_signed',
        actorId: user.id,
        classId: sign.classId,
        params: { version: current.version, className: signing.className, schoolName: signing.schoolName },
      })
    }
    const agreement = await this.agreementOf(await this.link(linkId))
    const signedByAll = agreement.awaitingClassIds.length === 0
    if (signedByAll && link.status === 'forming') {
      await this.deps.membership.setLinkStatus(linkId, 'active', now)
      await this.deps.activity.record(linkId, { kind: 'link_active', params: { version: current.version } })
    }
    return agreement
  }

  async markPlanItemDone(user: User, linkId: string, itemId: string): Promise<Agreement> {
    const { link } = await this.writableBy(user, linkId)
    const item = (await this.current(link)).content.plan.find((i) => i.id === itemId)
    if (!item) throw notFound('Plan item')
    if (await this.deps.agreements.markDone(linkId, itemId, user.id, nowIso())) {
      await this.deps.activity.record(linkId, {
        kind: 'plan_item_done',
        actorId: user.id,
        params: { activity: item.activity, date: item.date },
      })
    }
    return this.agreementOf(link)
  }

  /** The exit strategy and its reverse: any teacher of the link may pause, resume or end it. */
  async changeStatus(user: User, linkId: string, action: StatusAction): Promise<Link> {
    const { link } = await this.deps.linkAccess.teacherMembershipOf(user, linkId)
    const now = nowIso()
    let next: LinkStatus
    if (link.status === 'ended') throw new DomainError('LINK_NOT_ACTIVE', 'This link has ended')
    if (action === 'pause') {
      if (link.status === 'paused') throw new DomainError('LINK_ALREADY_PAUSED', 'This link is already paused')
      next = 'paused'
    } else if (action === 'resume') {
      if (link.status !== 'paused') throw new DomainError('LINK_NOT_PAUSED', 'Only a paused link can be resumed')
      next = (await this.agreementOf(link)).awaitingClassIds.length === 0 ? 'active' : 'forming'
    } else {
      next = 'ended'
    }
    await this.deps.membership.setLinkStatus(linkId, next, now)
    const kind = action === 'pause' ? 'link_paused' : action === 'resume' ? 'link_resumed' : 'link_ended'
    await this.deps.activity.record(linkId, { kind, actorId: user.id })
    return this.link(linkId)
  }

  async overview(user: User, linkId: string, now = Date.now()): Promise<LinkOverview> {
    const { link } = await this.deps.linkAccess.membershipOf(user, linkId)
    const agreement = await this.agreementOf(link)
    const today = new Date(now).toISOString().slice(0, 10)
    const open = agreement.current.content.plan.filter((item) => !agreement.doneItemIds.includes(item.id))
    const overdue = open.filter((item) => item.date < today)
    const health: HealthIssue[] = []
    if (link.status === 'forming') health.push({ kind: 'signatures_needed', count: agreement.awaitingClassIds.length })
    // Independent reads, asked together (each once: the activation time serves health and reviews).
    const [{ lastContactAt: lastContact, lastActivatedAt: lastActivated }, reviewsDone, activity] = await Promise.all([
      this.deps.agreements.contactAndActivation(linkId),
      this.deps.outcomes.reviewsOf(linkId),
      this.deps.agreements.recentActivity(linkId, 15),
    ])
    if (link.status === 'active') {
      const since = [lastContact, lastActivated]
        .filter((at): at is string => Boolean(at))
        .sort()
        .at(-1)
      const days = since ? Math.floor((now - Date.parse(since)) / DAY_MS) : 0
      const every = agreement.current.content.communication.contactEveryDays
      if (days > every) health.push({ kind: 'contact_overdue', daysSinceContact: days, contactEveryDays: every })
      const first = overdue[0]
      if (first)
        health.push({
          kind: 'plan_overdue',
          count: overdue.length,
          firstActivity: first.activity,
          firstDate: first.date,
        })
    }
    const reviews = this.statesOf(link, agreement, reviewsDone, lastActivated, now)
    const dueDate = reviews
      .filter((r) => r.overdue)
      .map((r) => r.nextDue)
      .sort()[0]
    if (dueDate) health.push({ kind: 'review_overdue', dueDate })
    return {
      link,
      agreementVersion: agreement.current.version,
      awaitingClassIds: agreement.awaitingClassIds,
      upcoming: open.filter((item) => item.date >= today).slice(0, 5),
      activity,
      health,
      reviews: reviewSummary(reviews),
    }
  }

  /** Where each agreed outcome of the current version stands in its review cycle. */
  async outcomeStates(link: Link, agreement: Agreement, now = Date.now()): Promise<OutcomeState[]> {
    const [reviews, activatedAt] = await Promise.all([
      this.deps.outcomes.reviewsOf(link.id),
      this.deps.agreements.lastActivatedAt(link.id),
    ])
    return this.statesOf(link, agreement, reviews, activatedAt, now)
  }

  private statesOf(
    link: Link,
    agreement: Agreement,
    reviews: Awaited<ReturnType<OutcomesRepository['reviewsOf']>>,
    activatedAt: string | undefined | null,
    now: number,
  ): OutcomeState[] {
    const { evaluation } = agreement.current.content
    return outcomeStates({
      outcomes: evaluation.outcomes,
      reviews,
      schoolIds: [...new Set(link.classes.map((c) => c.schoolId))],
      since: activatedAt ?? link.createdAt,
      everyWeeks: evaluation.reviewEveryWeeks,
      now,
      active: link.status === 'active',
    })
  }

  /** The agreement as its member sees it, for features built on it (outcome reviews). */
  async agreementFor(user: User, linkId: string): Promise<{ link: Link; agreement: Agreement }> {
    const { link } = await this.deps.linkAccess.membershipOf(user, linkId)
    return { link, agreement: await this.agreementOf(link) }
  }

  /** Everything the link holds about its partnership, for its members' own records (also once ended). */
  async export(user: User, linkId: string): Promise<LinkExport> {
    const { link } = await this.deps.linkAccess.teacherMembershipOf(user, linkId)
    return {
      exportedAt: nowIso(),
      link,
      agreement: await this.deps.agreements.versions(linkId),
      doneItemIds: await this.deps.agreements.doneItemIds(linkId),
      activity: await this.deps.agreements.allActivity(linkId),
    }
  }

  private async writableBy(user: User, linkId: string): Promise<LinkMembership> {
    const membership = await this.deps.linkAccess.teacherMembershipOf(user, linkId)
    if (membership.link.status === 'ended')
      throw new DomainError('LINK_NOT_ACTIVE', 'This link has ended: its agreement can no longer change')
    return membership
  }

  private async link(linkId: string): Promise<Link> {
    const link = await this.deps.membership.findLink(linkId)
    if (!link) throw notFound('Link')
    return link
  }

  private async current(link: Link): Promise<AgreementVersion> {
    const [current] = await this.deps.agreements.versions(link.id)
    return current ?? this.firstDraft(link)
  }

  /** Links made before agreements existed (or by fixtures) get their first draft on first use. */
  private async firstDraft(link: Link): Promise<AgreementVersion> {
    const editor = (await this.deps.linkAccess.teacherIdsOf(link))[0]
    if (!editor) throw notFound('Agreement')
    try {
      await this.deps.agreements.insertVersion(
        link.id,
        1,
        draftAgreement(link.classes.map((c) => c.schoolId)),
        editor,
        link.createdAt,
      )
    } catch {
      // Another request drafted it at the same moment: use theirs.
    }
    const [current] = await this.deps.agreements.versions(link.id)
    if (!current) throw notFound('Agreement')
    return current
  }

  private async agreementOf(link: Link): Promise<Agreement> {
    let history = await this.deps.agreements.versions(link.id)
    // Read once; only a link without a version yet is drafted and read again.
    if (history.length === 0) {
      await this.firstDraft(link)
      history = await this.deps.agreements.versions(link.id)
    }
    const current = history[0]
    if (!current) throw notFound('Agreement')
    const signed = new Set(current.signatures.map((s) => s.classId))
    return {
      linkId: link.id,
      current,
      history,
      awaitingClassIds: link.classes.map((c) => c.classId).filter((id) => !signed.has(id)),
      doneItemIds: await this.deps.agreements.doneItemIds(link.id),
    }
  }
}
