import type { Kysely } from 'kysely'
import type { Database } from '../../storage/schema.js'
import type { AssembliesTable, AttendanceTable } from './assemblies.tables.js'

export type AssemblyRecord = AssembliesTable

/** Assemblies and who attended them: nothing about a call lives only in one server's memory. */
export interface AssembliesRepository {
  insert(record: AssemblyRecord): Promise<void>
  find(id: string): Promise<AssemblyRecord | undefined>
  ofLink(linkId: string): Promise<AssemblyRecord[]>
  setStatus(id: string, status: AssemblyRecord['status'], at: string): Promise<void>
  setPupilChatAllowed(id: string, allowed: boolean): Promise<void>
  joined(record: AttendanceTable): Promise<void>
  left(id: string, at: string): Promise<void>
  attendance(assemblyId: string): Promise<AttendanceTable[]>
}

export function createAssembliesRepository(db: Kysely<Database>): AssembliesRepository {
  return {
    async insert(record) {
      await db.insertInto('assemblies').values(record).execute()
    },
    async find(id) {
      return db.selectFrom('assemblies').selectAll().where('id', '=', id).executeTakeFirst()
    },
    async ofLink(linkId) {
      return db
        .selectFrom('assemblies')
        .selectAll()
        .where('linkId', '=', linkId)
        .orderBy('startsAt', 'desc')
        .limit(100)
        .execute()
    },
    async setStatus(id, status, at) {
      await db
        .updateTable('assemblies')
        .set(status === 'open' ? { status, openedAt: at } : { status, endedAt: at })
        .where('id', '=', id)
        .execute()
    },
    async setPupilChatAllowed(id, allowed) {
      await db
        .updateTable('assemblies')
        .set({ pupilChatAllowed: allowed ? 1 : 0 })
        .where('id', '=', id)
        .execute()
    },
    async joined(record) {
      await db.insertInto('attendance').values(record).execute()
    },
    async left(id, at) {
      await db.updateTable('attendance').set({ leftAt: at }).where('id', '=', id).where('leftAt', 'is', null).execute()
    },
    async attendance(assemblyId) {
      return db.selectFrom('attendance').selectAll().where('assemblyId', '=', assemblyId).orderBy('joinedAt').execute()
    },
  }
}
