import type { Role, User } from '../../../shared/schemas/accounts.js'
import type { LinkStatus } from '../../../shared/schemas/links.js'
import type { PageQuery } from '../../../shared/schemas/paging.js'
import type {
  AuditEntry,
  AuditPage,
  QueuePage,
  ModeratedKind,
  ModerationAction,
  ModerationInput,
  ModerationStatus,
  PupilNoticeView,
  QueueDetail,
  ApproveManyResult,
} from '../../../shared/schemas/moderation.js'
import { DomainError, forbidden } from '../../domain/errors.js'
import { newId, nowIso } from '../../domain/ids.js'
import { positionOf } from '../../storage/paging.js'
import type { LinkAccess } from '../links/linkAccess.js'
import type { ModerationRepository, StoredAuditEntry } from './moderation.repository.js'
import { canSee, type VisibilityFacts } from './visibility.js'
import { findSuspicious } from './wordLists.js'
import type { WriteLimiter } from './writeLimits.js'

/** What the moderation service needs to know about any item, whatever feature it belongs to. */
export interface ModeratedItem {
  kind: ModeratedKind
  itemId: string
  /** null for the all-teachers forum, which has no link. */
  linkId: string | null
  linkStatus: LinkStatus | null
  authorId: string
  authorRole: Role
  authorName: string
  authorSchoolId: string
  className: string | null
  status: ModerationStatus
  flagged: boolean
  text: string
  /** Where it was posted, shown in the queue ("Our festivals", "Exchange wall"). */
  place: string
}

export interface ItemChange {
  status?: ModerationStatus
  flagged?: boolean
  rejectReason?: string | null
  body?: string
  editNote?: string | null
}

/**
 * How a feature plugs its items into moderation: boards, the wall and the assembly chat each
 * register one adapter for their kind.
 */
export interface ModerationAdapter {
  kind: ModeratedKind
  /** The item as `viewer` may see it; throws NOT_FOUND when they may not (outsiders learn nothing). */
  load(viewer: User, itemId: string): Promise<ModeratedItem>
  /** Stores a change decided by the moderation service. */
  apply(itemId: string, change: ItemChange): Promise<void>
  /** Extra checks before an approval (a picture's: who it shows, and their photo consent). */
  beforeApprove?(viewer: User, itemId: string, input: ModerationInput): Promise<void>
  /** Tells everyone viewing the item that it changed (live delivery is the feature's business). */
  changed(itemId: string): Promise<void>
  /** What the visibility rule needs about each item that still exists (flags are added by the service). */
  visibilityFacts(itemIds: readonly string[]): Promise<Map<string, VisibilityFacts>>
  /** Items that carry this picture. */
  itemsWithMedia?(mediaId: string): Promise<string[]>
  /**
   * These queued items whole (full text, picture) with the visibility rule's facts, read once: the
   * queue shows a teacher of the author's school what she may see of each.
   */
  queueRecords?(itemIds: readonly string[]): Promise<Map<string, QueueRecord>>
}

/** A queued item as read for the queue: what the visibility rule needs, and what the teacher is shown. */
export interface QueueRecord {
  facts: VisibilityFacts
  detail: Omit<QueueDetail, 'shownCandidates'>
  /** The author's class when the item carries a picture: its pupils are who the picture might show. */
  pictureClassId: string | null
}

/** Who might be in pictures taken by these classes, with each pupil's photo consent (one read for all). */
export type PictureCandidates = (classIds: readonly string[]) => Promise<Map<string, QueueDetail['shownCandidates']>>

/** Live notices the moderation service sends: a school's queue grew or shrank, a pupil was slowed down. */
export interface ModerationEvents {
  countChanged(schoolId: string, count: number): void
  noticeAdded?(schoolId: string): void
}

const toAuditEntry = (e: StoredAuditEntry): AuditEntry => ({
  id: e.id,
  kind: e.kind,
  itemId: e.itemId,
  action: e.action,
  actorName: e.actorName,
  reason: e.reason,
  excerpt: e.excerpt,
  createdAt: e.createdAt,
})

/** An entry as `reader` may read it: on a partner's item, a partner pupil's words (a flag reason) are left out. */
function redacted(e: StoredAuditEntry, reader: User): AuditEntry {
  const entry = toAuditEntry(e)
  if (e.itemSchoolId === reader.schoolId) return entry
  const ownWords = e.actorSchoolId === reader.schoolId || e.actorRole === 'teacher'
  return { ...entry, reason: ownWords ? entry.reason : null }
}

const EXCERPT_LENGTH = 160
const NOTICE_WINDOW_MS = 10 * 60 * 1000
const excerptOf = (text: string) => (text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH - 1)}…` : text)

/**
 * One moderation service for everything pupils publish. Each school answers for its own pupils:
 * a pupil's item is held until a teacher of the pupil's school approves it; teachers publish at once.
 */
export class ModerationService {
  private readonly adapters = new Map<ModeratedKind, ModerationAdapter>()
  private pictureCandidates: PictureCandidates = async () => new Map()

  constructor(
    private readonly repository: ModerationRepository,
    private readonly linkAccess: LinkAccess,
    private readonly events: ModerationEvents,
    private readonly limits: WriteLimiter,
    /** Runs a write with side effects as one transaction (live events go out after it commits). */
    private readonly transaction: <T>(fn: () => Promise<T>) => Promise<T>,
  ) {}

  register(adapter: ModerationAdapter): void {
    this.adapters.set(adapter.kind, adapter)
  }

  /** Where the queue asks who a picture might show (the photo-consent rule, built after this service). */
  usePictureCandidates(candidates: PictureCandidates): void {
    this.pictureCandidates = candidates
  }

  /** The status a new item starts with. */
  initialStatusFor(author: User): ModerationStatus {
    return author.role === 'teacher' ? 'published' : 'held'
  }

  /** Call after storing a new item: a held item joins its school's queue, marked if words look suspicious. */
  async submitted(item: ModeratedItem): Promise<void> {
    if (item.status !== 'held') return
    await this.enqueue(item, 'new')
  }

  /**
   * One moderation decision, as one transaction: the item's new state, its queue row, the audit entry
   * and the board event commit together or not at all; live events go out after the commit.
   */
  async act(
    user: User,
    kind: ModeratedKind,
    itemId: string,
    action: ModerationAction,
    input: ModerationInput,
  ): Promise<void> {
    // Counted before the transaction, so the note for a pupil's teachers is kept when she is refused.
    if (action === 'flag') await this.limits.consume(user, 'flags')
    return this.transaction(() => this.decide(user, kind, itemId, action, input))
  }

  private async decide(
    user: User,
    kind: ModeratedKind,
    itemId: string,
    action: ModerationAction,
    input: ModerationInput,
  ): Promise<void> {
    const adapter = this.adapterFor(kind)
    const item = await adapter.load(user, itemId)
    const ownSchool = user.role === 'teacher' && user.schoolId === item.authorSchoolId
    const teacher = user.role === 'teacher'
    const requireOwnSchool = () => {
      if (!ownSchool) throw forbidden('Only teachers of the author’s school can do that')
    }
    let change: ItemChange
    switch (action) {
      case 'approve':
        requireOwnSchool()
        if (item.status === 'held') {
          await adapter.beforeApprove?.(user, itemId, input)
          if (item.linkStatus && item.linkStatus !== 'active')
            throw new DomainError('LINK_NOT_ACTIVE', 'This link is not active: nothing new can be published')
          change = { status: 'published' }
        } else if (item.status === 'published' && item.flagged) change = { flagged: false }
        else throw new DomainError('NOTHING_TO_APPROVE', 'There is nothing to approve')
        break
      case 'reject':
        requireOwnSchool()
        if (!input.reason)
          throw new DomainError('INVALID_PAYLOAD', 'Give the pupil a reason', { fields: { reason: 'Required' } })
        if (item.status !== 'held' && !(item.status === 'published' && item.flagged))
          throw new DomainError('NOT_REJECTABLE', 'Only held or flagged items can be rejected')
        change = { status: 'rejected', flagged: false, rejectReason: input.reason }
        break
      case 'flag':
        if (item.status !== 'published') throw new DomainError('NOT_FLAGGABLE', 'Only published items can be flagged')
        if (item.authorId === user.id) throw new DomainError('OWN_ITEM', 'You cannot flag your own item')
        // A pupil's flag hides a pupil's item from her alone; a teacher's post is never hidden by a flag.
        if (user.role === 'pupil' && item.authorRole === 'pupil')
          await this.repository.flag(kind, itemId, user.id, input.reason ?? null, nowIso())
        if (item.flagged) {
          await adapter.changed(itemId)
          return
        }
        change = { flagged: true }
        break
      case 'hide':
        if (!teacher) throw forbidden('Only teachers can hide posts')
        if (item.status !== 'published') throw new DomainError('NOT_HIDEABLE', 'Only published items can be hidden')
        change = { status: 'hidden', flagged: false }
        break
      case 'edit':
        requireOwnSchool()
        if (!input.body)
          throw new DomainError('INVALID_PAYLOAD', 'Give the corrected text', { fields: { body: 'Required' } })
        if (item.status !== 'published' && item.status !== 'held')
          throw new DomainError('NOT_EDITABLE', 'This item can no longer be edited')
        change = { body: input.body, editNote: input.reason || 'Edited by a teacher' }
        break
      case 'delete':
        requireOwnSchool()
        if (item.status === 'deleted') return
        change = { status: 'deleted', flagged: false }
        break
    }
    const auditAction: AuditEntry['action'] =
      action === 'approve' && item.status === 'published' ? 'flag_cleared' : action
    await this.commit(user, adapter, item, change, auditAction, input.reason ?? null)
  }

  /**
   * Photo consent taken back: the picture's item is taken down at once, through the same path as a
   * teacher's hide (audit entry, queue, live removal to every viewer).
   */
  async withdrawForConsent(user: User, kind: ModeratedKind, itemId: string): Promise<void> {
    await this.transaction(async () => {
      const adapter = this.adapterFor(kind)
      const item = await adapter.load(user, itemId)
      if (user.role !== 'teacher' || user.schoolId !== item.authorSchoolId)
        throw forbidden('Only teachers of the author’s school can do that')
      if (item.status === 'deleted' || item.status === 'hidden') return
      await this.commit(
        user,
        adapter,
        item,
        { status: 'hidden', flagged: false, editNote: 'Withdrawn: photo consent changed' },
        'hide',
        'Photo consent withdrawn',
      )
    })
  }

  /** Photo consent taken back: every item carrying one of these pictures, of any kind, is taken down. */
  async withdrawPicturesForConsent(user: User, mediaIds: readonly string[]): Promise<void> {
    for (const mediaId of mediaIds)
      for (const adapter of this.adapters.values())
        for (const itemId of (await adapter.itemsWithMedia?.(mediaId)) ?? [])
          await this.withdrawForConsent(user, adapter.kind, itemId)
  }

  private async commit(
    user: User,
    adapter: ModerationAdapter,
    item: ModeratedItem,
    change: ItemChange,
    action: AuditEntry['action'],
    reason: string | null,
  ): Promise<void> {
    await adapter.apply(item.itemId, change)
    const after = {
      ...item,
      ...change,
      text: change.body ?? item.text,
      status: change.status ?? item.status,
      flagged: change.flagged ?? item.flagged,
    }
    if (after.status === 'published' && after.flagged) await this.enqueue(after, 'flagged')
    else if (after.status !== 'held') await this.dequeue(after)
    await this.repository.audit({
      id: newId(),
      linkId: item.linkId,
      kind: item.kind,
      itemId: item.itemId,
      actorId: user.id,
      action,
      reason,
      excerpt: excerptOf(after.text),
      createdAt: nowIso(),
      itemSchoolId: item.authorSchoolId,
    })
    await adapter.changed(item.itemId)
  }

  /**
   * Tells everyone viewing these items that they changed, after data protection removed or emptied
   * them (call inside the removing transaction: boards log the change in the same commit).
   */
  async announceChanged(kind: ModeratedKind, itemIds: readonly string[]): Promise<void> {
    const adapter = this.adapterFor(kind)
    for (const id of itemIds) await adapter.changed(id)
  }

  /** The facts the visibility rule needs, flags included, for items of one kind. */
  async visibilityFacts(kind: ModeratedKind, itemIds: readonly string[]): Promise<Map<string, VisibilityFacts>> {
    const facts = await this.adapterFor(kind).visibilityFacts(itemIds)
    const flaggers = await this.repository.flaggersOf(kind, [...facts.keys()])
    for (const [id, fact] of facts) facts.set(id, { ...fact, flaggedBy: flaggers.get(id) ?? [] })
    return facts
  }

  /** Who flagged each item (pupils it is hidden from). */
  flaggersOf(kind: ModeratedKind, itemIds: readonly string[]): Promise<Map<string, string[]>> {
    return this.repository.flaggersOf(kind, itemIds)
  }

  /** The visibility facts of every item carrying this picture, whatever its kind. */
  async factsOfMedia(mediaId: string): Promise<VisibilityFacts[]> {
    const all: VisibilityFacts[] = []
    for (const adapter of this.adapters.values()) {
      if (!adapter.itemsWithMedia) continue
      const ids = await adapter.itemsWithMedia(mediaId)
      if (ids.length) all.push(...(await this.visibilityFacts(adapter.kind, ids)).values())
    }
    return all
  }

  /** A note for the pupil's teachers that she was slowed down (at most one per kind in each 10-minute window). */
  async notePupilLimited(user: User, kind: string): Promise<void> {
    if (user.role !== 'pupil') return
    const now = Date.now()
    const windowKey = `${user.id}:${kind}:${Math.floor(now / NOTICE_WINDOW_MS)}`
    const added = await this.repository.addNotice(
      {
        id: newId(),
        schoolId: user.schoolId,
        pupilId: user.id,
        kind,
        what: kind,
        createdAt: new Date(now).toISOString(),
      },
      windowKey,
    )
    if (added) this.events.noticeAdded?.(user.schoolId)
  }

  async notices(user: User): Promise<PupilNoticeView[]> {
    if (user.role !== 'teacher') throw forbidden('Only teachers moderate')
    const rows = await this.repository.noticesOf(user.schoolId, 50)
    return rows.map((n) => ({
      id: n.id,
      pupilId: n.pupilId,
      pupilName: n.pupilName,
      kind: n.kind as PupilNoticeView['kind'],
      createdAt: n.createdAt,
    }))
  }

  /**
   * A page of everything waiting for a teacher of my school, across boards, wall and chat, newest
   * first, each item whole (what the visibility rule lets her see of it) so she can decide from the
   * queue alone.
   */
  async queue(user: User, page: PageQuery): Promise<QueuePage> {
    if (user.role !== 'teacher') throw forbidden('Only teachers moderate')
    const { items, nextCursor } = await this.repository.queueOf(user.schoolId, positionOf(page), page.limit)
    // Each kind's items read once (facts and detail together), then the flags of every kind and the
    // pictures' candidates of every kind in one read each: the statements do not grow with the page.
    const records = new Map<string, QueueRecord>()
    for (const adapter of this.adapters.values()) {
      const ids = items.filter((i) => i.kind === adapter.kind).map((i) => i.itemId)
      if (!adapter.queueRecords || ids.length === 0) continue
      for (const [id, record] of await adapter.queueRecords(ids)) records.set(`${adapter.kind}:${id}`, record)
    }
    const read = items.filter((i) => records.has(`${i.kind}:${i.itemId}`))
    const flaggers = await this.repository.flaggersOfItems(read)
    const seen = new Map(
      [...records].filter(([key, { facts }]) => {
        const shown = { ...facts, flaggedBy: flaggers.get(key) ?? [] }
        return facts.schoolId === user.schoolId && canSee(shown, user)
      }),
    )
    const candidates = await this.pictureCandidates([
      ...new Set([...seen.values()].flatMap((r) => (r.pictureClassId ? [r.pictureClassId] : []))),
    ])
    return {
      items: items.map((item) => {
        const record = seen.get(`${item.kind}:${item.itemId}`)
        if (!record) return item
        const shownCandidates = record.pictureClassId ? (candidates.get(record.pictureClassId) ?? []) : []
        return { ...item, detail: { ...record.detail, shownCandidates } }
      }),
      nextCursor,
    }
  }

  /** Approves many held items (a round's letters), each as its own decision; what cannot be approved is reported, not fatal. */
  async approveMany(user: User, items: { kind: ModeratedKind; itemId: string }[]): Promise<ApproveManyResult> {
    if (user.role !== 'teacher') throw forbidden('Only teachers moderate')
    const result: ApproveManyResult = { approved: [], refused: [] }
    for (const { kind, itemId } of items) {
      try {
        await this.act(user, kind, itemId, 'approve', {})
        result.approved.push(itemId)
      } catch (error) {
        if (!(error instanceof DomainError)) throw error
        result.refused.push({ itemId, code: error.code, message: error.message })
      }
    }
    return result
  }

  async count(user: User): Promise<number> {
    return user.role === 'teacher' ? this.repository.countOf(user.schoolId) : 0
  }

  /**
   * A page of who did what, when and why, newest first. A teacher reads her own school's full record;
   * of a partner school's items she sees only actions on items she may see now (the visibility rule,
   * applied by the repository in SQL), and never a partner pupil's words (a flag reason).
   */
  async audit(user: User, linkId: string, page: PageQuery): Promise<AuditPage> {
    await this.linkAccess.teacherMembershipOf(user, linkId)
    const found = await this.repository.auditOf(linkId, user, positionOf(page), page.limit)
    return { items: found.items.map((e) => redacted(e, user)), nextCursor: found.nextCursor }
  }

  /**
   * A page of the school's whole audit record, for its designated safeguarding lead: every action on
   * its pupils' items (held, rejected and deleted included, with their words) and every action its
   * people took. Of a partner's item acted on by one of ours, the partner pupil's flag reason stays hidden.
   */
  async schoolAudit(user: User, page: PageQuery): Promise<AuditPage> {
    if (user.role !== 'teacher' || !user.safeguardingLead)
      throw forbidden('Only the school’s safeguarding lead reads its whole record')
    const found = await this.repository.auditOfSchool(user.schoolId, positionOf(page), page.limit)
    return { items: found.items.map((e) => redacted(e, user)), nextCursor: found.nextCursor }
  }

  private adapterFor(kind: ModeratedKind): ModerationAdapter {
    const adapter = this.adapters.get(kind)
    if (!adapter) throw new DomainError('NOT_FOUND', 'Nothing of that kind can be moderated here')
    return adapter
  }

  private async enqueue(item: ModeratedItem, reason: 'new' | 'flagged'): Promise<void> {
    await this.repository.enqueue({
      kind: item.kind,
      itemId: item.itemId,
      schoolId: item.authorSchoolId,
      linkId: item.linkId,
      reason,
      authorName: item.authorName,
      className: item.className,
      excerpt: excerptOf(item.text),
      place: item.place,
      suspiciousWords: findSuspicious(item.text),
      createdAt: nowIso(),
    })
    this.events.countChanged(item.authorSchoolId, await this.repository.countOf(item.authorSchoolId))
  }

  private async dequeue(item: ModeratedItem): Promise<void> {
    await this.repository.dequeue(item.kind, item.itemId)
    this.events.countChanged(item.authorSchoolId, await this.repository.countOf(item.authorSchoolId))
  }
}
