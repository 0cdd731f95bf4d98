import type { Expression, ExpressionBuilder, Kysely, SqlBool } from 'kysely'
import type { AuditEntry, ModeratedKind, QueueItem } from '../../../shared/schemas/moderation.js'
import type { Position } from '../../../shared/schemas/paging.js'
import type { Database } from '../../storage/schema.js'
import { toJsonText, fromJsonList } from '../../storage/json.js'
import { olderThan, pageOf } from '../../storage/paging.js'

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

/** One page of a list, newest first; `nextCursor` asks for the older page (null on the oldest). */
export interface StoredPage<T> {
  items: T[]
  nextCursor: string | null
}

/** A teacher reading a link's audit record: her school's items whole, a partner's as she may see them. */
export interface AuditReader {
  schoolId: string
}

/** The moderation queue (one per school) and the audit log of every moderation action. */
export interface ModerationRepository {
  /** Adds or refreshes an item in its school's queue. */
  enqueue(entry: QueueEntry): Promise<void>
  dequeue(kind: ModeratedKind, itemId: string): Promise<void>
  /** A page of the school's queue, newest first. */
  queueOf(schoolId: string, before: Position | undefined, limit: number): Promise<StoredPage<QueueItem>>
  countOf(schoolId: string): Promise<number>
  audit(entry: NewAuditEntry): Promise<void>
  /**
   * A page of the link's entries, newest first, as `reader` may read them: every action on her
   * school's items, and on a partner's items only those she may see now (the visibility rule for a
   * teacher of another school, applied in SQL).
   */
  auditOf(
    linkId: string,
    reader: AuditReader,
    before: Position | undefined,
    limit: number,
  ): Promise<StoredPage<StoredAuditEntry>>
  /** A page of every action on the school's items and by its people, across its links and the forum, newest first. */
  auditOfSchool(schoolId: string, before: Position | undefined, limit: number): Promise<StoredPage<StoredAuditEntry>>
  /** Records that a pupil flagged an item (once per pupil). */
  flag(kind: ModeratedKind, itemId: string, userId: string, reason: string | null, at: string): Promise<void>
  /** Who flagged each of these items (pupils: the item is hidden from them). */
  flaggersOf(kind: ModeratedKind, itemIds: readonly string[]): Promise<Map<string, string[]>>
  /** Who flagged each of these items of any kind, in one read, keyed `kind:itemId`. */
  flaggersOfItems(items: readonly { kind: ModeratedKind; itemId: string }[]): Promise<Map<string, string[]>>
  /** Adds a note for a school's teachers unless one with the same window key exists (true when added; safe under concurrency). */
  addNotice(notice: PupilNotice, windowKey: string): Promise<boolean>
  noticesOf(schoolId: string, limit: number): Promise<(PupilNotice & { pupilName: string })[]>
}

type AuditEb = ExpressionBuilder<Database & { a: Database['moderationAudit'] }, 'a'>

/**
 * The visibility rule (visibility.ts `canSee`) for a teacher of another school than the item's, in
 * SQL: the item still exists, is published or hidden (never held, rejected or deleted), is not a
 * letter of a round still open, and is not a pupil's reflection (those never leave their school).
 * Kept in agreement with `canSee` by safeguarding.http.test.ts.
 */
function partnerItemVisible(eb: AuditEb, readerSchoolId: string): Expression<SqlBool> {
  const shown = ['published', 'hidden'] as const
  return eb.or([
    eb.and([
      eb('a.kind', '=', 'board_post'),
      eb.exists(
        eb
          .selectFrom('posts as ip')
          .select('ip.id')
          .whereRef('ip.id', '=', 'a.itemId')
          .where('ip.status', 'in', shown)
          .where('ip.schoolId', '!=', readerSchoolId),
      ),
    ]),
    eb.and([
      eb('a.kind', '=', 'wall_item'),
      eb.exists(
        eb
          .selectFrom('wallItems as iw')
          .leftJoin('rounds as ir', 'ir.id', 'iw.roundId')
          .select('iw.id')
          .whereRef('iw.id', '=', 'a.itemId')
          .where('iw.status', 'in', shown)
          .where('iw.schoolId', '!=', readerSchoolId)
          .where((w) => w.or([w('ir.status', 'is', null), w('ir.status', '!=', 'open')])),
      ),
    ]),
    eb.and([
      eb('a.kind', '=', 'chat_message'),
      eb.exists(
        eb
          .selectFrom('assemblyChatMessages as ic')
          .select('ic.id')
          .whereRef('ic.id', '=', 'a.itemId')
          .where('ic.status', 'in', shown)
          .where('ic.schoolId', '!=', readerSchoolId),
      ),
    ]),
  ])
}

export function createModerationRepository(db: Kysely<Database>): ModerationRepository {
  const auditRows = () =>
    db
      .selectFrom('moderationAudit as a')
      .innerJoin('users as u', 'u.id', 'a.actorId')
      .select([
        'a.id',
        'a.kind',
        'a.itemId',
        'a.action',
        'a.reason',
        'a.excerpt',
        'a.createdAt',
        'a.itemSchoolId',
        'u.displayName as actorName',
        'u.schoolId as actorSchoolId',
        'u.role as actorRole',
      ])
  type AuditRow = Awaited<ReturnType<ReturnType<typeof auditRows>['executeTakeFirstOrThrow']>>
  const toAuditPage = (rows: AuditRow[], limit: number): StoredPage<StoredAuditEntry> => {
    const page = pageOf(rows, limit, (row) => row)
    return {
      items: page.items.map((row) => ({
        ...row,
        kind: row.kind as ModeratedKind,
        action: row.action as AuditEntry['action'],
      })),
      nextCursor: page.nextCursor,
    }
  }
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
        .onConflict((oc) =>
          oc.columns(['kind', 'itemId']).doUpdateSet({
            reason: values.reason,
            excerpt: values.excerpt,
            suspicious: values.suspicious,
            createdAt: values.createdAt,
          }),
        )
        .execute()
    },
    async dequeue(kind, itemId) {
      await db.deleteFrom('moderationQueue').where('kind', '=', kind).where('itemId', '=', itemId).execute()
    },
    async queueOf(schoolId, before, limit) {
      const rows = await db
        .selectFrom('moderationQueue')
        .selectAll()
        .where('schoolId', '=', schoolId)
        .where(olderThan('createdAt', 'itemId', before))
        .orderBy('createdAt', 'desc')
        .orderBy('itemId', 'desc')
        .limit(limit + 1)
        .execute()
      const page = pageOf(rows, limit, (row) => ({ createdAt: row.createdAt, id: row.itemId }))
      const items = page.items.map((row) => ({
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
      return { items, nextCursor: page.nextCursor }
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
      await db
        .insertInto('moderationAudit')
        .values((eb) => ({
          ...entry,
          actorSchoolId: eb.selectFrom('users').select('users.schoolId').where('users.id', '=', entry.actorId),
        }))
        .execute()
    },
    async auditOfSchool(schoolId, before, limit) {
      // Two pages, each off its own index (an OR of the two would read the whole table and sort it),
      // merged: the union's first limit + 1 rows are among each side's first limit + 1.
      const side = (column: 'a.itemSchoolId' | 'a.actorSchoolId') =>
        auditRows()
          .where(column, '=', schoolId)
          .where(olderThan('a.createdAt', 'a.id', before))
          .orderBy('a.createdAt', 'desc')
          .orderBy('a.id', 'desc')
          .limit(limit + 1)
          .execute()
      const [items, actions] = await Promise.all([side('a.itemSchoolId'), side('a.actorSchoolId')])
      const merged = new Map([...items, ...actions].map((row) => [row.id, row]))
      const rows = [...merged.values()].sort((x, y) =>
        x.createdAt === y.createdAt ? (x.id < y.id ? 1 : -1) : x.createdAt < y.createdAt ? 1 : -1,
      )
      return toAuditPage(rows.slice(0, limit + 1), limit)
    },
    async auditOf(linkId, reader, before, limit) {
      const rows = await auditRows()
        .where('a.linkId', '=', linkId)
        .where((eb) => eb.or([eb('a.itemSchoolId', '=', reader.schoolId), partnerItemVisible(eb, reader.schoolId)]))
        .where(olderThan('a.createdAt', 'a.id', before))
        .orderBy('a.createdAt', 'desc')
        .orderBy('a.id', 'desc')
        .limit(limit + 1)
        .execute()
      return toAuditPage(rows, limit)
    },
    async flag(kind, itemId, userId, reason, at) {
      await db
        .insertInto('moderationFlags')
        .values({ kind, itemId, userId, reason, createdAt: at })
        .onConflict((oc) => oc.doNothing())
        .execute()
    },
    async flaggersOf(kind, itemIds) {
      const found = new Map<string, string[]>()
      if (itemIds.length === 0) return found
      const rows = await db
        .selectFrom('moderationFlags')
        .select(['itemId', 'userId'])
        .where('kind', '=', kind)
        .where('itemId', 'in', [...itemIds])
        .execute()
      for (const row of rows) found.set(row.itemId, [...(found.get(row.itemId) ?? []), row.userId])
      return found
    },
    async flaggersOfItems(items) {
      const found = new Map<string, string[]>()
      if (items.length === 0) return found
      const wanted = new Set(items.map((i) => `${i.kind}:${i.itemId}`))
      const rows = await db
        .selectFrom('moderationFlags')
        .select(['kind', 'itemId', 'userId'])
        .where('kind', 'in', [...new Set(items.map((i) => i.kind))])
        .where('itemId', 'in', [...new Set(items.map((i) => i.itemId))])
        .execute()
      for (const row of rows) {
        const key = `${row.kind}:${row.itemId}`
        if (wanted.has(key)) found.set(key, [...(found.get(key) ?? []), row.userId])
      }
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
