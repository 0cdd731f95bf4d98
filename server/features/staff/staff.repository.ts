import type { Kysely } from 'kysely'
import type { StaffMember } from '../../../shared/schemas/staff.js'
import type { Database } from '../../storage/schema.js'

export interface InvitationRecord {
  id: string
  schoolId: string
  schoolName: string
  invitedBy: string
  expiresAt: string
  usedAt: string | null
}

/** A school's teachers and their roles, invitations for colleagues, and password reset tokens. */
export interface StaffRepository {
  /** The school's active teachers, admins first, then by name. */
  listStaff(schoolId: string): Promise<StaffMember[]>
  /** An active teacher of the school. */
  findStaff(schoolId: string, userId: string): Promise<StaffMember | undefined>
  setRoles(userId: string, roles: { schoolAdmin?: boolean; safeguardingLead?: boolean }): Promise<void>
  countAdmins(schoolId: string): Promise<number>
  /** Switches a teacher's account off and takes her roles away (her words stay, under her name). */
  deactivate(userId: string): Promise<void>
  /** Classes only `fromUserId` taught are given to `toUserId`, so no class is left without a teacher. */
  handOverClasses(fromUserId: string, toUserId: string): Promise<void>
  insertInvitation(row: {
    id: string
    schoolId: string
    createdBy: string
    createdAt: string
    expiresAt: string
  }): Promise<void>
  findInvitation(id: string): Promise<InvitationRecord | undefined>
  /** Marks the invitation used by `userId` unless it was used or expired already: true for exactly one caller. */
  useInvitation(id: string, userId: string, at: string): Promise<boolean>
  insertReset(row: {
    id: string
    userId: string
    issuedBy: string | null
    createdAt: string
    expiresAt: string
  }): Promise<void>
  /** Unused reset tokens of the user stop working (a newer one replaces them). */
  dropResets(userId: string): Promise<void>
  /** Marks a live reset token used and returns its user; undefined when unknown, used or expired. */
  useReset(id: string, at: string): Promise<string | undefined>
}

const toMember = (row: {
  id: string
  displayName: string
  email: string | null
  schoolAdmin: number
  safeguardingLead: number
}): StaffMember => ({
  id: row.id,
  displayName: row.displayName,
  email: row.email ?? '',
  schoolAdmin: row.schoolAdmin === 1,
  safeguardingLead: row.safeguardingLead === 1,
})

export function createStaffRepository(db: Kysely<Database>): StaffRepository {
  const teachers = (schoolId: string) =>
    db
      .selectFrom('users')
      .select(['id', 'displayName', 'email', 'schoolAdmin', 'safeguardingLead'])
      .where('schoolId', '=', schoolId)
      .where('role', '=', 'teacher')
      .where('active', '=', 1)
  return {
    async listStaff(schoolId) {
      const rows = await teachers(schoolId)
        .orderBy('schoolAdmin', 'desc')
        .orderBy('displayName')
        .orderBy('id')
        .execute()
      return rows.map(toMember)
    },
    async findStaff(schoolId, userId) {
      const row = await teachers(schoolId).where('id', '=', userId).executeTakeFirst()
      return row && toMember(row)
    },
    async setRoles(userId, roles) {
      const set = {
        ...(roles.schoolAdmin !== undefined ? { schoolAdmin: roles.schoolAdmin ? 1 : 0 } : {}),
        ...(roles.safeguardingLead !== undefined ? { safeguardingLead: roles.safeguardingLead ? 1 : 0 } : {}),
      }
      if (Object.keys(set).length) await db.updateTable('users').set(set).where('id', '=', userId).execute()
    },
    async countAdmins(schoolId) {
      const row = await teachers(schoolId)
        .clearSelect()
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('schoolAdmin', '=', 1)
        .executeTakeFirstOrThrow()
      return Number(row.n)
    },
    async deactivate(userId) {
      await db
        .updateTable('users')
        .set({ active: 0, schoolAdmin: 0, safeguardingLead: 0 })
        .where('id', '=', userId)
        .execute()
    },
    async handOverClasses(fromUserId, toUserId) {
      const taught = await db.selectFrom('classTeachers').select('classId').where('userId', '=', fromUserId).execute()
      for (const { classId } of taught) {
        const others = await db
          .selectFrom('classTeachers')
          .select('userId')
          .where('classId', '=', classId)
          .where('userId', '!=', fromUserId)
          .execute()
        if (others.length === 0) await db.insertInto('classTeachers').values({ classId, userId: toUserId }).execute()
      }
    },
    async insertInvitation(row) {
      await db
        .insertInto('staffInvitations')
        .values({ ...row, usedAt: null, usedBy: null })
        .execute()
    },
    findInvitation: (id) =>
      db
        .selectFrom('staffInvitations as i')
        .innerJoin('schools as s', 's.id', 'i.schoolId')
        .innerJoin('users as u', 'u.id', 'i.createdBy')
        .select(['i.id', 'i.schoolId', 's.name as schoolName', 'u.displayName as invitedBy', 'i.expiresAt', 'i.usedAt'])
        .where('i.id', '=', id)
        .executeTakeFirst(),
    async useInvitation(id, userId, at) {
      const result = await db
        .updateTable('staffInvitations')
        .set({ usedAt: at, usedBy: userId })
        .where('id', '=', id)
        .where('usedAt', 'is', null)
        .where('expiresAt', '>', at)
        .executeTakeFirst()
      return Number(result.numUpdatedRows) === 1
    },
    async insertReset(row) {
      await db
        .insertInto('passwordResets')
        .values({ ...row, usedAt: null })
        .execute()
    },
    async dropResets(userId) {
      await db.deleteFrom('passwordResets').where('userId', '=', userId).where('usedAt', 'is', null).execute()
    },
    async useReset(id, at) {
      const row = await db
        .updateTable('passwordResets')
        .set({ usedAt: at })
        .where('id', '=', id)
        .where('usedAt', 'is', null)
        .where('expiresAt', '>', at)
        .returning('userId')
        .executeTakeFirst()
      return row?.userId
    },
  }
}
