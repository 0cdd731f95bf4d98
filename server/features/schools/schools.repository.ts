import type { Kysely, Selectable } from 'kysely'
import type { Pupil, School, SchoolClass } from '../../../shared/schemas/schools.js'
import type { Database } from '../../storage/schema.js'
import { fromFlag, fromJsonList, toFlag, toJsonText } from '../../storage/json.js'
import type { ClassesTable, SchoolsTable } from './schools.tables.js'

export type ClassRecord = Omit<SchoolClass, 'pupilCount'>
/** A new class; the data saver starts off unless given. */
export type NewClassRecord = Omit<ClassRecord, 'dataSaver'> & { dataSaver?: boolean }

/** Schools, their classes, and the pupils of a class. */
export interface SchoolsRepository {
  findSchool(id: string): Promise<School | undefined>
  updateSchool(id: string, changes: Partial<Omit<School, 'id'>>): Promise<void>
  insertClass(record: NewClassRecord, teacherId: string): Promise<void>
  findClass(id: string): Promise<ClassRecord | undefined>
  /** True when a class with this sign-in code exists (codes are unique across Bridges). */
  classCodeExists(code: string): Promise<boolean>
  listClassesOfSchool(schoolId: string): Promise<SchoolClass[]>
  updateClass(id: string, changes: Partial<Omit<ClassRecord, 'id' | 'schoolId' | 'code'>>): Promise<void>
  isTeacherOfClass(userId: string, classId: string): Promise<boolean>
  /** True when any class this teacher teaches has its data saver on (her computer shares that line). */
  teachesDataSaverClass(userId: string): Promise<boolean>
  countActivePupils(classId: string): Promise<number>
  listPupils(classId: string): Promise<Pupil[]>
  findPupil(classId: string, pupilId: string): Promise<Pupil | undefined>
}

export function toSchool(row: Selectable<SchoolsTable>): School {
  return {
    id: row.id,
    name: row.name,
    country: row.country,
    city: row.city,
    timeZone: row.timeZone,
    languages: fromJsonList(row.languages),
    dayEndsAt: row.dayEndsAt,
  }
}

export function toClassRecord(row: Selectable<ClassesTable>): ClassRecord {
  return {
    id: row.id,
    schoolId: row.schoolId,
    name: row.name,
    ageMin: row.ageMin,
    ageMax: row.ageMax,
    languages: fromJsonList(row.languages),
    subjects: fromJsonList(row.subjects),
    timeZone: row.timeZone,
    code: row.code,
    dataSaver: fromFlag(row.dataSaver),
    defaultLocale: (row.defaultLocale ?? null) as ClassRecord['defaultLocale'],
  }
}

function classColumns(changes: Partial<Omit<ClassRecord, 'id' | 'schoolId' | 'code'>>) {
  const { languages, subjects, dataSaver, ...plain } = changes
  return {
    ...plain,
    ...(dataSaver !== undefined ? { dataSaver: toFlag(dataSaver) } : {}),
    ...(languages ? { languages: toJsonText(languages) } : {}),
    ...(subjects ? { subjects: toJsonText(subjects) } : {}),
  }
}

export function createSchoolsRepository(db: Kysely<Database>): SchoolsRepository {
  const pupilColumns = ['id', 'classId', 'displayName', 'personalCode', 'active'] as const
  const toPupil = (row: {
    id: string
    classId: string | null
    displayName: string
    personalCode: string | null
    active: number
  }): Pupil => ({
    id: row.id,
    classId: row.classId ?? '',
    displayName: row.displayName,
    personalCode: row.personalCode ?? '',
    active: fromFlag(row.active),
  })

  return {
    async findSchool(id) {
      const row = await db.selectFrom('schools').selectAll().where('id', '=', id).executeTakeFirst()
      return row && toSchool(row)
    },
    async updateSchool(id, changes) {
      const { languages, ...plain } = changes
      const set = { ...plain, ...(languages ? { languages: toJsonText(languages) } : {}) }
      if (Object.keys(set).length === 0) return
      await db.updateTable('schools').set(set).where('id', '=', id).execute()
    },
    async insertClass(record, teacherId) {
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('classes')
          .values({
            ...record,
            languages: toJsonText(record.languages),
            subjects: toJsonText(record.subjects),
            dataSaver: toFlag(record.dataSaver ?? false),
            createdAt: new Date().toISOString(),
          })
          .execute()
        await trx.insertInto('classTeachers').values({ classId: record.id, userId: teacherId }).execute()
      })
    },
    async findClass(id) {
      const row = await db.selectFrom('classes').selectAll().where('id', '=', id).executeTakeFirst()
      return row && toClassRecord(row)
    },
    async classCodeExists(code) {
      const row = await db.selectFrom('classes').select('id').where('code', '=', code).executeTakeFirst()
      return row !== undefined
    },
    async listClassesOfSchool(schoolId) {
      const rows = await db
        .selectFrom('classes')
        .selectAll('classes')
        .select((eb) =>
          eb
            .selectFrom('users')
            .select(eb.fn.countAll<number>().as('n'))
            .whereRef('users.classId', '=', 'classes.id')
            .where('users.active', '=', 1)
            .as('pupilCount'),
        )
        .where('schoolId', '=', schoolId)
        .orderBy('createdAt')
        .execute()
      return rows.map((row) => ({ ...toClassRecord(row), pupilCount: Number(row.pupilCount ?? 0) }))
    },
    async updateClass(id, changes) {
      const set = classColumns(changes)
      if (Object.keys(set).length === 0) return
      const { defaultLocale } = changes
      const write = async (trx: Kysely<Database>) => {
        await trx.updateTable('classes').set(set).where('id', '=', id).execute()
        // Pupils who never chose a language of their own follow the class's new default.
        if (defaultLocale)
          await trx
            .updateTable('users')
            .set({ locale: defaultLocale })
            .where('classId', '=', id)
            .where('role', '=', 'pupil')
            .where('localeChosen', '=', 0)
            .execute()
      }
      // One transaction (the caller's, when it has one).
      await (db.isTransaction ? write(db) : db.transaction().execute(write))
    },
    async isTeacherOfClass(userId, classId) {
      const row = await db
        .selectFrom('classTeachers')
        .select('userId')
        .where('userId', '=', userId)
        .where('classId', '=', classId)
        .executeTakeFirst()
      return row !== undefined
    },
    async teachesDataSaverClass(userId) {
      const row = await db
        .selectFrom('classTeachers as t')
        .innerJoin('classes as c', 'c.id', 't.classId')
        .select('c.id')
        .where('t.userId', '=', userId)
        .where('c.dataSaver', '=', 1)
        .executeTakeFirst()
      return row !== undefined
    },
    async countActivePupils(classId) {
      const row = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('classId', '=', classId)
        .where('active', '=', 1)
        .executeTakeFirstOrThrow()
      return Number(row.n)
    },
    async listPupils(classId) {
      const rows = await db
        .selectFrom('users')
        .select(pupilColumns)
        .where('classId', '=', classId)
        .where('role', '=', 'pupil')
        // A pupil who left is a nameless tombstone, never on her old class's roster.
        .where('leftAt', 'is', null)
        .orderBy('displayName')
        .execute()
      return rows.map(toPupil)
    },
    async findPupil(classId, pupilId) {
      const row = await db
        .selectFrom('users')
        .select(pupilColumns)
        .where('classId', '=', classId)
        .where('id', '=', pupilId)
        .where('role', '=', 'pupil')
        .where('leftAt', 'is', null)
        .executeTakeFirst()
      return row && toPupil(row)
    },
  }
}
