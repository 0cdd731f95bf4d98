import { createHash, randomBytes } from 'node:crypto'
import {
  MIN_PASSWORD_LENGTH,
  passwordFeedbackKeys,
  type ChangePassword,
  type PupilSignIn,
  type TeacherSignIn,
  type TeacherSignUp,
  type UpdateMe,
  type User,
} from '../../../shared/schemas/accounts.js'
import type { School } from '../../../shared/schemas/schools.js'
import { DEFAULT_LOCALE, type Locale } from '../../../shared/locales.js'
import { DEFAULT_SCHOOL_DAY, pupilSessionEnd } from '../../../shared/schoolHours.js'
import { DomainError } from '../../domain/errors.js'
import { newId } from '../../domain/ids.js'
import { toUser, type AccountsRepository } from './accounts.repository.js'
import { passwordWeakness } from './passwordStrength.js'
import { decoyHash, hashPassword, passwordProblem, verifyPassword } from './passwords.js'
import type { SignInLimiter } from './signInLimiter.js'

export interface SignedIn {
  user: User
  /** The secret for the session cookie; only its hash is stored. */
  token: string
}

/** Where a sign-in comes from. `deviceToken` is the browser's device cookie, when it sent one. */
export interface Origin {
  ip: string
  deviceToken?: string | undefined
}

/** A teacher's sign-in also answers with her device token, kept in a long-lived cookie. */
export type TeacherSignedIn = SignedIn & { deviceToken: string }

export interface Authenticated {
  user: User
  sessionId: string
  /** When the session ends (a pupil's at the end of her school day). */
  expiresAt: string
}

const sessionIdOf = (token: string) => createHash('sha256').update(token).digest('hex')

const DEVICE_TOKEN = /^[\w-]{32,64}$/
/** The browser's own device token, or a new one (anything malformed is replaced, never trusted). */
const deviceTokenOf = (origin: Origin) =>
  origin.deviceToken && DEVICE_TOKEN.test(origin.deviceToken)
    ? origin.deviceToken
    : randomBytes(32).toString('base64url')

const invalidCredentials = () =>
  new DomainError('INVALID_CREDENTIALS', 'Those sign-in details are not right. Please check them and try again.')

/**
 * Refuses a password that is too short or easy to guess, naming the field and giving zxcvbn's feedback
 * (English text in `fields[field]`, translatable keys beside it).
 */
function assertStrongPassword(field: string, password: string, userInputs: string[]): void {
  const problem = passwordProblem(password, MIN_PASSWORD_LENGTH)
  if (problem) throw new DomainError('WEAK_PASSWORD', problem, { fields: { [field]: problem } })
  const weakness = passwordWeakness(password, userInputs)
  if (!weakness) return
  const keys = passwordFeedbackKeys(field)
  throw new DomainError('WEAK_PASSWORD', `This password would be easy to guess. ${weakness.text}`, {
    fields: {
      [field]: weakness.text,
      ...(weakness.warning ? { [keys.warning]: weakness.warning } : {}),
      [keys.suggestions]: weakness.suggestions.join(','),
    },
  })
}

/** Teacher registration, sign-in for teachers and pupils, and server-side sessions. */
export class AccountsService {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly limiter: SignInLimiter,
    private readonly sessionTtlMs: number,
  ) {}

  async signUpTeacher(input: TeacherSignUp, origin: Origin): Promise<TeacherSignedIn & { school: School }> {
    // Every try counts, refused ones too: a flood of them also probes which emails have accounts.
    await this.limiter.countRegistration(origin.ip)
    assertStrongPassword('password', input.password, [
      input.school.name,
      input.displayName,
      input.email,
      input.school.city,
    ])
    if (await this.accounts.findTeacherByEmail(input.email)) throw this.emailTaken()
    const school: School = { id: newId(), ...input.school, dayEndsAt: DEFAULT_SCHOOL_DAY.end }
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
      // The teacher who registers the school is its admin: she invites her colleagues.
      schoolAdmin: 1,
    }
    try {
      await this.accounts.insertTeacherWithSchool(school, teacher)
    } catch (error) {
      // Two sign-ups racing for one email: the unique index decides, the loser gets the same answer.
      if (await this.accounts.findTeacherByEmail(input.email)) throw this.emailTaken()
      throw error
    }
    return { ...(await this.welcomeTeacher(teacher, origin)), school }
  }

  /** Signs in a teacher whose account was just made (registering a school, joining one by invitation). */
  async welcomeTeacher(
    teacher: { id: string; email: string; schoolId: string },
    origin: Origin,
  ): Promise<TeacherSignedIn> {
    const deviceToken = deviceTokenOf(origin)
    await this.limiter.rememberTeacher({ email: teacher.email, ip: origin.ip, deviceToken, schoolId: teacher.schoolId })
    return { ...(await this.startSession(teacher.id)), deviceToken }
  }

  /** Refuses a password that is too short or easy to guess (WEAK_PASSWORD naming the field). */
  assertStrongPassword(field: string, password: string, userInputs: string[]): void {
    assertStrongPassword(field, password, userInputs)
  }

  async signInTeacher(input: TeacherSignIn, origin: Origin): Promise<TeacherSignedIn> {
    const deviceToken = deviceTokenOf(origin)
    const attempt = await this.limiter.teacherAttempt({ email: input.email, ip: origin.ip, deviceToken })
    await attempt.assertAllowed()
    const row = await this.accounts.findTeacherByEmail(input.email)
    const passwordOk = await verifyPassword(input.password, row?.passwordHash ?? (await decoyHash()))
    if (!row || !passwordOk) {
      await attempt.failed()
      throw invalidCredentials()
    }
    if (!row.active) throw this.inactive()
    await attempt.succeeded(row.schoolId)
    await this.keepChosenLocale(row, input.locale)
    return { ...(await this.startSession(row.id)), deviceToken }
  }

  async signInPupil(input: PupilSignIn, origin: Origin): Promise<SignedIn> {
    // The class is looked up first so its own counts apply; a wrong code gets the same answer either way.
    const schoolClass = await this.accounts.findClassByCode(input.classCode)
    const attempt = await this.limiter.pupilAttempt({ ip: origin.ip, schoolClass })
    await attempt.assertAllowed()
    const row = schoolClass && (await this.accounts.findPupilByCodes(input.classCode, input.personalCode))
    if (!row) {
      await attempt.failed()
      throw invalidCredentials()
    }
    if (!row.active) throw this.inactive()
    await attempt.succeeded(row.schoolId)
    await this.keepChosenLocale(row, input.locale)
    return this.startSession(row.id, await this.pupilSessionEnd(row.schoolId))
  }

  /** A teacher changes her password: the current one first, then a strong new one; her other sessions end. */
  async changePassword(
    auth: Authenticated,
    input: ChangePassword,
    origin: Origin,
  ): Promise<{ endedSessions: string[] }> {
    const row = await this.accounts.findUserById(auth.user.id)
    if (!row || row.role !== 'teacher' || !row.email || !row.passwordHash)
      throw new DomainError('FORBIDDEN', 'Only teachers have passwords')
    const attempt = await this.limiter.teacherAttempt({
      email: row.email,
      ip: origin.ip,
      deviceToken: deviceTokenOf(origin),
    })
    await attempt.assertAllowed()
    if (!(await verifyPassword(input.currentPassword, row.passwordHash))) {
      await attempt.failed()
      throw new DomainError('INVALID_CREDENTIALS', 'Your current password is not right', {
        fields: { currentPassword: 'not right' },
      })
    }
    assertStrongPassword('newPassword', input.newPassword, [row.displayName, row.email])
    await this.accounts.updateUser(row.id, { passwordHash: await hashPassword(input.newPassword) })
    return { endedSessions: await this.accounts.deleteSessionsOfUser(row.id, auth.sessionId) }
  }

  /** The signed-in user behind a session cookie's token, or null when it is unknown or expired. */
  async authenticate(token: string | undefined): Promise<Authenticated | null> {
    if (!token) return null
    const found = await this.accounts.findLiveSession(sessionIdOf(token), new Date().toISOString())
    if (!found || !found.user.active) return null
    return { user: toUser(found.user), sessionId: found.session.id, expiresAt: found.session.expiresAt }
  }

  async signOut(sessionId: string): Promise<void> {
    await this.accounts.deleteSession(sessionId)
  }

  /** Ends every session of the user; returns their ids so open sockets can be closed as well. */
  signOutEverywhere(userId: string): Promise<string[]> {
    return this.accounts.deleteSessionsOfUser(userId)
  }

  async updateMe(user: User, changes: UpdateMe): Promise<User> {
    // A pupil's name is set by her teachers only: partner schools read it on everything she wrote.
    if (user.role === 'pupil' && changes.displayName !== undefined) {
      throw new DomainError('FORBIDDEN', 'Only your teachers can change your name', {
        fields: { displayName: 'set by your teachers' },
      })
    }
    // A language she picks herself wins over her class's default from then on.
    await this.accounts.updateUser(user.id, changes.locale ? { ...changes, localeChosen: 1 } : changes)
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

  /** A language chosen on the sign-in page wins over the account's stored one, and is kept for next time. */
  private async keepChosenLocale(row: { id: string; locale: string }, chosen: Locale | undefined): Promise<void> {
    if (chosen && chosen !== row.locale) await this.accounts.updateUser(row.id, { locale: chosen, localeChosen: 1 })
  }

  /**
   * A pupil's sign-in ends with her school day (shared class computers), never later than a teacher's.
   * `now` is read here, so a test moves the day's end rather than the clock.
   */
  private async pupilSessionEnd(schoolId: string): Promise<number> {
    const now = Date.now()
    const day = await this.accounts.findSchoolDay(schoolId)
    const end = day ? pupilSessionEnd(now, day.timeZone, day.dayEndsAt) : now + this.sessionTtlMs
    return Math.min(end, now + this.sessionTtlMs)
  }

  /** Starts a session (its token goes in the cookie) lasting until `endsAt`, or the configured TTL. */
  async startSession(userId: string, endsAt?: number): Promise<SignedIn & { expiresAt: string }> {
    const token = randomBytes(32).toString('base64url')
    const now = Date.now()
    const expiresAt = new Date(endsAt ?? now + this.sessionTtlMs).toISOString()
    await this.accounts.insertSession({
      id: sessionIdOf(token),
      userId,
      createdAt: new Date(now).toISOString(),
      expiresAt,
    })
    const user = await this.findUser(userId)
    if (!user) throw new Error('user vanished while signing in')
    return { user, token, expiresAt }
  }

  emailTaken() {
    return new DomainError('EMAIL_TAKEN', 'An account with this email address already exists')
  }

  private inactive() {
    return new DomainError('ACCOUNT_INACTIVE', 'This account has been switched off. Please ask your teacher.')
  }
}
