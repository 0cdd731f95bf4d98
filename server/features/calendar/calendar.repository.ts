import type { Kysely } from 'kysely'
import type { Database } from '../../storage/schema.js'

export interface CalendarClass {
  id: string
  schoolId: string
  name: string
  timeZone: string
}

/** What goes in a class's calendar feed, and the secret that opens it. */
export interface CalendarRepository {
  classByToken(token: string): Promise<CalendarClass | undefined>
  tokenOf(classId: string): Promise<string | null>
  /** Sets the class's token; false when another class already has it (try another). */
  setToken(classId: string, token: string): Promise<boolean>
  /** The links the class belongs to that have not ended. */
  linkIdsOfClass(classId: string): Promise<string[]>
  assembliesOf(linkIds: string[]): Promise<
    {
      id: string
      linkId: string
      title: string
      startsAt: string
      durationMinutes: number
      agenda: string
      status: string
    }[]
  >
  roundsOf(
    linkIds: string[],
  ): Promise<{ id: string; linkId: string; theme: string; deadline: string; releaseAt: string }[]>
  /** The newest agreement version's content (JSON text) of each link. */
  agreementsOf(linkIds: string[]): Promise<{ linkId: string; content: string }[]>
}

export function createCalendarRepository(db: Kysely<Database>): CalendarRepository {
  return {
    async classByToken(token) {
      return db
        .selectFrom('classes')
        .select(['id', 'schoolId', 'name', 'timeZone'])
        .where('calendarToken', '=', token)
        .executeTakeFirst()
    },
    async tokenOf(classId) {
      const row = await db.selectFrom('classes').select('calendarToken').where('id', '=', classId).executeTakeFirst()
      return row?.calendarToken ?? null
    },
    async setToken(classId, token) {
      try {
        await db.updateTable('classes').set({ calendarToken: token }).where('id', '=', classId).execute()
        return true
      } catch {
        return false
      }
    },
    async linkIdsOfClass(classId) {
      const rows = await db
        .selectFrom('linkClasses as lc')
        .innerJoin('links as l', 'l.id', 'lc.linkId')
        .select('l.id')
        .where('lc.classId', '=', classId)
        .where('l.status', '!=', 'ended')
        .execute()
      return rows.map((r) => r.id)
    },
    async assembliesOf(linkIds) {
      if (linkIds.length === 0) return []
      return db
        .selectFrom('assemblies')
        .select(['id', 'linkId', 'title', 'startsAt', 'durationMinutes', 'agenda', 'status'])
        .where('linkId', 'in', linkIds)
        .orderBy('startsAt')
        .execute()
    },
    async roundsOf(linkIds) {
      if (linkIds.length === 0) return []
      return db
        .selectFrom('rounds')
        .select(['id', 'linkId', 'theme', 'deadline', 'releaseAt'])
        .where('linkId', 'in', linkIds)
        .orderBy('deadline')
        .execute()
    },
    async agreementsOf(linkIds) {
      if (linkIds.length === 0) return []
      const rows = await db
        .selectFrom('agreementVersions')
        .select(['linkId', 'version', 'content'])
        .where('linkId', 'in', linkIds)
        .orderBy('version', 'desc')
        .execute()
      const newest = new Map<string, string>()
      for (const row of rows) if (!newest.has(row.linkId)) newest.set(row.linkId, row.content)
      return [...newest].map(([linkId, content]) => ({ linkId, content }))
    },
  }
}
