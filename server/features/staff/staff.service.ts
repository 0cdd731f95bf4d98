import type { User } from '../../../shared/schemas/accounts.js'
import type {
  InvitationPreview,
  JoinSchool,
  StaffInvitation,
  StaffMember,
  UpdateStaff,
} from '../../../shared/schemas/staff.js'
import { DEFAULT_LOCALE } from '../../../shared/locales.js'
import { DomainError, forbidden, notFound } from '../../domain/errors.js'
import { newId } from '../../domain/ids.js'
import type { AccountsRepository } from '../accounts/accounts.repository.js'
import type { AccountsService, Origin, TeacherSignedIn } from '../accounts/accounts.service.js'
import { hashPassword } from '../accounts/passwords.js'
import type { StaffRepository } from './staff.repository.js'
import { newLinkToken, tokenId } from './tokens.js'

/** How long an invitation link works: a week covers a colleague who reads her mail on Monday. */
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000

const invalidInvitation = () =>
  new DomainError('STAFF_INVITATION_INVALID', 'This invitation has expired or was already used')

export function assertSchoolAdmin(user: User): void {
  if (user.role !== 'teacher' || !user.schoolAdmin) throw forbidden('Only a school admin can do that')
}

export interface StaffServiceDeps {
  staff: StaffRepository
  accounts: AccountsRepository
  accountsService: AccountsService
  transaction: <T>(fn: () => Promise<T>) => Promise<T>
}

/**
 * A school is a team: its admin invites colleagues (a single-use link that expires), gives roles and
 * removes colleagues. Every teacher of the school moderates its pupils' items, so moderation never
 * waits for one person.
 */
export class StaffService {
  constructor(private readonly deps: StaffServiceDeps) {}

  /** The school's teachers: any teacher of the school may see who her colleagues are. */
  list(user: User): Promise<StaffMember[]> {
    if (user.role !== 'teacher') throw forbidden('Only teachers can do that')
    return this.deps.staff.listStaff(user.schoolId)
  }

  /** A new invitation link for a colleague (school admins only); only a hash of its code is kept. */
  async invite(user: User): Promise<StaffInvitation> {
    assertSchoolAdmin(user)
    const code = newLinkToken()
    const now = Date.now()
    const expiresAt = new Date(now + INVITATION_TTL_MS).toISOString()
    await this.deps.staff.insertInvitation({
      id: tokenId(code),
      schoolId: user.schoolId,
      createdBy: user.id,
      createdAt: new Date(now).toISOString(),
      expiresAt,
    })
    return { code, expiresAt }
  }

  /** What the join page shows; an unknown, used or expired code gets the same refusal. */
  async preview(code: string): Promise<InvitationPreview> {
    const invitation = await this.deps.staff.findInvitation(tokenId(code))
    if (!invitation || invitation.usedAt || invitation.expiresAt <= new Date().toISOString()) throw invalidInvitation()
    return {
      schoolName: invitation.schoolName,
      invitedBy: invitation.invitedBy,
      expiresAt: invitation.expiresAt,
    }
  }

  /** A colleague creates her account with an invitation (used once) and is signed in. */
  async join(input: JoinSchool, origin: Origin): Promise<TeacherSignedIn> {
    const invitation = await this.deps.staff.findInvitation(tokenId(input.code))
    if (!invitation) throw invalidInvitation()
    this.deps.accountsService.assertStrongPassword('password', input.password, [
      input.displayName,
      input.email,
      invitation.schoolName,
    ])
    const teacher = {
      id: newId(),
      role: 'teacher' as const,
      email: input.email,
      passwordHash: await hashPassword(input.password),
      displayName: input.displayName,
      schoolId: invitation.schoolId,
      classId: null,
      personalCode: null,
      locale: input.locale ?? DEFAULT_LOCALE,
    }
    await this.deps.transaction(async () => {
      if (await this.deps.accounts.findTeacherByEmail(input.email)) throw this.deps.accountsService.emailTaken()
      await this.deps.accounts.insertUser(teacher)
      // After the insert (the invitation records who used it); a second use rolls the account back.
      if (!(await this.deps.staff.useInvitation(invitation.id, teacher.id, new Date().toISOString())))
        throw invalidInvitation()
    })
    return this.deps.accountsService.welcomeTeacher(teacher, origin)
  }

  /** A school admin gives or takes a colleague's roles (her own too); the school keeps an admin. */
  async update(user: User, userId: string, changes: UpdateStaff): Promise<StaffMember> {
    assertSchoolAdmin(user)
    const member = await this.member(user, userId)
    if (
      changes.schoolAdmin === false &&
      member.schoolAdmin &&
      (await this.deps.staff.countAdmins(user.schoolId)) <= 1
    ) {
      throw new DomainError('LAST_ADMIN', 'The school needs at least one school admin')
    }
    await this.deps.staff.setRoles(userId, changes)
    return this.member(user, userId)
  }

  /**
   * A school admin removes a colleague: her account is switched off and her sessions end (returned, so
   * live connections close too); classes only she taught pass to the admin. Her words stay, under her name.
   */
  async remove(user: User, userId: string): Promise<{ endedSessions: string[] }> {
    assertSchoolAdmin(user)
    return this.deps.transaction(async () => {
      const member = await this.member(user, userId)
      if (member.schoolAdmin && (await this.deps.staff.countAdmins(user.schoolId)) <= 1) {
        throw new DomainError('LAST_ADMIN', 'The school needs at least one school admin')
      }
      await this.deps.staff.deactivate(userId)
      await this.deps.staff.handOverClasses(userId, user.id)
      return {
        endedSessions: await this.deps.accounts.deleteSessionsOfUser(userId),
      }
    })
  }

  private async member(user: User, userId: string): Promise<StaffMember> {
    const member = await this.deps.staff.findStaff(user.schoolId, userId)
    if (!member) throw notFound('Colleague')
    return member
  }
}
