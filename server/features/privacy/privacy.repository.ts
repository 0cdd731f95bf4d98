import { sql, type Kysely } from 'kysely'
import type { ModeratedKind } from '../../../shared/schemas/moderation.js'
import type { Database } from '../../storage/schema.js'
import type { PrivacyLogTable } from './privacy.tables.js'

/** One moderated item: a board post, a wall item or a chat message. */
export interface ItemRef {
  kind: ModeratedKind
  id: string
}

export type PrivacyLogEntry = PrivacyLogTable

/** An ended link's side of one school, with when it ended and how long that school keeps content. */
export interface EndedLinkSide {
  linkId: string
  schoolId: string
  endedAt: string
  retentionMonths: number
}

/**
 * What data protection removes, empties and records, across features. An emptied item keeps its row
 * (status `deleted`, every word and picture gone) so threads, replies and live catch-up keep their
 * shape and every viewer is told to drop it; its audit entries keep the action, not the words.
 */
export interface PrivacyRepository {
  /** Every board post, wall item and chat message this person wrote, in any state. */
  itemsOfAuthor(userId: string): Promise<ItemRef[]>
  /** Pictures she uploaded and pictures she is shown in. */
  picturesOfPupil(pupilId: string): Promise<string[]>
  /** The pages of these items that are letters brought in on paper (uploaded by a teacher, part of the letter). */
  paperPagesOf(items: readonly ItemRef[]): Promise<string[]>
  /** Items of one school in one link (what its retention sweeps). */
  itemsOfSchoolInLink(linkId: string, schoolId: string): Promise<ItemRef[]>
  /** Pictures one school uploaded to one link. */
  picturesOfSchoolInLink(linkId: string, schoolId: string): Promise<string[]>
  /**
   * Detaches these pictures from every post and wall item that carries them; a wall item that was
   * only the picture is emptied. Returns the items changed.
   */
  detachPictures(mediaIds: readonly string[]): Promise<ItemRef[]>
  /** Empties items: status `deleted`, no words, no picture, out of the queue, no flags, audit without excerpts. */
  emptyItems(items: readonly ItemRef[]): Promise<void>
  /** Her name is gone from every copy (chat lines and queue rows keep one). */
  forgetAuthorName(userId: string): Promise<void>
  /** The account becomes a nameless tombstone that cannot sign in; her pairs, flags, notes, consent and history go. */
  tombstonePupil(pupilId: string, at: string): Promise<void>
  /** Attendance of a school's classes at the link's assemblies; returns how many rows went. */
  deleteAttendance(linkId: string, schoolId: string): Promise<number>
  /** Sign-ins of a school's people older than `before`; returns how many went. */
  trimSignIns(schoolId: string, before: string): Promise<number>
  /** Ended links' sides that no retention sweep has claimed yet. */
  unsweptEndedLinks(): Promise<EndedLinkSide[]>
  /** Claims the sweep of one side: true for exactly one caller, whichever node it runs on. */
  claimSweep(linkId: string, schoolId: string, at: string): Promise<boolean>
  schoolIds(): Promise<{ id: string; retentionMonths: number }[]>
  retentionMonths(schoolId: string): Promise<number>
  setRetentionMonths(schoolId: string, months: number): Promise<void>
  log(entry: PrivacyLogEntry): Promise<void>
  logOf(schoolId: string, limit: number): Promise<(PrivacyLogEntry & { actorName: string | null })[]>
}

const KINDS: { kind: ModeratedKind; table: 'posts' | 'wallItems' | 'assemblyChatMessages' }[] = [
  { kind: 'board_post', table: 'posts' },
  { kind: 'wall_item', table: 'wallItems' },
  { kind: 'chat_message', table: 'assemblyChatMessages' },
]

const idsOf = (items: readonly ItemRef[], kind: ModeratedKind) => items.filter((i) => i.kind === kind).map((i) => i.id)

export function createPrivacyRepository(db: Kysely<Database>): PrivacyRepository {
  return {
    async itemsOfAuthor(userId) {
      const found: ItemRef[] = []
      for (const { kind, table } of KINDS) {
        const rows = await db.selectFrom(table).select('id').where('authorId', '=', userId).execute()
        found.push(...rows.map((r) => ({ kind, id: r.id })))
      }
      return found
    },
    async picturesOfPupil(pupilId) {
      const owned = await db.selectFrom('media').select('id').where('ownerId', '=', pupilId).execute()
      const shown = await db.selectFrom('mediaPeople').select('mediaId as id').where('pupilId', '=', pupilId).execute()
      return [...new Set([...owned, ...shown].map((r) => r.id))]
    },
    async paperPagesOf(items) {
      const wall = idsOf(items, 'wall_item')
      if (wall.length === 0) return []
      const rows = await db.selectFrom('paperPages').select('mediaId').where('itemId', 'in', wall).execute()
      return rows.map((r) => r.mediaId)
    },
    async itemsOfSchoolInLink(linkId, schoolId) {
      const posts = await db
        .selectFrom('posts as p')
        .innerJoin('boards as b', 'b.id', 'p.boardId')
        .select('p.id')
        .where('b.linkId', '=', linkId)
        .where('p.schoolId', '=', schoolId)
        .where('p.status', '!=', 'deleted')
        .execute()
      const wall = await db
        .selectFrom('wallItems')
        .select('id')
        .where('linkId', '=', linkId)
        .where('schoolId', '=', schoolId)
        .where('status', '!=', 'deleted')
        .execute()
      const chat = await db
        .selectFrom('assemblyChatMessages as m')
        .innerJoin('assemblies as a', 'a.id', 'm.assemblyId')
        .select('m.id')
        .where('a.linkId', '=', linkId)
        .where('m.schoolId', '=', schoolId)
        .where('m.status', '!=', 'deleted')
        .execute()
      return [
        ...posts.map((r) => ({ kind: 'board_post' as const, id: r.id })),
        ...wall.map((r) => ({ kind: 'wall_item' as const, id: r.id })),
        ...chat.map((r) => ({ kind: 'chat_message' as const, id: r.id })),
      ]
    },
    async picturesOfSchoolInLink(linkId, schoolId) {
      return (
        await db
          .selectFrom('media')
          .select('id')
          .where('linkId', '=', linkId)
          .where('schoolId', '=', schoolId)
          .execute()
      ).map((r) => r.id)
    },
    async detachPictures(mediaIds) {
      if (mediaIds.length === 0) return []
      const ids = [...mediaIds]
      const posts = await db.selectFrom('posts').select('id').where('mediaId', 'in', ids).execute()
      const wall = await db.selectFrom('wallItems').select(['id', 'kind']).where('mediaId', 'in', ids).execute()
      await db.updateTable('posts').set({ mediaId: null }).where('mediaId', 'in', ids).execute()
      await db.updateTable('wallItems').set({ mediaId: null }).where('mediaId', 'in', ids).execute()
      // A picture item without its picture says nothing: emptied like the rest.
      const pictureItems = wall
        .filter((w) => w.kind === 'picture')
        .map((w) => ({ kind: 'wall_item' as const, id: w.id }))
      await this.emptyItems(pictureItems)
      return [
        ...posts.map((r) => ({ kind: 'board_post' as const, id: r.id })),
        ...wall.map((r) => ({ kind: 'wall_item' as const, id: r.id })),
      ]
    },
    async emptyItems(items) {
      const posts = idsOf(items, 'board_post')
      const wall = idsOf(items, 'wall_item')
      const chat = idsOf(items, 'chat_message')
      const cleared = { status: 'deleted' as const, rejectReason: null, editNote: null, flagged: 0 }
      if (posts.length) {
        await db
          .updateTable('posts')
          .set({
            ...cleared,
            body: '',
            mediaId: null,
            title: sql<string | null>`case when title is null then null else '' end`,
          })
          .where('id', 'in', posts)
          .execute()
      }
      if (wall.length)
        await db
          .updateTable('wallItems')
          .set({ ...cleared, body: '', caption: '', sticker: null, mediaId: null })
          .where('id', 'in', wall)
          .execute()
      if (chat.length)
        await db
          .updateTable('assemblyChatMessages')
          .set({ ...cleared, text: '' })
          .where('id', 'in', chat)
          .execute()
      for (const { kind } of KINDS) {
        const ids = idsOf(items, kind)
        if (ids.length === 0) continue
        await db.deleteFrom('moderationQueue').where('kind', '=', kind).where('itemId', 'in', ids).execute()
        await db.deleteFrom('moderationFlags').where('kind', '=', kind).where('itemId', 'in', ids).execute()
        await db
          .updateTable('moderationAudit')
          .set({ excerpt: '', reason: null })
          .where('kind', '=', kind)
          .where('itemId', 'in', ids)
          .execute()
      }
    },
    async forgetAuthorName(userId) {
      await db.updateTable('assemblyChatMessages').set({ authorName: '' }).where('authorId', '=', userId).execute()
      for (const { kind, table } of KINDS) {
        await db
          .updateTable('moderationQueue')
          .set({ authorName: '' })
          .where('kind', '=', kind)
          .where('itemId', 'in', db.selectFrom(table).select('id').where('authorId', '=', userId))
          .execute()
      }
    },
    async tombstonePupil(pupilId, at) {
      await db
        .updateTable('users')
        .set({ displayName: '', personalCode: null, active: 0, leftAt: at })
        .where('id', '=', pupilId)
        .where('role', '=', 'pupil')
        .execute()
      await db.deleteFrom('penPals').where('pupilId', '=', pupilId).execute()
      await db.deleteFrom('moderationFlags').where('userId', '=', pupilId).execute()
      await db.deleteFrom('pupilNotices').where('pupilId', '=', pupilId).execute()
      await db.deleteFrom('photoConsent').where('pupilId', '=', pupilId).execute()
      await db.deleteFrom('consentHistory').where('pupilId', '=', pupilId).execute()
      await db.deleteFrom('signIns').where('userId', '=', pupilId).execute()
      await db.deleteFrom('idempotencyKeys').where('userId', '=', pupilId).execute()
      // Her reflections (private to her school) go with her, with any queue rows about them.
      await db
        .deleteFrom('moderationQueue')
        .where('kind', '=', 'reflection_answer')
        .where('itemId', 'in', db.selectFrom('reflectionAnswers').select('id').where('authorId', '=', pupilId))
        .execute()
      await db.deleteFrom('reflectionAnswers').where('authorId', '=', pupilId).execute()
      await db.deleteFrom('pupilHomeSeen').where('userId', '=', pupilId).execute()
    },
    async deleteAttendance(linkId, schoolId) {
      const result = await db
        .deleteFrom('attendance')
        .where('assemblyId', 'in', db.selectFrom('assemblies').select('id').where('linkId', '=', linkId))
        .where('classId', 'in', db.selectFrom('classes').select('id').where('schoolId', '=', schoolId))
        .executeTakeFirst()
      return Number(result.numDeletedRows)
    },
    async trimSignIns(schoolId, before) {
      const result = await db
        .deleteFrom('signIns')
        .where('at', '<', before)
        .where('userId', 'in', db.selectFrom('users').select('id').where('schoolId', '=', schoolId))
        .executeTakeFirst()
      return Number(result.numDeletedRows)
    },
    async unsweptEndedLinks() {
      const rows = await db
        .selectFrom('links as l')
        .innerJoin('linkClasses as lc', 'lc.linkId', 'l.id')
        .innerJoin('classes as c', 'c.id', 'lc.classId')
        .innerJoin('schools as s', 's.id', 'c.schoolId')
        .leftJoin('retentionSweeps as r', (join) =>
          join.onRef('r.linkId', '=', 'l.id').onRef('r.schoolId', '=', 's.id'),
        )
        .select(['l.id as linkId', 's.id as schoolId', 'l.updatedAt as endedAt', 's.retentionMonths'])
        .distinct()
        .where('l.status', '=', 'ended')
        .where('r.linkId', 'is', null)
        .execute()
      return rows.map((r) => ({ ...r, retentionMonths: Number(r.retentionMonths) }))
    },
    async claimSweep(linkId, schoolId, at) {
      const result = await db
        .insertInto('retentionSweeps')
        .values({ linkId, schoolId, sweptAt: at })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst()
      return Number(result.numInsertedOrUpdatedRows ?? 0) === 1
    },
    async schoolIds() {
      return (await db.selectFrom('schools').select(['id', 'retentionMonths']).execute()).map((r) => ({
        id: r.id,
        retentionMonths: Number(r.retentionMonths),
      }))
    },
    async retentionMonths(schoolId) {
      const row = await db.selectFrom('schools').select('retentionMonths').where('id', '=', schoolId).executeTakeFirst()
      return Number(row?.retentionMonths ?? 12)
    },
    async setRetentionMonths(schoolId, months) {
      await db.updateTable('schools').set({ retentionMonths: months }).where('id', '=', schoolId).execute()
    },
    async log(entry) {
      await db.insertInto('privacyLog').values(entry).execute()
    },
    async logOf(schoolId, limit) {
      return db
        .selectFrom('privacyLog as l')
        .leftJoin('users as u', 'u.id', 'l.actorId')
        .selectAll('l')
        .select('u.displayName as actorName')
        .where('l.schoolId', '=', schoolId)
        .orderBy('l.createdAt', 'desc')
        .orderBy('l.id')
        .limit(limit)
        .execute()
    },
  }
}
