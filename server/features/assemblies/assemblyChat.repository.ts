import type { Expression, ExpressionBuilder, Kysely, SqlBool } from 'kysely'
import type { Position } from '../../../shared/schemas/paging.js'
import type { ModerationViewer } from '../moderation/visibility.js'
import { olderThan, pageOf } from '../../storage/paging.js'
import type { Database } from '../../storage/schema.js'
import type { AssemblyChatMessagesTable } from './assemblies.tables.js'

export type ChatMessageRecord = Omit<AssemblyChatMessagesTable, 'flagged'> & { flagged: boolean }

export type ChatMessageChange = Partial<Pick<AssemblyChatMessagesTable, 'status' | 'rejectReason' | 'editNote'>> & {
  text?: string
  flagged?: boolean
}

/** How much of a chat a newcomer is sent at once; older messages are asked for a page at a time. */
export const CHAT_HISTORY_LIMIT = 100

/**
 * What a viewer may see of a chat, in SQL: the same rule as `canSee` in moderation/visibility.ts
 * (and `visibleTo` in boards.repository.ts) for a message, which has no round or addressee.
 */
export function chatVisibleTo(viewer: ModerationViewer) {
  return (eb: ExpressionBuilder<Database & { m: Database['assemblyChatMessages'] }, 'm'>): Expression<SqlBool> => {
    const own = eb.and([eb('m.authorId', '=', viewer.id), eb('m.status', 'in', ['held', 'rejected', 'published'])])
    if (viewer.role === 'pupil') {
      const flaggedByMe = eb.exists(
        eb
          .selectFrom('moderationFlags as f')
          .select('f.itemId')
          .where('f.kind', '=', 'chat_message')
          .whereRef('f.itemId', '=', 'm.id')
          .where('f.userId', '=', viewer.id),
      )
      return eb.or([own, eb.and([eb('m.status', '=', 'published'), eb.not(flaggedByMe)])])
    }
    if (viewer.role === 'teacher' && viewer.safeguardingLead)
      return eb.or([own, eb('m.status', 'in', ['published', 'hidden']), eb('m.schoolId', '=', viewer.schoolId)])
    return eb.or([
      own,
      eb('m.status', 'in', ['published', 'hidden']),
      eb.and([eb('m.status', 'in', ['held', 'rejected']), eb('m.schoolId', '=', viewer.schoolId)]),
    ])
  }
}

export interface AssemblyChatRepository {
  insert(record: Omit<ChatMessageRecord, 'rejectReason' | 'editNote' | 'flagged'>): Promise<void>
  find(id: string): Promise<ChatMessageRecord | undefined>
  /** These messages, in one read (those that exist). */
  findMany(ids: readonly string[]): Promise<ChatMessageRecord[]>
  /** A page of the messages of an assembly `viewer` may see, newest first. */
  pageOfAssembly(
    assemblyId: string,
    viewer: ModerationViewer,
    before: Position | undefined,
    limit: number,
  ): Promise<{ items: ChatMessageRecord[]; nextCursor: string | null }>
  update(id: string, change: ChatMessageChange): Promise<void>
}

export function createAssemblyChatRepository(db: Kysely<Database>): AssemblyChatRepository {
  const toRecord = (row: AssemblyChatMessagesTable): ChatMessageRecord => ({ ...row, flagged: Boolean(row.flagged) })
  return {
    async insert(record) {
      await db
        .insertInto('assemblyChatMessages')
        .values({ ...record, flagged: 0, rejectReason: null, editNote: null })
        .execute()
    },
    async find(id) {
      const row = await db.selectFrom('assemblyChatMessages').selectAll().where('id', '=', id).executeTakeFirst()
      return row && toRecord(row)
    },
    async findMany(ids) {
      if (ids.length === 0) return []
      const rows = await db
        .selectFrom('assemblyChatMessages')
        .selectAll()
        .where('id', 'in', [...ids])
        .execute()
      return rows.map(toRecord)
    },
    async pageOfAssembly(assemblyId, viewer, before, limit) {
      const rows = await db
        .selectFrom('assemblyChatMessages as m')
        .selectAll('m')
        .where('m.assemblyId', '=', assemblyId)
        .where(chatVisibleTo(viewer))
        .where(olderThan('m.createdAt', 'm.id', before))
        .orderBy('m.createdAt', 'desc')
        .orderBy('m.id', 'desc')
        .limit(limit + 1)
        .execute()
      const page = pageOf(rows, limit, (row) => row)
      return { items: page.items.map(toRecord), nextCursor: page.nextCursor }
    },
    async update(id, change) {
      const { flagged, ...rest } = change
      const set = Object.fromEntries(
        Object.entries({ ...rest, flagged: flagged === undefined ? undefined : flagged ? 1 : 0 }).filter(
          ([, value]) => value !== undefined,
        ),
      )
      if (Object.keys(set).length === 0) return
      await db.updateTable('assemblyChatMessages').set(set).where('id', '=', id).execute()
    },
  }
}
