import type { Expression, ExpressionBuilder, Kysely, SqlBool } from 'kysely'
import { newId } from '../../domain/ids.js'
import type { Position } from '../../../shared/schemas/paging.js'
import type { Database } from '../../storage/schema.js'
import type { MediaSizeColumns } from '../media/pictureRef.js'
import type { RoundsTable, WallItemsTable } from './wall.tables.js'

export type WallItemRecord = Omit<WallItemsTable, 'flagged'> & {
  flagged: boolean
  authorName: string
  authorRole: 'teacher' | 'pupil'
  className: string | null
  toPupilName: string | null
  /** The status of the item's exchange round (null outside rounds). */
  roundStatus: 'open' | 'released' | null
} & MediaSizeColumns

interface Viewer {
  id: string
  role: 'teacher' | 'pupil'
  schoolId: string
  safeguardingLead?: boolean
}

type ItemsEb = ExpressionBuilder<Database & { w: Database['wallItems']; r: Database['rounds'] }, 'w' | 'r'>

/** What a viewer may see, in SQL: the same rule as `canSee` in moderation/visibility.ts (kept in agreement by visibility.property.test.ts). */
export function wallVisibleTo(viewer: Viewer) {
  return (eb: ItemsEb): Expression<SqlBool> => {
    const sameSchool = eb('w.schoolId', '=', viewer.schoolId)
    // A letter of an open round stays with its own school.
    const roundAllows = eb.or([eb('r.status', 'is', null), eb('r.status', '!=', 'open'), sameSchool])
    const own = eb.and([eb('w.authorId', '=', viewer.id), eb('w.status', 'in', ['held', 'rejected', 'published'])])
    let others: Expression<SqlBool>
    if (viewer.role === 'pupil') {
      const flaggedByMe = eb.exists(
        eb
          .selectFrom('moderationFlags as f')
          .select('f.itemId')
          .where('f.kind', '=', 'wall_item')
          .whereRef('f.itemId', '=', 'w.id')
          .where('f.userId', '=', viewer.id),
      )
      others = eb.and([
        eb('w.status', '=', 'published'),
        eb.not(flaggedByMe),
        eb.or([eb('w.toPupilId', 'is', null), eb('w.toPupilId', '=', viewer.id)]),
      ])
    } else {
      others = eb.or([
        eb('w.status', 'in', ['published', 'hidden']),
        eb.and([eb('w.status', 'in', ['held', 'rejected']), sameSchool]),
      ])
      // The safeguarding lead sees every item of her school, deleted ones included.
      if (viewer.safeguardingLead) return eb.or([sameSchool, eb.and([roundAllows, eb.or([own, others])])])
    }
    return eb.and([roundAllows, eb.or([own, others])])
  }
}
export type RoundRecord = RoundsTable

/** Wall items, exchange rounds, pen-pal groups, photo consent and who each picture shows. */
export interface WallRepository {
  /** `language` defaults to '' (not recorded) and the second text to none. */
  insertItem(
    item: Omit<WallItemsTable, 'flagged' | 'rejectReason' | 'editNote' | BilingualColumns> &
      Partial<Pick<WallItemsTable, BilingualColumns>>,
  ): Promise<void>
  findItem(id: string): Promise<WallItemRecord | undefined>
  findItems(ids: readonly string[]): Promise<WallItemRecord[]>
  itemsOfLink(linkId: string): Promise<WallItemRecord[]>
  /** The link's items the viewer may see, oldest first, filtered in SQL. */
  visibleItemsOfLink(linkId: string, viewer: Viewer): Promise<WallItemRecord[]>
  /**
   * One page of the link's letters and pictures the viewer may see, newest first, from before
   * `before` (filtered in SQL, on the link's index), each with the replies the viewer may see.
   * `more`: an older page follows.
   */
  visibleItemsPage(
    linkId: string,
    viewer: Viewer,
    before: Position | undefined,
    limit: number,
  ): Promise<{ items: WallItemRecord[]; replies: WallItemRecord[]; more: boolean }>
  /**
   * A page of every item of the link the viewer may see (letters, pictures and replies together),
   * oldest first, after `after`: the order of the link's record, read a page at a time.
   */
  visibleItemsAfter(
    linkId: string,
    viewer: Viewer,
    after: Position | undefined,
    limit: number,
  ): Promise<WallItemRecord[]>
  /** Which of these letters and pictures of the link (not replies) the viewer may see. */
  visibleAmong(linkId: string, viewer: Viewer, ids: readonly string[]): Promise<Set<string>>
  /** Items carrying this picture. */
  itemsWithMedia(mediaId: string): Promise<string[]>
  updateItem(
    id: string,
    change: Partial<
      Pick<WallItemsTable, 'status' | 'rejectReason' | 'editNote' | 'body' | 'secondLanguage' | 'secondBody'>
    > & { flagged?: boolean },
  ): Promise<void>
  insertRound(round: RoundRecord): Promise<void>
  findRound(id: string): Promise<RoundRecord | undefined>
  roundsOfLink(linkId: string): Promise<RoundRecord[]>
  openRound(linkId: string): Promise<RoundRecord | undefined>
  /** Releases due rounds; returns only those this call released (exactly once across nodes). */
  releaseDue(now: string): Promise<RoundRecord[]>
  /** Releases one round if still open; true only for the caller that released it. */
  releaseNow(roundId: string, now: string): Promise<boolean>
  agreeEarly(roundId: string, classId: string, by: string, at: string): Promise<void>
  earlyAgreements(roundId: string): Promise<string[]>
  /** The classes that agreed to release each of these rounds early, in one read. */
  earlyAgreementsOf(roundIds: readonly string[]): Promise<Map<string, string[]>>
  replacePenPals(linkId: string, groups: { groupId: string; pupilIds: string[] }[]): Promise<void>
  penPals(linkId: string): Promise<{ groupId: string; pupilId: string }[]>
  setConsent(pupilId: string, consent: boolean, by: string, at: string): Promise<void>
  consentOf(pupilIds: string[]): Promise<Map<string, boolean>>
  setMediaPeople(mediaId: string, pupilIds: string[]): Promise<void>
  /** Ids of wall items whose picture shows this pupil. */
  itemsShowing(pupilId: string): Promise<string[]>
  pupilsOfClasses(classIds: string[]): Promise<{ id: string; name: string; classId: string }[]>
}

type BilingualColumns = 'language' | 'secondLanguage' | 'secondBody'

export function createWallRepository(db: Kysely<Database>): WallRepository {
  const items = () =>
    db
      .selectFrom('wallItems as w')
      .innerJoin('users as u', 'u.id', 'w.authorId')
      .leftJoin('classes as c', 'c.id', 'w.classId')
      .leftJoin('users as p', 'p.id', 'w.toPupilId')
      .leftJoin('rounds as r', 'r.id', 'w.roundId')
      .leftJoin('media as m', 'm.id', 'w.mediaId')
      .selectAll('w')
      .select([
        'u.displayName as authorName',
        'u.role as authorRole',
        'c.name as className',
        'p.displayName as toPupilName',
        'r.status as roundStatus',
      ])
      .select(['m.width as mediaWidth', 'm.height as mediaHeight', 'm.bytes as mediaBytes'])
  type Row = Awaited<ReturnType<ReturnType<typeof items>['executeTakeFirstOrThrow']>>
  const toRecord = (row: Row): WallItemRecord => ({
    ...row,
    flagged: Boolean(row.flagged),
    toPupilName: row.toPupilName ?? null,
    roundStatus: row.roundStatus ?? null,
  })
  return {
    async insertItem(item) {
      await db
        .insertInto('wallItems')
        .values({
          language: '',
          secondLanguage: null,
          secondBody: null,
          ...item,
          flagged: 0,
          rejectReason: null,
          editNote: null,
        })
        .execute()
    },
    async findItem(id) {
      const row = await items().where('w.id', '=', id).executeTakeFirst()
      return row ? toRecord(row) : undefined
    },
    async findItems(ids) {
      if (ids.length === 0) return []
      return (
        await items()
          .where('w.id', 'in', [...ids])
          .execute()
      ).map(toRecord)
    },
    async visibleItemsOfLink(linkId, viewer) {
      const rows = await items()
        .where('w.linkId', '=', linkId)
        .where(wallVisibleTo(viewer))
        .orderBy('w.createdAt')
        .orderBy('w.id')
        .limit(2000)
        .execute()
      return rows.map(toRecord)
    },
    async visibleItemsPage(linkId, viewer, before, limit) {
      let query = items().where('w.linkId', '=', linkId).where('w.parentId', 'is', null).where(wallVisibleTo(viewer))
      if (before) {
        query = query.where((eb) =>
          eb.or([
            eb('w.createdAt', '<', before.createdAt),
            eb.and([eb('w.createdAt', '=', before.createdAt), eb('w.id', '<', before.id)]),
          ]),
        )
      }
      const rows = await query
        .orderBy('w.createdAt', 'desc')
        .orderBy('w.id', 'desc')
        .limit(limit + 1)
        .execute()
      const page = rows.slice(0, limit).map(toRecord)
      const replies = page.length
        ? await items()
            .where(
              'w.parentId',
              'in',
              page.map((i) => i.id),
            )
            .where(wallVisibleTo(viewer))
            .orderBy('w.createdAt')
            .orderBy('w.id')
            .execute()
        : []
      return { items: page, replies: replies.map(toRecord), more: rows.length > limit }
    },
    async visibleItemsAfter(linkId, viewer, after, limit) {
      const rows = await items()
        .where('w.linkId', '=', linkId)
        .where(wallVisibleTo(viewer))
        .where((eb) =>
          after
            ? eb.or([
                eb('w.createdAt', '>', after.createdAt),
                eb.and([eb('w.createdAt', '=', after.createdAt), eb('w.id', '>', after.id)]),
              ])
            : eb.and([]),
        )
        .orderBy('w.createdAt')
        .orderBy('w.id')
        .limit(limit)
        .execute()
      return rows.map(toRecord)
    },
    async visibleAmong(linkId, viewer, ids) {
      if (ids.length === 0) return new Set()
      const rows = await items()
        .where('w.linkId', '=', linkId)
        .where('w.id', 'in', [...ids])
        .where('w.parentId', 'is', null)
        .where(wallVisibleTo(viewer))
        .execute()
      return new Set(rows.map((row) => row.id))
    },
    async itemsWithMedia(mediaId) {
      return (await db.selectFrom('wallItems').select('id').where('mediaId', '=', mediaId).execute()).map((r) => r.id)
    },
    async itemsOfLink(linkId) {
      const rows = await items()
        .where('w.linkId', '=', linkId)
        .where('w.status', '!=', 'deleted')
        .orderBy('w.createdAt')
        .orderBy('w.id')
        .limit(2000)
        .execute()
      return rows.map(toRecord)
    },
    async updateItem(id, change) {
      if (Object.values(change).every((value) => value === undefined)) return
      const { flagged, ...rest } = change
      await db
        .updateTable('wallItems')
        .set({ ...rest, ...(flagged === undefined ? {} : { flagged: flagged ? 1 : 0 }) })
        .where('id', '=', id)
        .execute()
    },
    async insertRound(round) {
      await db.insertInto('rounds').values(round).execute()
    },
    async findRound(id) {
      return db.selectFrom('rounds').selectAll().where('id', '=', id).executeTakeFirst()
    },
    async roundsOfLink(linkId) {
      return db.selectFrom('rounds').selectAll().where('linkId', '=', linkId).orderBy('createdAt', 'desc').execute()
    },
    async openRound(linkId) {
      return db
        .selectFrom('rounds')
        .selectAll()
        .where('linkId', '=', linkId)
        .where('status', '=', 'open')
        .orderBy('createdAt', 'desc')
        .executeTakeFirst()
    },
    async releaseDue(now) {
      // One conditional UPDATE: with several nodes racing, each round changes (and is returned) once.
      return db
        .updateTable('rounds')
        .set({ status: 'released', releasedAt: now })
        .where('status', '=', 'open')
        .where('releaseAt', '<=', now)
        .returningAll()
        .execute()
    },
    async releaseNow(roundId, now) {
      const result = await db
        .updateTable('rounds')
        .set({ status: 'released', releasedAt: now })
        .where('id', '=', roundId)
        .where('status', '=', 'open')
        .executeTakeFirst()
      return Number(result.numUpdatedRows) === 1
    },
    async agreeEarly(roundId, classId, by, at) {
      await db
        .insertInto('roundEarlyRelease')
        .values({ roundId, classId, agreedBy: by, agreedAt: at })
        .onConflict((oc) => oc.doNothing())
        .execute()
    },
    async earlyAgreements(roundId) {
      return (await db.selectFrom('roundEarlyRelease').select('classId').where('roundId', '=', roundId).execute()).map(
        (r) => r.classId,
      )
    },
    async earlyAgreementsOf(roundIds) {
      const found = new Map<string, string[]>(roundIds.map((id) => [id, []]))
      if (roundIds.length === 0) return found
      const rows = await db
        .selectFrom('roundEarlyRelease')
        .select(['roundId', 'classId'])
        .where('roundId', 'in', [...roundIds])
        .execute()
      for (const row of rows) found.get(row.roundId)?.push(row.classId)
      return found
    },
    async replacePenPals(linkId, groups) {
      await db.transaction().execute(async (trx) => {
        // Two teachers pairing at once take turns: this no-op update locks the link's row (the write
        // lock on SQLite) before anything is deleted, so the second run deletes what the first wrote
        // instead of both inserting into an emptied table and colliding on (link, pupil).
        await trx
          .updateTable('links')
          .set((eb) => ({ status: eb.ref('status') }))
          .where('id', '=', linkId)
          .execute()
        await trx.deleteFrom('penPals').where('linkId', '=', linkId).execute()
        const rows = groups.flatMap((g) => g.pupilIds.map((pupilId) => ({ linkId, groupId: g.groupId, pupilId })))
        if (rows.length) await trx.insertInto('penPals').values(rows).execute()
      })
    },
    async penPals(linkId) {
      return db.selectFrom('penPals').select(['groupId', 'pupilId']).where('linkId', '=', linkId).execute()
    },
    async setConsent(pupilId, consent, by, at) {
      const values = { consent: consent ? 1 : 0, updatedBy: by, updatedAt: at }
      await db
        .insertInto('photoConsent')
        .values({ pupilId, ...values })
        .onConflict((oc) => oc.column('pupilId').doUpdateSet(values))
        .execute()
      await db
        .insertInto('consentHistory')
        .values({ id: newId(), pupilId, ...values })
        .execute()
    },
    async consentOf(pupilIds) {
      if (pupilIds.length === 0) return new Map()
      const rows = await db
        .selectFrom('photoConsent')
        .select(['pupilId', 'consent'])
        .where('pupilId', 'in', pupilIds)
        .execute()
      return new Map(rows.map((r) => [r.pupilId, Boolean(r.consent)]))
    },
    async setMediaPeople(mediaId, pupilIds) {
      await db.deleteFrom('mediaPeople').where('mediaId', '=', mediaId).execute()
      if (pupilIds.length)
        await db
          .insertInto('mediaPeople')
          .values(pupilIds.map((pupilId) => ({ mediaId, pupilId })))
          .execute()
    },
    async itemsShowing(pupilId) {
      const rows = await db
        .selectFrom('mediaPeople as m')
        .innerJoin('wallItems as w', 'w.mediaId', 'm.mediaId')
        .select('w.id')
        .where('m.pupilId', '=', pupilId)
        .execute()
      return rows.map((r) => r.id)
    },
    async pupilsOfClasses(classIds) {
      if (classIds.length === 0) return []
      const rows = await db
        .selectFrom('users')
        .select(['id', 'displayName as name', 'classId'])
        .where('role', '=', 'pupil')
        .where('active', '=', 1)
        .where('classId', 'in', classIds)
        .orderBy('displayName')
        .execute()
      return rows.map((r) => ({ id: r.id, name: r.name, classId: r.classId ?? '' }))
    },
  }
}
