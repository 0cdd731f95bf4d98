import type { User } from '../../../shared/schemas/accounts.js'
import type { Assembly, Attendance, IceServers, NewAssembly, Peer } from '../../../shared/schemas/assemblies.js'
import type { Link } from '../../../shared/schemas/links.js'
import { DEFAULT_SCHOOL_DAY, schoolIntervals } from '../../../shared/schoolHours.js'
import { DomainError, forbidden, notFound } from '../../domain/errors.js'
import { newId, nowIso } from '../../domain/ids.js'
import type { LinkAccess, LinkMembership } from '../links/linkAccess.js'
import type { LinkActivityService } from '../links/linkActivity.service.js'
import type { AssembliesRepository, AssemblyRecord } from './assemblies.repository.js'
import { iceServersFor, type IceConfig } from './turnCredentials.js'

const HOUR = 3_600_000

/** Classes for which an instant falls outside their school day (a warning shown when scheduling). */
export function outsideSchoolDay(link: Link, at: string): string[] {
  const t = Date.parse(at)
  return link.classes
    .filter(
      (c) =>
        !schoolIntervals({ timeZone: c.timeZone, schoolDay: DEFAULT_SCHOOL_DAY }, t - 24 * HOUR, t + 24 * HOUR).some(
          (i) => i.start <= t && t < i.end,
        ),
    )
    .map((c) => c.classId)
}

/**
 * Joint assemblies: every endpoint is a class computer signed in by a teacher of that class (pupils
 * neither join nor control a call); any teacher of the link hosts, opens and ends it.
 */
export class AssembliesService {
  constructor(
    private readonly repository: AssembliesRepository,
    private readonly linkAccess: LinkAccess,
    private readonly activity: LinkActivityService,
    private readonly ice: IceConfig,
  ) {}

  async schedule(user: User, linkId: string, input: NewAssembly): Promise<Assembly> {
    const membership = await this.linkAccess.teacherMembershipOf(user, linkId)
    this.linkAccess.assertWritable(membership)
    const now = nowIso()
    if (!input.startNow && !input.startsAt)
      throw new DomainError('INVALID_PAYLOAD', 'Choose a start time, or start now', {
        fields: { startsAt: 'Required' },
      })
    const record: AssemblyRecord = {
      id: newId(),
      linkId,
      title: input.title,
      startsAt: input.startNow ? now : new Date(input.startsAt as string).toISOString(),
      durationMinutes: input.durationMinutes,
      agenda: input.agenda,
      status: input.startNow ? 'open' : 'scheduled',
      openedAt: input.startNow ? now : null,
      endedAt: null,
      pupilChatAllowed: 0,
      createdBy: user.id,
      createdAt: now,
    }
    await this.repository.insert(record)
    return toAssembly(record, membership.link)
  }

  async list(user: User, linkId: string): Promise<Assembly[]> {
    const { link } = await this.linkAccess.membershipOf(user, linkId)
    return (await this.repository.ofLink(linkId)).map((a) => toAssembly(a, link))
  }

  async get(user: User, assemblyId: string): Promise<Assembly> {
    const { record, link } = await this.visible(user, assemblyId)
    return toAssembly(record, link)
  }

  async setStatus(user: User, assemblyId: string, status: 'open' | 'ended'): Promise<Assembly> {
    const { record, link } = await this.visible(user, assemblyId)
    if (user.role !== 'teacher') throw forbidden('Only teachers host assemblies')
    if (record.status === 'ended') throw new DomainError('ASSEMBLY_ENDED', 'This assembly has ended')
    if (status === 'open' && record.status === 'open') return toAssembly(record, link)
    await this.repository.setStatus(assemblyId, status, nowIso())
    if (status === 'ended')
      await this.activity.record(link.id, { kind: 'assembly_held', actorId: user.id, params: { title: record.title } })
    return toAssembly((await this.repository.find(assemblyId)) as AssemblyRecord, link)
  }

  /** Who takes part from this socket: refused for pupils, outsiders and an assembly not open. */
  async participant(user: User, assemblyId: string, peerId: string): Promise<Peer> {
    const { record, link } = await this.visible(user, assemblyId)
    if (user.role !== 'teacher') throw forbidden('Assemblies are joined from a class computer signed in by a teacher')
    if (record.status !== 'open')
      throw new DomainError('ASSEMBLY_NOT_OPEN', 'The host has not opened this assembly yet')
    const own = link.classes.find((c) => c.schoolId === user.schoolId)
    if (!own) throw notFound('Assembly')
    return {
      peerId,
      classId: own.classId,
      className: own.className,
      schoolName: own.schoolName,
      colorIndex: own.colorIndex,
    }
  }

  async recordJoin(assemblyId: string, classId: string, id = newId()): Promise<string> {
    await this.repository.joined({ id, assemblyId, classId, joinedAt: nowIso(), leftAt: null })
    return id
  }

  async recordLeave(attendanceId: string): Promise<void> {
    await this.repository.left(attendanceId, nowIso())
  }

  async attendance(user: User, assemblyId: string, now = Date.now()): Promise<Attendance> {
    const { link } = await this.visible(user, assemblyId)
    if (user.role !== 'teacher') throw forbidden('Only teachers see attendance')
    return (await this.repository.attendance(assemblyId)).map((row) => {
      const c = link.classes.find((x) => x.classId === row.classId)
      const end = row.leftAt ? Date.parse(row.leftAt) : now
      return {
        classId: row.classId,
        className: c?.className ?? '',
        schoolName: c?.schoolName ?? '',
        joinedAt: row.joinedAt,
        leftAt: row.leftAt,
        minutes: Math.round(((end - Date.parse(row.joinedAt)) / 60_000) * 10) / 10,
      }
    })
  }

  async iceServers(user: User, assemblyId: string): Promise<IceServers> {
    await this.visible(user, assemblyId)
    if (user.role !== 'teacher') throw forbidden('Assemblies are joined from a class computer signed in by a teacher')
    return iceServersFor(this.ice, user.id)
  }

  /** The host (any teacher of the link) lets pupils' chat through unmoderated, or holds it again. */
  async setPupilChat(user: User, assemblyId: string, allowed: boolean): Promise<Assembly> {
    const { record, link } = await this.visible(user, assemblyId)
    if (user.role !== 'teacher') throw forbidden('Only teachers host assemblies')
    if (record.status === 'ended') throw new DomainError('ASSEMBLY_ENDED', 'This assembly has ended')
    await this.repository.setPupilChatAllowed(assemblyId, allowed)
    return toAssembly({ ...record, pupilChatAllowed: allowed ? 1 : 0 }, link)
  }

  /** An assembly and its link, for a member of the link; NOT_FOUND for anyone else. */
  async visible(
    user: User,
    assemblyId: string,
  ): Promise<{ record: AssemblyRecord; link: Link; membership: LinkMembership }> {
    const record = await this.repository.find(assemblyId)
    if (!record) throw notFound('Assembly')
    const membership = await this.linkAccess.membershipOf(user, record.linkId)
    return { record, link: membership.link, membership }
  }
}

function toAssembly(record: AssemblyRecord, link: Link): Assembly {
  return {
    id: record.id,
    linkId: record.linkId,
    title: record.title,
    startsAt: record.startsAt,
    durationMinutes: record.durationMinutes,
    agenda: record.agenda,
    status: record.status,
    openedAt: record.openedAt,
    endedAt: record.endedAt,
    outsideSchoolDayClassIds: outsideSchoolDay(link, record.startsAt),
    pupilChatAllowed: Boolean(record.pupilChatAllowed),
    createdAt: record.createdAt,
  }
}
