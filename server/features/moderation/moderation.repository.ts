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
  /** The school of the item's author. */
  itemSchoolId: string
}

/** An audit entry with what the visibility rule needs to decide who may read it. */
export interface StoredAuditEntry extends AuditEntry {
  itemSchoolId: string | null
  actorSchoolId: string
  actorRole: 'teacher' | 'pupil'
}

export interface PupilNotice {
  id: string
  schoolId: string
  pupilId: string
  kind: string
  what: string
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
  /** The link's entries, newest first, with the schools needed to filter them per viewer. */
  auditOf(linkId: string): Promise<StoredAuditEntry[]>
  /** Every action on the school's items and by its people, across its links and the forum, newest first. */
  auditOfSchool(schoolId: string): Promise<StoredAuditEntry[]>
  /** Records that a pupil flagged an item (once per pupil). */
  flag(kind: ModeratedKind, itemId: string, userId: string, reason: string | null, at: string): Promise<void>
  /** Who flagged each of these items (pupils: the item is hidden from them). */
  flaggersOf(kind: ModeratedKind, itemIds: readonly string[]): Promise<Map<string, string[]>>
  /** Adds a note for a school's teachers unless one with the same window key exists (true when added; safe under concurrency). */
  addNotice(notice: PupilNotice, windowKey: string): Promise<boolean>
  noticesOf(schoolId: string, limit: number): Promise<(PupilNotice & { pupilName: string })[]>
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
    async auditOfSchool(schoolId) {
      const rows = await db
        .selectFrom('moderationAudit as a')
        .innerJoin('users as u', 'u.id', 'a.actorId')
        .select(['a.id', 'a.kind', 'a.itemId', 'a.action', 'a.reason', 'a.excerpt', 'a.createdAt', 'a.itemSchoolId', 'u.displayName as actorName', 'u.schoolId as actorSchoolId', 'u.role as actorRole'])
        .where((eb) => eb.or([eb('a.itemSchoolId', '=', schoolId), eb('u.schoolId', '=', schoolId)]))
        .orderBy('a.createdAt', 'desc')
        .orderBy('a.id')
        .limit(2000)
        .execute()
      return rows.map((row) => ({ ...row, kind: row.kind as ModeratedKind, action: row.action as AuditEntry['action'] }))
    },
    async auditOf(linkId) {
      const rows = await db
        .selectFrom('moderationAudit as a')
        .innerJoin('users as u', 'u.id', 'a.actorId')
        .select(['a.id', 'a.kind', 'a.itemId', 'a.action', 'a.reason', 'a.excerpt', 'a.createdAt', 'a.itemSchoolId', 'u.displayName as actorName', 'u.schoolId as actorSchoolId', 'u.role as actorRole'])
        .where('a.linkId', '=', linkId)
        .orderBy('a.createdAt', 'desc')
        .orderBy('a.id')
        .limit(500)
        .execute()
      return rows.map((row) => ({ ...row, kind: row.kind as ModeratedKind, action: row.action as AuditEntry['action'] }))
    },
    async flag(kind, itemId, userId, reason, at) {
      await db.insertInto('moderationFlags').values({ kind, itemId, userId, reason, createdAt: at }).onConflict((oc) => oc.doNothing()).execute()
    },
    async flaggersOf(kind, itemIds) {
      const found = new Map<string, string[]>()
      if (itemIds.length === 0) return found
      const rows = await db.selectFrom('moderationFlags').select(['itemId', 'userId']).where('kind', '=', kind).where('itemId', 'in', [...itemIds]).execute()
      for (const row of rows) found.set(row.itemId, [...(found.get(row.itemId) ?? []), row.userId])
      return found
    },
    async addNotice(notice, windowKey) {
      const result = await db
        .insertInto('pupilNotices')
        .values({ ...notice, windowKey })
        .onConflict((oc) => oc.column('windowKey').doNothing())
        .executeTakeFirst()
      return Number(result.numInsertedOrUpdatedRows ?? 0) === 1
    },
    async noticesOf(schoolId, limit) {
      return db
        .selectFrom('pupilNotices as n')
        .innerJoin('users as u', 'u.id', 'n.pupilId')
        .select(['n.id', 'n.schoolId', 'n.pupilId', 'n.kind', 'n.what', 'n.createdAt', 'u.displayName as pupilName'])
        .where('n.schoolId', '=', schoolId)
        .orderBy('n.createdAt', 'desc')
        .limit(limit)
        .execute()
    },
  }
}
