import { createHash, randomBytes } from 'node:crypto'
import {
  MIN_PASSWORD_LENGTH,
  type PupilSignIn,
  type TeacherSignIn,
  type TeacherSignUp,
  type UpdateMe,
  type User,
} from '../../../shared/schemas/accounts.js'
import type { School } from '../../../shared/schemas/schools.js'
import { DEFAULT_LOCALE } from '../../../shared/locales.js'
import { DomainError } from '../../domain/errors.js'
import { newId } from '../../domain/ids.js'
import { toUser, type AccountsRepository } from './accounts.repository.js'
import { decoyHash, hashPassword, passwordProblem, verifyPassword } from './passwords.js'
import { PUPIL_KEY_PREFIX, type SignInLimiter } from './signInLimiter.js'

export interface SignedIn {
  user: User
  /** The secret for the session cookie; only its hash is stored. */
  token: string
}

export interface Authenticated {
  user: User
  sessionId: string
}


const sessionIdOf = (token: string) => createHash('sha256').update(token).digest('hex')

const invalidCredentials = () =>
  new DomainError('INVALID_CREDENTIALS', 'Those sign-in details are not right. Please check them and try again.')

/** Teacher registration, sign-in for teachers and pupils, and server-side sessions. */
export class AccountsService {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly limiter: SignInLimiter,
    private readonly sessionTtlMs: number,
  ) {}

  async signUpTeacher(input: TeacherSignUp): Promise<SignedIn & { school: School }> {
    const problem = passwordProblem(input.password, MIN_PASSWORD_LENGTH)
    if (problem) throw new DomainError('WEAK_PASSWORD', problem)
    if (await this.accounts.findTeacherByEmail(input.email)) throw this.emailTaken()
    const school: School = { id: newId(), ...input.school }
    const teacher = {
      id: newId(),
      role: 'teacher' as const,
      email: input.email,
      passwordHash: await hashPassword(input.password),
      displayName: input.displayName,
      schoolId: school.id,
      classId: null,
      personalCode: null,
      locale: input.locale ?? DEFAULT_LOCALE,
    }
    try {
      await this.accounts.insertTeacherWithSchool(school, teacher)
    } catch (error) {
      // Two sign-ups racing for one email: the unique index decides, the loser gets the same answer.
      if (await this.accounts.findTeacherByEmail(input.email)) throw this.emailTaken()
      throw error
    }
    const signedIn = await this.startSession(teacher.id)
    return { ...signedIn, school }
  }

  async signInTeacher(input: TeacherSignIn, ip: string): Promise<SignedIn> {
    await this.limiter.assertAllowed(ip, input.email)
    const row = await this.accounts.findTeacherByEmail(input.email)
    const passwordOk = await verifyPassword(input.password, row?.passwordHash ?? (await decoyHash))
    if (!row || !passwordOk) {
      await this.limiter.recordFailure(ip, input.email)
      throw invalidCredentials()
    }
    if (!row.active) throw this.inactive()
    await this.limiter.recordSuccess(input.email)
    return this.startSession(row.id)
  }

  async signInPupil(input: PupilSignIn, ip: string): Promise<SignedIn> {
    // Pupils of one class share a key: guessing personal codes means trying many within one class.
    const accountKey = PUPIL_KEY_PREFIX + input.classCode
    await this.limiter.assertAllowed(ip, accountKey)
    const row = await this.accounts.findPupilByCodes(input.classCode, input.personalCode)
    if (!row) {
      await this.limiter.recordFailure(ip, accountKey)
      throw invalidCredentials()
    }
    if (!row.active) throw this.inactive()
    return this.startSession(row.id)
  }

  /** The signed-in user behind a session cookie's token, or null when it is unknown or expired. */
  async authenticate(token: string | undefined): Promise<Authenticated | null> {
    if (!token) return null
    const found = await this.accounts.findLiveSession(sessionIdOf(token), new Date().toISOString())
    if (!found || !found.user.active) return null
    return { user: toUser(found.user), sessionId: found.session.id }
  }

  async signOut(sessionId: string): Promise<void> {
    await this.accounts.deleteSession(sessionId)
  }

  /** Ends every session of the user; returns their ids so open sockets can be closed as well. */
  signOutEverywhere(userId: string): Promise<string[]> {
    return this.accounts.deleteSessionsOfUser(userId)
  }

  async updateMe(user: User, changes: UpdateMe): Promise<User> {
    await this.accounts.updateUser(user.id, changes)
    const row = await this.accounts.findUserById(user.id)
    if (!row) throw new DomainError('UNAUTHENTICATED', 'Please sign in again')
    return toUser(row)
  }

  async findUser(id: string): Promise<User | undefined> {
    const row = await this.accounts.findUserById(id)
    return row && toUser(row)
  }

  purgeExpiredSessions(): Promise<number> {
    return this.accounts.deleteExpiredSessions(new Date().toISOString())
  }

  private async startSession(userId: string): Promise<SignedIn> {
    const token = randomBytes(32).toString('base64url')
    const now = Date.now()
    await this.accounts.insertSession({
      id: sessionIdOf(token),
      userId,
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + this.sessionTtlMs).toISOString(),
    })
    const user = await this.findUser(userId)
    if (!user) throw new Error('user vanished while signing in')
    return { user, token }
  }

  private emailTaken() {
    return new DomainError('EMAIL_TAKEN', 'An account with this email address already exists')
  }

  private inactive() {
    return new DomainError('ACCOUNT_INACTIVE', 'This account has been switched off. Please ask your teacher.')
  }
}
