import type { Kysely } from 'kysely'
import type { AuditEntry, ModeratedKind, QueueItem } from '../../../shared/schemas/moderation.js'
import type { Database } from '../../storage/schema.js'
import { toJsonText, fromJsonList } from '../../storage/json.js'

export interface QueueEntry extends QueueItem {
  schoolId: string
}

export interface NewAuditEntry {
  id: string
  linkId: string | null
  kind: ModeratedKind
  itemId: string
  actorId: string
  action: AuditEntry['action']
  reason: string | null
  excerpt: string
  createdAt: string
}

/** The moderation queue (one per school) and the audit log of every moderation action. */
export interface ModerationRepository {
  /** Adds or refreshes an item in its school's queue. */
  enqueue(entry: QueueEntry): Promise<void>
  dequeue(kind: ModeratedKind, itemId: string): Promise<void>
  queueOf(schoolId: string): Promise<QueueItem[]>
  countOf(schoolId: string): Promise<number>
  audit(entry: NewAuditEntry): Promise<void>
  auditOf(linkId: string): Promise<AuditEntry[]>
}

export function createModerationRepository(db: Kysely<Database>): ModerationRepository {
  return {
    async enqueue(entry) {
      const values = {
        kind: entry.kind,
        itemId: entry.itemId,
        schoolId: entry.schoolId,
        linkId: entry.linkId,
        reason: entry.reason,
        authorName: entry.authorName,
        className: entry.className,
        excerpt: entry.excerpt,
        place: entry.place,
        suspicious: toJsonText(entry.suspiciousWords),
        createdAt: entry.createdAt,
      }
      await db
        .insertInto('moderationQueue')
        .values(values)
        .onConflict((oc) => oc.columns(['kind', 'itemId']).doUpdateSet({ reason: values.reason, excerpt: values.excerpt, suspicious: values.suspicious, createdAt: values.createdAt }))
        .execute()
    },
    async dequeue(kind, itemId) {
      await db.deleteFrom('moderationQueue').where('kind', '=', kind).where('itemId', '=', itemId).execute()
    },
    async queueOf(schoolId) {
      const rows = await db.selectFrom('moderationQueue').selectAll().where('schoolId', '=', schoolId).orderBy('createdAt').limit(500).execute()
      return rows.map((row) => ({
        kind: row.kind as ModeratedKind,
        itemId: row.itemId,
        linkId: row.linkId,
        authorName: row.authorName,
        className: row.className,
        excerpt: row.excerpt,
        place: row.place,
        reason: row.reason,
        suspiciousWords: fromJsonList(row.suspicious),
        createdAt: row.createdAt,
      }))
    },
    async countOf(schoolId) {
      const row = await db
        .selectFrom('moderationQueue')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('schoolId', '=', schoolId)
        .executeTakeFirstOrThrow()
      return Number(row.n)
    },
    async audit(entry) {
      await db.insertInto('moderationAudit').values(entry).execute()
    },
    async auditOf(linkId) {
      const rows = await db
        .selectFrom('moderationAudit as a')
        .innerJoin('users as u', 'u.id', 'a.actorId')
        .select(['a.id', 'a.kind', 'a.itemId', 'a.action', 'a.reason', 'a.excerpt', 'a.createdAt', 'u.displayName as actorName'])
        .where('a.linkId', '=', linkId)
        .orderBy('a.createdAt', 'desc')
        .limit(500)
        .execute()
      return rows.map((row) => ({ ...row, kind: row.kind as ModeratedKind, action: row.action as AuditEntry['action'] }))
    },
  }
}
