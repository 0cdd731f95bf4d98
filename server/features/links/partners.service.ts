import type { User } from '../../../shared/schemas/accounts.js'
import type { AgreementContent } from '../../../shared/schemas/agreements.js'
import { MAX_CLASSES_PER_LINK, type Link } from '../../../shared/schemas/links.js'
import type {
  DirectoryEntry,
  DirectoryEntryInput,
  DirectoryPage,
  DirectoryQuery,
  DirectoryResult,
  LinkRequest,
  LinkRequestInput,
} from '../../../shared/schemas/partners.js'
import { decodeCursor, encodeCursor } from '../../../shared/schemas/paging.js'
import { schoolHoursOverlap, startOfUtcWeek } from '../../../shared/schoolHours.js'
import { DomainError, forbidden, notFound } from '../../domain/errors.js'
import { newId, nowIso } from '../../domain/ids.js'
import type { SchoolsRepository } from '../schools/schools.repository.js'
import { assertTeacher } from '../schools/schools.service.js'
import type { AgreementsRepository } from './agreements.repository.js'
import type { LinkAccess } from './linkAccess.js'
import type { LinkActivityService } from './linkActivity.service.js'
import type { LinkEvents } from './linkEvents.js'
import type { MembershipRepository } from './membership.repository.js'
import type { PartnersRepository } from './partners.repository.js'

/** Classes read at a time when a page is filtered by shared school hours (computed here, not in SQL). */
const DIRECTORY_BATCH = 100
/** Classes read at most for one page filtered by shared school hours, so a request's cost stays bounded. */
const DIRECTORY_READ_BUDGET = 1000

/** The first draft of a new link's agreement: empty sections, one roles entry per school. */
export function draftAgreement(schoolIds: string[]): AgreementContent {
  return {
    aims: '',
    principles: '',
    communication: { how: '', contactEveryDays: 14 },
    plan: [],
    resources: '',
    roles: [...new Set(schoolIds)].map((schoolId) => ({ schoolId, responsibilities: '' })),
    evaluation: { outcomes: [], review: '', reviewEveryWeeks: 13 },
    exitStrategy: '',
  }
}

export interface PartnersDeps {
  partners: PartnersRepository
  schools: SchoolsRepository
  membership: MembershipRepository
  agreements: AgreementsRepository
  linkAccess: LinkAccess
  activity: LinkActivityService
  events: LinkEvents
}

/** Finding partners in the directory, and the invitations that make and grow links. */
export class PartnersService {
  constructor(private readonly deps: PartnersDeps) {}

  private async ownClass(user: User, classId: string) {
    assertTeacher(user)
    const found = await this.deps.schools.findClass(classId)
    if (!found || found.schoolId !== user.schoolId) throw notFound('Class')
    return found
  }

  async getEntry(user: User, classId: string): Promise<DirectoryEntry | null> {
    await this.ownClass(user, classId)
    return (await this.deps.partners.findEntry(classId)) ?? null
  }

  async optIn(user: User, classId: string, input: DirectoryEntryInput): Promise<DirectoryEntry> {
    await this.ownClass(user, classId)
    await this.deps.partners.upsertEntry(classId, input, nowIso())
    const entry = await this.deps.partners.findEntry(classId)
    if (!entry) throw notFound('Directory entry')
    return entry
  }

  async optOut(user: User, classId: string): Promise<void> {
    await this.ownClass(user, classId)
    await this.deps.partners.deleteEntry(classId)
  }

  /**
   * A page of the opted-in classes of other schools, newest opt-in first, filtered in SQL, with shared
   * school hours when `overlapWith` is given. Shared hours depend on both time zones in the current
   * week, so "at least this many hours" is checked here on rows read a batch at a time, up to a budget
   * per request: such a page may be short, and its cursor continues from the last class read.
   */
  async search(user: User, query: DirectoryQuery): Promise<DirectoryPage> {
    assertTeacher(user)
    const mine = query.overlapWith ? await this.ownClass(user, query.overlapWith) : undefined
    const myEntry = mine ? await this.deps.partners.findEntry(mine.id) : undefined
    const filter = {
      country: query.country,
      region: query.region,
      ageMin: query.ageMin,
      ageMax: query.ageMax,
      language: query.language,
      theme: query.theme,
      excludeSchoolId: user.schoolId,
    }
    const week = startOfUtcWeek(Date.now())
    const withOverlap = (entry: DirectoryEntry): DirectoryResult => {
      if (!mine) return entry
      const overlap = schoolHoursOverlap(
        { timeZone: mine.timeZone, schoolDay: myEntry?.schoolDay ?? entry.schoolDay },
        { timeZone: entry.timeZone, schoolDay: entry.schoolDay },
        week,
      )
      const windows = overlap.windows.map((w) => ({
        start: new Date(w.start).toISOString(),
        end: new Date(w.end).toISOString(),
      }))
      return { ...entry, overlap: { minutesPerWeek: overlap.minutesPerWeek, windows } }
    }
    const minMinutes = query.minOverlapHours === undefined ? undefined : query.minOverlapHours * 60
    const batch = minMinutes === undefined ? query.limit : DIRECTORY_BATCH
    const items: DirectoryResult[] = []
    let before = query.before ? decodeCursor(query.before) : undefined
    for (let read = 0; read < DIRECTORY_READ_BUDGET;) {
      const page = await this.deps.partners.entriesPage(filter, before, batch)
      read += page.items.length
      for (const [index, entry] of page.items.entries()) {
        const result = withOverlap(entry)
        if (minMinutes !== undefined && (result.overlap?.minutesPerWeek ?? 0) < minMinutes) continue
        items.push(result)
        if (items.length === query.limit) {
          const more = index < page.items.length - 1 || page.nextCursor !== null
          return { items, nextCursor: more ? encodeCursor({ createdAt: entry.optedInAt, id: entry.classId }) : null }
        }
      }
      if (!page.nextCursor) return { items, nextCursor: null }
      before = decodeCursor(page.nextCursor)
    }
    // The budget is spent: the client asks on from the last class read.
    return { items, nextCursor: before ? encodeCursor(before) : null }
  }

  async listRequests(user: User): Promise<LinkRequest[]> {
    assertTeacher(user)
    const classes = await this.deps.schools.listClassesOfSchool(user.schoolId)
    const linkIds = await this.deps.membership.linkIdsOfSchool(user.schoolId)
    return this.deps.partners.listRequests(
      classes.map((c) => c.id),
      linkIds,
    )
  }

  async invite(user: User, input: LinkRequestInput): Promise<LinkRequest> {
    const from = await this.ownClass(user, input.fromClassId)
    const target = await this.deps.partners.findEntry(input.toClassId)
    if (!target) throw new DomainError('NOT_IN_DIRECTORY', 'That class is not in the partner directory')
    if (target.schoolId === from.schoolId)
      throw new DomainError('SAME_SCHOOL', 'A link joins classes of different schools')
    if (input.linkId) {
      const { link, ownClasses } = await this.deps.linkAccess.teacherMembershipOf(user, input.linkId)
      if (!ownClasses.some((c) => c.classId === from.id))
        throw forbidden('Invite from one of your classes in this link')
      assertCanGrow(link, target.schoolId, target.classId)
    } else if (await this.linkedTogether(from.id, target.classId)) {
      throw new DomainError('ALREADY_LINKED', 'These classes are already linked')
    }
    if ((await this.deps.partners.pendingBetween(from.id, target.classId, input.linkId ?? null)).length > 0) {
      throw new DomainError(
        'INVITATION_PENDING',
        'An invitation between these classes is already waiting for an answer',
      )
    }
    const id = newId()
    await this.deps.partners.insertRequest({
      id,
      linkId: input.linkId ?? null,
      fromClassId: from.id,
      toClassId: target.classId,
      message: input.message,
      createdBy: user.id,
      createdAt: nowIso(),
    })
    this.deps.events.requestsChanged(
      await this.schoolsConcerned(input.linkId ?? null, [from.schoolId, target.schoolId]),
    )
    if (input.linkId) this.deps.events.linkChanged(input.linkId)
    return this.request(id)
  }

  /** The invited school's teacher accepts: a new link forms, or the class joins the existing one. */
  async accept(user: User, requestId: string): Promise<{ request: LinkRequest; linkId: string }> {
    const request = await this.answerable(user, requestId, 'to')
    const now = nowIso()
    let linkId = request.linkId
    if (linkId) {
      const link = await this.deps.membership.findLink(linkId)
      if (!link) throw notFound('Link')
      assertCanGrow(link, request.to.schoolId, request.to.classId)
      await this.decide(requestId, 'accepted', user, now)
      await this.deps.membership.addClassToLink(linkId, request.to.classId, now)
      // The current agreement now lacks the newcomer's signature: the link forms again until it signs.
      if (link.status === 'active') await this.deps.membership.setLinkStatus(linkId, 'forming', now)
      await this.deps.activity.record(linkId, {
        kind: 'class_joined',
        actorId: user.id,
        classId: request.to.classId,
        params: { className: request.to.className, schoolName: request.to.schoolName },
      })
    } else {
      await this.decide(requestId, 'accepted', user, now)
      linkId = newId()
      await this.deps.membership.insertLink({ id: linkId, status: 'forming', createdAt: now })
      await this.deps.membership.addClassToLink(linkId, request.from.classId, now)
      await this.deps.membership.addClassToLink(linkId, request.to.classId, now)
      await this.deps.agreements.insertVersion(
        linkId,
        1,
        draftAgreement([request.from.schoolId, request.to.schoolId]),
        user.id,
        now,
      )
      await this.deps.activity.record(linkId, {
        kind: 'link_created',
        actorId: user.id,
        params: { from: request.from.schoolName, to: request.to.schoolName },
      })
    }
    this.deps.events.requestsChanged(await this.schoolsConcerned(linkId, [request.from.schoolId, request.to.schoolId]))
    return { request: await this.request(requestId), linkId }
  }

  async decline(user: User, requestId: string): Promise<LinkRequest> {
    const request = await this.answerable(user, requestId, 'to')
    await this.decide(requestId, 'declined', user, nowIso())
    this.deps.events.requestsChanged(
      await this.schoolsConcerned(request.linkId, [request.from.schoolId, request.to.schoolId]),
    )
    return this.request(requestId)
  }

  async withdraw(user: User, requestId: string): Promise<LinkRequest> {
    const request = await this.answerable(user, requestId, 'from')
    await this.decide(requestId, 'withdrawn', user, nowIso())
    this.deps.events.requestsChanged(
      await this.schoolsConcerned(request.linkId, [request.from.schoolId, request.to.schoolId]),
    )
    return this.request(requestId)
  }

  /** A pending request that this teacher's school may answer from the given side. */
  private async answerable(user: User, requestId: string, side: 'from' | 'to'): Promise<LinkRequest> {
    assertTeacher(user)
    const request = await this.deps.partners.findRequest(requestId)
    const involved = request && (request.from.schoolId === user.schoolId || request.to.schoolId === user.schoolId)
    if (!request || !involved) throw notFound('Invitation')
    if (request[side].schoolId !== user.schoolId) {
      throw forbidden(
        side === 'to'
          ? 'Only the invited school can answer this invitation'
          : 'Only the inviting school can withdraw it',
      )
    }
    if (request.status !== 'pending')
      throw new DomainError('INVITATION_ANSWERED', `This invitation was already ${request.status}`)
    return request
  }

  private async decide(requestId: string, status: 'accepted' | 'declined' | 'withdrawn', user: User, at: string) {
    if (!(await this.deps.partners.decideRequest(requestId, status, user.id, at))) {
      throw new DomainError('INVITATION_ANSWERED', 'This invitation was answered a moment ago')
    }
  }

  private async request(id: string): Promise<LinkRequest> {
    const request = await this.deps.partners.findRequest(id)
    if (!request) throw notFound('Invitation')
    return request
  }

  private async linkedTogether(a: string, b: string): Promise<boolean> {
    const ofA = new Set(await this.deps.membership.linkIdsOfClasses([a]))
    for (const id of await this.deps.membership.linkIdsOfClasses([b])) {
      if (ofA.has(id) && (await this.deps.membership.findLink(id))?.status !== 'ended') return true
    }
    return false
  }

  /** Every school of the link (they all see its pending requests) plus the two directly involved. */
  private async schoolsConcerned(linkId: string | null, schoolIds: string[]): Promise<string[]> {
    const link = linkId ? await this.deps.membership.findLink(linkId) : undefined
    return [...new Set([...schoolIds, ...(link?.classes.map((c) => c.schoolId) ?? [])])]
  }
}

function assertCanGrow(link: Link, schoolId: string, classId: string): void {
  if (link.status === 'ended') throw new DomainError('LINK_NOT_ACTIVE', 'This link has ended')
  if (link.classes.some((c) => c.classId === classId))
    throw new DomainError('CLASS_ALREADY_IN_LINK', 'That class is already in this link')
  if (link.classes.some((c) => c.schoolId === schoolId))
    throw new DomainError('SAME_SCHOOL', 'A school already in the link cannot join it with another class')
  if (link.classes.length >= MAX_CLASSES_PER_LINK)
    throw new DomainError('LINK_FULL', `A link holds at most ${MAX_CLASSES_PER_LINK} classes`)
}
