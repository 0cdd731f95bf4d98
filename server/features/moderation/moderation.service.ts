import type { Role, User } from '../../../shared/schemas/accounts.js'
import type { LinkStatus } from '../../../shared/schemas/links.js'
import type {
  AuditEntry,
  ModeratedKind,
  ModerationAction,
  ModerationInput,
  ModerationStatus,
  QueueItem,
} from '../../../shared/schemas/moderation.js'
import { DomainError, forbidden } from '../../domain/errors.js'
import { newId, nowIso } from '../../domain/ids.js'
import type { LinkAccess } from '../links/linkAccess.js'
import type { ModerationRepository } from './moderation.repository.js'
import { findSuspicious } from './wordLists.js'

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
  /** Extra checks before an approval (the wall checks photo consent of the pupils shown). */
  beforeApprove?(viewer: User, itemId: string, input: ModerationInput): Promise<void>
  /** Tells everyone viewing the item that it changed (live delivery is the feature's business). */
  changed(itemId: string): Promise<void>
}

/** Live notices the moderation service sends: a school's queue grew or shrank. */
export interface ModerationEvents {
  countChanged(schoolId: string, count: number): void
}

const EXCERPT_LENGTH = 160
const excerptOf = (text: string) => (text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH - 1)}…` : text)

/**
 * One moderation service for everything pupils publish. Each school answers for its own pupils:
 * a pupil's item is held until a teacher of the pupil's school approves it; teachers publish at once.
 */
export class ModerationService {
  private readonly adapters = new Map<ModeratedKind, ModerationAdapter>()

  constructor(
    private readonly repository: ModerationRepository,
    private readonly linkAccess: LinkAccess,
    private readonly events: ModerationEvents,
  ) {}

  register(adapter: ModerationAdapter): void {
    this.adapters.set(adapter.kind, adapter)
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

  async act(user: User, kind: ModeratedKind, itemId: string, action: ModerationAction, input: ModerationInput): Promise<void> {
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
          if (item.linkStatus && item.linkStatus !== 'active') throw new DomainError('LINK_NOT_ACTIVE', 'This link is not active: nothing new can be published')
          change = { status: 'published' }
        } else if (item.status === 'published' && item.flagged) change = { flagged: false }
        else throw new DomainError('CONFLICT', 'There is nothing to approve')
        break
      case 'reject':
        requireOwnSchool()
        if (!input.reason) throw new DomainError('INVALID_PAYLOAD', 'Give the pupil a reason', { fields: { reason: 'Required' } })
        if (item.status !== 'held' && !(item.status === 'published' && item.flagged)) throw new DomainError('CONFLICT', 'Only held or flagged items can be rejected')
        change = { status: 'rejected', flagged: false, rejectReason: input.reason }
        break
      case 'flag':
        if (item.status !== 'published') throw new DomainError('CONFLICT', 'Only published items can be flagged')
        if (item.flagged) return
        change = { flagged: true }
        break
      case 'hide':
        if (!teacher) throw forbidden('Only teachers can hide posts')
        if (item.status !== 'published') throw new DomainError('CONFLICT', 'Only published items can be hidden')
        change = { status: 'hidden', flagged: false }
        break
      case 'edit':
        requireOwnSchool()
        if (!input.body) throw new DomainError('INVALID_PAYLOAD', 'Give the corrected text', { fields: { body: 'Required' } })
        if (item.status !== 'published' && item.status !== 'held') throw new DomainError('CONFLICT', 'This item can no longer be edited')
        change = { body: input.body, editNote: input.reason || 'Edited by a teacher' }
        break
      case 'delete':
        requireOwnSchool()
        if (item.status === 'deleted') return
        change = { status: 'deleted', flagged: false }
        break
    }
    await adapter.apply(itemId, change)
    const after = { ...item, ...change, text: change.body ?? item.text, status: change.status ?? item.status, flagged: change.flagged ?? item.flagged }
    if (after.status === 'published' && after.flagged) await this.enqueue(after, 'flagged')
    else if (after.status !== 'held') await this.dequeue(after)
    const auditAction: AuditEntry['action'] = action === 'approve' && item.status === 'published' ? 'flag_cleared' : action
    await this.repository.audit({
      id: newId(),
      linkId: item.linkId,
      kind,
      itemId,
      actorId: user.id,
      action: auditAction,
      reason: input.reason ?? null,
      excerpt: excerptOf(after.text),
      createdAt: nowIso(),
    })
    await adapter.changed(itemId)
  }

  /** Everything waiting for a teacher of my school, across boards, wall and chat, oldest first. */
  async queue(user: User): Promise<QueueItem[]> {
    if (user.role !== 'teacher') throw forbidden('Only teachers moderate')
    return this.repository.queueOf(user.schoolId)
  }

  async count(user: User): Promise<number> {
    return user.role === 'teacher' ? this.repository.countOf(user.schoolId) : 0
  }

  /** Who did what, when and why: readable by every teacher of the link. */
  async audit(user: User, linkId: string): Promise<AuditEntry[]> {
    await this.linkAccess.teacherMembershipOf(user, linkId)
    return this.repository.auditOf(linkId)
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
