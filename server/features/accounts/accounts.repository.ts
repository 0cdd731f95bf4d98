import { randomUUID } from 'node:crypto'
import type { Kysely, Selectable } from 'kysely'
import type { Locale } from '../../../shared/locales.js'
import type { User } from '../../../shared/schemas/accounts.js'
import type { School } from '../../../shared/schemas/schools.js'
import { toJsonText } from '../../storage/json.js'
import { prepareQuery } from '../../storage/prepared.js'
import type { Database } from '../../storage/schema.js'
import type { UsersTable } from './accounts.tables.js'

export type UserRow = Selectable<UsersTable>

export interface NewUserRow {
  id: string
  role: 'teacher' | 'pupil'
  email: string | null
  passwordHash: string | null
  displayName: string
  schoolId: string
  classId: string | null
  personalCode: string | null
  locale: Locale
  /** 1 for the teacher who registers a school. */
  schoolAdmin?: number
}

export interface SessionRecord {
  id: string
  userId: string
  expiresAt: string
}

/** Users and their sessions. */
export interface AccountsRepository {
  insertUser(user: NewUserRow): Promise<void>
  /** Registers a teacher together with the school they create, in one transaction. */
  insertTeacherWithSchool(school: School, teacher: NewUserRow): Promise<void>
  findUserById(id: string): Promise<UserRow | undefined>
  findTeacherByEmail(email: string): Promise<UserRow | undefined>
  /** The class with this sign-in code and its school, so a pupil's sign-in counts fall on her class. */
  findClassByCode(classCode: string): Promise<{ id: string; schoolId: string } | undefined>
  /** Finds a pupil by their class's code and their personal code (active or not). */
  findPupilByCodes(classCode: string, personalCode: string): Promise<UserRow | undefined>
  updateUser(
    id: string,
    changes: Partial<
      Pick<UserRow, 'locale' | 'localeChosen' | 'displayName' | 'active' | 'personalCode' | 'passwordHash'>
    >,
  ): Promise<void>
  insertSession(session: SessionRecord & { createdAt: string }): Promise<void>
  /** The session and its user, if the session exists and has not expired at `now`. */
  findLiveSession(id: string, now: string): Promise<{ session: SessionRecord; user: UserRow } | undefined>
  deleteSession(id: string): Promise<void>
  /** Deletes every session of a user (but `exceptSessionId`) and returns their ids, so live sockets can be closed too. */
  deleteSessionsOfUser(userId: string, exceptSessionId?: string): Promise<string[]>
  deleteExpiredSessions(now: string): Promise<number>
  /** The school's zone and the local end of its day (when pupils' sessions end). */
  findSchoolDay(schoolId: string): Promise<{ timeZone: string; dayEndsAt: string } | undefined>
}

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    role: row.role,
    displayName: row.displayName,
    email: row.email,
    schoolId: row.schoolId,
    classId: row.classId,
    locale: row.locale as Locale,
    schoolAdmin: row.role === 'teacher' && row.schoolAdmin === 1,
    safeguardingLead: row.role === 'teacher' && row.safeguardingLead === 1,
  }
}

export function createAccountsRepository(db: Kysely<Database>): AccountsRepository {
  // Asked by every request that carries a session cookie: compiled once (storage/prepared.ts).
  const liveSession = prepareQuery(db, (db, $: { id: string; now: string }) =>
    db
      .selectFrom('sessions as s')
      .innerJoin('users as u', 'u.id', 's.userId')
      .selectAll('u')
      .select(['s.id as sessionId', 's.userId as sessionUserId', 's.expiresAt as sessionExpiresAt'])
      .where('s.id', '=', $.id)
      .where('s.expiresAt', '>', $.now),
  )
  return {
    async insertUser(user) {
      await db
        .insertInto('users')
        .values({ ...user, active: 1, createdAt: new Date().toISOString() })
        .execute()
    },
    async insertTeacherWithSchool(school, teacher) {
      const createdAt = new Date().toISOString()
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('schools')
          .values({ ...school, languages: toJsonText(school.languages), createdAt })
          .execute()
        await trx
          .insertInto('users')
          .values({ ...teacher, active: 1, createdAt })
          .execute()
      })
    },
    findUserById: (id) => db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst(),
    findTeacherByEmail: (email) =>
      db.selectFrom('users').selectAll().where('email', '=', email).where('role', '=', 'teacher').executeTakeFirst(),
    findClassByCode: (classCode) =>
      db.selectFrom('classes').select(['id', 'schoolId']).where('code', '=', classCode).executeTakeFirst(),
    findPupilByCodes: (classCode, personalCode) =>
      db
        .selectFrom('users')
        .innerJoin('classes', 'classes.id', 'users.classId')
        .selectAll('users')
        .where('classes.code', '=', classCode)
        .where('users.personalCode', '=', personalCode)
        .where('users.role', '=', 'pupil')
        .executeTakeFirst(),
    async updateUser(id, changes) {
      if (Object.keys(changes).length === 0) return
      await db.updateTable('users').set(changes).where('id', '=', id).execute()
    },
    async insertSession(session) {
      await db.insertInto('sessions').values(session).execute()
      // The sign-in history a subject access request hands over (the retention job trims it).
      await db
        .insertInto('signIns')
        .values({ id: randomUUID(), userId: session.userId, at: session.createdAt })
        .execute()
    },
    async findLiveSession(id, now) {
      // One read per request: the session and its user together.
      const row = await liveSession.executeTakeFirst({ id, now })
      if (!row) return undefined
      const { sessionId, sessionUserId, sessionExpiresAt, ...user } = row
      return { session: { id: sessionId, userId: sessionUserId, expiresAt: sessionExpiresAt }, user }
    },
    async deleteSession(id) {
      await db.deleteFrom('sessions').where('id', '=', id).execute()
    },
    async deleteSessionsOfUser(userId, exceptSessionId) {
      let query = db.deleteFrom('sessions').where('userId', '=', userId)
      if (exceptSessionId) query = query.where('id', '!=', exceptSessionId)
      const rows = await query.returning('id').execute()
      return rows.map((row) => row.id)
    },
    findSchoolDay: (schoolId) =>
      db.selectFrom('schools').select(['timeZone', 'dayEndsAt']).where('id', '=', schoolId).executeTakeFirst(),
    async deleteExpiredSessions(now) {
      const result = await db.deleteFrom('sessions').where('expiresAt', '<=', now).executeTakeFirst()
      return Number(result.numDeletedRows)
    },
  }
}
