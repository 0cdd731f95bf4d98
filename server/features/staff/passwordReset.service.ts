import type { Logger } from 'pino'
import type { User } from '../../../shared/schemas/accounts.js'
import type { IssuedReset, PasswordReset } from '../../../shared/schemas/staff.js'
import { DomainError, notFound } from '../../domain/errors.js'
import type { AccountsRepository } from '../accounts/accounts.repository.js'
import type { AccountsService } from '../accounts/accounts.service.js'
import { hashPassword } from '../accounts/passwords.js'
import type { Mailer } from './mailer.js'
import { resetMail } from './resetMail.js'
import type { ResetRequestLimiter } from './resetLimiter.js'
import { assertSchoolAdmin } from './staff.service.js'
import type { StaffRepository } from './staff.repository.js'
import { newLinkToken, tokenId } from './tokens.js'

/** A link sent by email works for an hour; one a school admin hands over, for a day. */
export const EMAILED_RESET_TTL_MS = 60 * 60 * 1000
export const ISSUED_RESET_TTL_MS = 24 * 60 * 60 * 1000

export interface PasswordResetDeps {
  staff: StaffRepository
  accounts: AccountsRepository
  accountsService: AccountsService
  limiter: ResetRequestLimiter
  /** Absent without SMTP_URL: a school admin issues reset links instead. */
  mailer: Mailer | undefined
  /** The app's public address, for the link in the mail (never taken from a request's Host). */
  publicUrl: string | undefined
  logger: Logger
  transaction: <T>(fn: () => Promise<T>) => Promise<T>
}

const invalidLink = () => new DomainError('RESET_LINK_INVALID', 'This reset link has expired or was already used')

/**
 * A teacher who forgot her password: a single-use link that expires, by email when this Bridges sends
 * mail, else issued by her school admin. Asking answers the same whether or not the address has an
 * account, and the mail goes out after the answer, so neither the answer nor its timing tells.
 */
export class PasswordResetService {
  constructor(private readonly deps: PasswordResetDeps) {}

  get byEmail(): boolean {
    return this.deps.mailer !== undefined && this.deps.publicUrl !== undefined
  }

  async request(email: string, ip: string): Promise<void> {
    // Per address: RATE_LIMITED. Per email: quietly nothing more is sent (a refusal would tell it exists).
    const mayMail = await this.deps.limiter.count(ip, email)
    const { mailer, publicUrl } = this.deps
    if (!mayMail || !mailer || !publicUrl) return
    void this.mail(email, mailer, publicUrl).catch((error: unknown) =>
      this.deps.logger.error({ err: error }, 'password reset mail not sent'),
    )
  }

  private async mail(email: string, mailer: Mailer, publicUrl: string): Promise<void> {
    const teacher = await this.deps.accounts.findTeacherByEmail(email)
    if (!teacher?.active || !teacher.email) return
    const token = await this.newToken(teacher.id, null, EMAILED_RESET_TTL_MS)
    const link = `${publicUrl}/reset-password?token=${token.token}`
    await mailer.send({
      to: teacher.email,
      ...resetMail(teacher.locale, teacher.displayName, link),
    })
  }

  /** A school admin issues a one-time reset link for a colleague, to hand over herself. */
  async issue(admin: User, userId: string): Promise<IssuedReset> {
    assertSchoolAdmin(admin)
    const member = await this.deps.staff.findStaff(admin.schoolId, userId)
    if (!member) throw notFound('Colleague')
    return this.newToken(userId, admin.id, ISSUED_RESET_TTL_MS)
  }

  /** Sets the new password with a live link (used once); every session of the account ends. */
  async reset(input: PasswordReset): Promise<{ endedSessions: string[] }> {
    // Checked first, so a weak password does not use up the link.
    this.deps.accountsService.assertStrongPassword('newPassword', input.newPassword, [])
    const passwordHash = await hashPassword(input.newPassword)
    return this.deps.transaction(async () => {
      const userId = await this.deps.staff.useReset(tokenId(input.token), new Date().toISOString())
      const user = userId && (await this.deps.accounts.findUserById(userId))
      if (!user || !user.active || user.role !== 'teacher') throw invalidLink()
      await this.deps.accounts.updateUser(user.id, { passwordHash })
      return {
        endedSessions: await this.deps.accounts.deleteSessionsOfUser(user.id),
      }
    })
  }

  private async newToken(userId: string, issuedBy: string | null, ttlMs: number): Promise<IssuedReset> {
    const token = newLinkToken()
    const now = Date.now()
    const expiresAt = new Date(now + ttlMs).toISOString()
    await this.deps.transaction(async () => {
      await this.deps.staff.dropResets(userId)
      await this.deps.staff.insertReset({
        id: tokenId(token),
        userId,
        issuedBy,
        createdAt: new Date(now).toISOString(),
        expiresAt,
      })
    })
    return { token, expiresAt }
  }
}
