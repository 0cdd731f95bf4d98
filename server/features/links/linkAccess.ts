import type { User } from '../../../shared/schemas/accounts.js'
import type { Link, LinkClass } from '../../../shared/schemas/links.js'
import { DomainError, notFound } from '../../domain/errors.js'
import type { MembershipRepository } from './membership.repository.js'

export interface LinkMembership {
  link: Link
  /** The classes of this link that are the user's own: their school's (teacher) or their class (pupil). */
  ownClasses: LinkClass[]
  /** The user's own school's side of the link. */
  ownSchoolId: string
  isTeacher: boolean
}

/**
 * The authorisation questions every link-scoped feature asks (boards, wall, assemblies, agreements).
 * A teacher belongs to a link when a class of their school does (every teacher of a link has the same
 * rights: no school owns it); a pupil when their own class does. Outsiders get NOT_FOUND, so a link's
 * existence is never revealed to them.
 */
export class LinkAccess {
  constructor(private readonly membership: MembershipRepository) {}

  async membershipOf(user: User, linkId: string): Promise<LinkMembership> {
    const link = await this.membership.findLink(linkId)
    if (!link) throw notFound('Link')
    const ownClasses = link.classes.filter((c) =>
      user.role === 'teacher' ? c.schoolId === user.schoolId : c.classId === user.classId,
    )
    if (ownClasses.length === 0) throw notFound('Link')
    return { link, ownClasses, ownSchoolId: user.schoolId, isTeacher: user.role === 'teacher' }
  }

  /** Membership of a teacher of the link; pupils are refused with FORBIDDEN. */
  async teacherMembershipOf(user: User, linkId: string): Promise<LinkMembership> {
    const membership = await this.membershipOf(user, linkId)
    if (!membership.isTeacher) throw new DomainError('FORBIDDEN', 'Only teachers can do that')
    return membership
  }

  /** Throws LINK_NOT_ACTIVE unless new content may be added (the link is active). */
  assertWritable(membership: LinkMembership): void {
    if (membership.link.status !== 'active') {
      throw new DomainError('LINK_NOT_ACTIVE', `This link is ${membership.link.status}: nothing new can be added`)
    }
  }

  /** A link by id with no membership check: only for server-side fan-out, never to answer a user. */
  linkById(linkId: string): Promise<Link | undefined> {
    return this.membership.findLink(linkId)
  }

  /** Every link the user can see, newest first. */
  async linksOf(user: User): Promise<Link[]> {
    const ids =
      user.role === 'teacher'
        ? await this.membership.linkIdsOfSchool(user.schoolId)
        : await this.membership.linkIdsOfClasses(user.classId ? [user.classId] : [])
    const links = await Promise.all(ids.map((id) => this.membership.findLink(id)))
    return links
      .filter((link): link is Link => link !== undefined)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
  }

  /** The teachers of every school in the link: who moderates, who gets link-wide notices. */
  teacherIdsOf(link: Link): Promise<string[]> {
    return this.membership.teacherIdsOfSchools([...new Set(link.classes.map((c) => c.schoolId))])
  }
}
