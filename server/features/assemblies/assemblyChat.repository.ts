import type { Kysely } from 'kysely'
import type { Database } from '../../storage/schema.js'
import type { AssemblyChatMessagesTable } from './assemblies.tables.js'

export type ChatMessageRecord = Omit<AssemblyChatMessagesTable, 'flagged'> & { flagged: boolean }

export type ChatMessageChange = Partial<Pick<AssemblyChatMessagesTable, 'status' | 'rejectReason' | 'editNote'>> & { text?: string; flagged?: boolean }

/** How much of a chat a newcomer is sent: an assembly lasts at most three hours. */
export const CHAT_HISTORY_LIMIT = 300

export interface AssemblyChatRepository {
  insert(record: Omit<ChatMessageRecord, 'rejectReason' | 'editNote' | 'flagged'>): Promise<void>
  find(id: string): Promise<ChatMessageRecord | undefined>
  /** The latest messages of an assembly, oldest first. */
  ofAssembly(assemblyId: string): Promise<ChatMessageRecord[]>
  update(id: string, change: ChatMessageChange): Promise<void>
}

export function createAssemblyChatRepository(db: Kysely<Database>): AssemblyChatRepository {
  const toRecord = (row: AssemblyChatMessagesTable): ChatMessageRecord => ({ ...row, flagged: Boolean(row.flagged) })
  return {
    async insert(record) {
      await db.insertInto('assemblyChatMessages').values({ ...record, flagged: 0, rejectReason: null, editNote: null }).execute()
    },
    async find(id) {
      const row = await db.selectFrom('assemblyChatMessages').selectAll().where('id', '=', id).executeTakeFirst()
      return row && toRecord(row)
    },
    async ofAssembly(assemblyId) {
      const rows = await db
        .selectFrom('assemblyChatMessages')
        .selectAll()
        .where('assemblyId', '=', assemblyId)
        .orderBy('createdAt', 'desc')
        .orderBy('id', 'desc')
        .limit(CHAT_HISTORY_LIMIT)
        .execute()
      return rows.reverse().map(toRecord)
    },
    async update(id, change) {
      const { flagged, ...rest } = change
      const set = Object.fromEntries(Object.entries({ ...rest, flagged: flagged === undefined ? undefined : flagged ? 1 : 0 }).filter(([, value]) => value !== undefined))
      if (Object.keys(set).length === 0) return
      await db.updateTable('assemblyChatMessages').set(set).where('id', '=', id).execute()
    },
  }
}
