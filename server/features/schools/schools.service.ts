import { CLASS_CODE_LENGTH, CODE_ALPHABET, PERSONAL_CODE_LENGTH, type User } from '../../../shared/schemas/accounts.js'
import type {
  ClassInput,
  ClassSignInLock,
  NewPupils,
  Pupil,
  School,
  SchoolClass,
  UpdateClass,
  UpdatePupil,
  UpdateSchool,
} from '../../../shared/schemas/schools.js'
import { DomainError, forbidden, notFound } from '../../domain/errors.js'
import { newId, randomCode } from '../../domain/ids.js'
import type { AccountsRepository } from '../accounts/accounts.repository.js'
import type { SignInLimiter } from '../accounts/signInLimiter.js'
import type { ClassRecord, SchoolsRepository } from './schools.repository.js'

const MAX_PUPILS_PER_CLASS = 60

export function assertTeacher(user: User): void {
  if (user.role !== 'teacher') throw forbidden('Only teachers can do that')
}

/** A school's profile, its classes and their pupils. Every method checks who is asking. */
export class SchoolsService {
  constructor(
    private readonly schools: SchoolsRepository,
    private readonly accounts: AccountsRepository,
    private readonly signInLocks: Pick<SignInLimiter, 'classLock' | 'liftClassLock'>,
  ) {}

  async getMySchool(user: User): Promise<School> {
    const school = await this.schools.findSchool(user.schoolId)
    if (!school) throw notFound('Your school')
    return school
  }

  /** The school's profile and its day's end are the school admin's to change. */
  async updateMySchool(user: User, changes: UpdateSchool): Promise<School> {
    if (user.role !== 'teacher' || !user.schoolAdmin) throw forbidden('Only a school admin can change the school')
    await this.schools.updateSchool(user.schoolId, changes)
    return this.getMySchool(user)
  }

  /** Teachers see every class of their school; a pupil sees only their own class. */
  async listClasses(user: User): Promise<SchoolClass[]> {
    const classes = await this.schools.listClassesOfSchool(user.schoolId)
    return user.role === 'teacher' ? classes : classes.filter((c) => c.id === user.classId)
  }

  async createClass(user: User, input: ClassInput): Promise<SchoolClass> {
    assertTeacher(user)
    const record: ClassRecord = {
      id: newId(),
      schoolId: user.schoolId,
      code: await this.uniqueClassCode(),
      dataSaver: false,
      defaultLocale: null,
      ...input,
    }
    await this.schools.insertClass(record, user.id)
    return { ...record, pupilCount: 0 }
  }

  async getClass(user: User, classId: string): Promise<SchoolClass> {
    const record = await this.readableClass(user, classId)
    return { ...record, pupilCount: await this.schools.countActivePupils(classId) }
  }

  async updateClass(user: User, classId: string, changes: UpdateClass): Promise<SchoolClass> {
    const current = await this.managedClass(user, classId)
    const ageMin = changes.ageMin ?? current.ageMin
    const ageMax = changes.ageMax ?? current.ageMax
    if (ageMin > ageMax) throw new DomainError('INVALID_PAYLOAD', 'ageMin must not be above ageMax')
    await this.schools.updateClass(classId, changes)
    return this.getClass(user, classId)
  }

  async listPupils(user: User, classId: string): Promise<Pupil[]> {
    await this.managedClass(user, classId)
    return this.schools.listPupils(classId)
  }

  async addPupils(user: User, classId: string, input: NewPupils): Promise<Pupil[]> {
    const schoolClass = await this.managedClass(user, classId)
    const existing = await this.schools.countActivePupils(classId)
    if (existing + input.displayNames.length > MAX_PUPILS_PER_CLASS) {
      throw new DomainError('CLASS_FULL', `A class can have at most ${MAX_PUPILS_PER_CLASS} pupils`)
    }
    const created: Pupil[] = []
    for (const displayName of input.displayNames) {
      const pupil = {
        id: newId(),
        classId,
        displayName,
        personalCode: randomCode(CODE_ALPHABET, PERSONAL_CODE_LENGTH),
        active: true,
      }
      await this.accounts.insertUser({
        id: pupil.id,
        role: 'pupil',
        email: null,
        passwordHash: null,
        displayName,
        schoolId: user.schoolId,
        classId,
        personalCode: pupil.personalCode,
        // The class's language, or her teacher's, until she chooses her own.
        locale: schoolClass.defaultLocale ?? user.locale,
      })
      created.push(pupil)
    }
    return created
  }

  /** Gives the pupil a new personal code and signs them out everywhere (a lost card stops working). */
  async resetPupilCode(
    user: User,
    classId: string,
    pupilId: string,
  ): Promise<{ pupil: Pupil; endedSessions: string[] }> {
    await this.managedPupil(user, classId, pupilId)
    await this.accounts.updateUser(pupilId, { personalCode: randomCode(CODE_ALPHABET, PERSONAL_CODE_LENGTH) })
    const endedSessions = await this.accounts.deleteSessionsOfUser(pupilId)
    return { pupil: await this.managedPupil(user, classId, pupilId), endedSessions }
  }

  async updatePupil(
    user: User,
    classId: string,
    pupilId: string,
    changes: UpdatePupil,
  ): Promise<{ pupil: Pupil; endedSessions: string[] }> {
    await this.managedPupil(user, classId, pupilId)
    // Names are read at display time, so the teacher's correction reaches every post the pupil ever wrote.
    await this.accounts.updateUser(pupilId, {
      ...(changes.displayName !== undefined ? { displayName: changes.displayName } : {}),
      ...(changes.active !== undefined ? { active: changes.active ? 1 : 0 } : {}),
    })
    const endedSessions = changes.active === false ? await this.accounts.deleteSessionsOfUser(pupilId) : []
    return { pupil: await this.managedPupil(user, classId, pupilId), endedSessions }
  }

  /** Whether pupils' sign-ins to the class are being slowed or blocked (its teachers only). */
  async signInLock(user: User, classId: string): Promise<ClassSignInLock> {
    await this.managedClass(user, classId)
    return this.signInLocks.classLock(classId)
  }

  /** Lets the class's pupils try again at once, from anywhere (its teachers only). */
  async liftSignInLock(user: User, classId: string): Promise<void> {
    await this.managedClass(user, classId)
    await this.signInLocks.liftClassLock(classId)
  }

  /**
   * Whether this user's screen should save data: a pupil follows her class; a teacher follows any class she
   * teaches (her computer shares the school's line, and she joins assemblies for her class).
   */
  async dataSaverFor(user: User): Promise<boolean> {
    if (user.role === 'teacher') return this.schools.teachesDataSaverClass(user.id)
    if (!user.classId) return false
    return (await this.schools.findClass(user.classId))?.dataSaver ?? false
  }

  /** True when the user teaches this class. The one question every class-scoped feature asks. */
  async isTeacherOfClass(user: User, classId: string): Promise<boolean> {
    return user.role === 'teacher' && (await this.schools.isTeacherOfClass(user.id, classId))
  }

  private async readableClass(user: User, classId: string): Promise<ClassRecord> {
    const record = await this.schools.findClass(classId)
    // Another school's class is reported as missing, not forbidden: its existence is not ours to reveal.
    if (!record || record.schoolId !== user.schoolId) throw notFound('Class')
    if (user.role === 'pupil' && user.classId !== classId) throw notFound('Class')
    return record
  }

  private async managedClass(user: User, classId: string): Promise<ClassRecord> {
    assertTeacher(user)
    const record = await this.readableClass(user, classId)
    if (!(await this.schools.isTeacherOfClass(user.id, classId))) throw forbidden('You do not teach this class')
    return record
  }

  private async managedPupil(user: User, classId: string, pupilId: string): Promise<Pupil> {
    await this.managedClass(user, classId)
    const pupil = await this.schools.findPupil(classId, pupilId)
    if (!pupil) throw notFound('Pupil')
    return pupil
  }

  private async uniqueClassCode(): Promise<string> {
    for (;;) {
      const code = randomCode(CODE_ALPHABET, CLASS_CODE_LENGTH)
      if (!(await this.schools.classCodeExists(code))) return code
    }
  }
}
