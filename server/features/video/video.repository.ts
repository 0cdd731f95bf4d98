import type { ExpressionBuilder, Kysely } from 'kysely'
import type { Database } from '../../storage/schema.js'
import type { VideoCaptionsTable, VideosTable } from './video.tables.js'

export type VideoRecord = VideosTable
export type CaptionRecord = VideoCaptionsTable

/** Video postcards, their transcode jobs, captions and settings. */
export interface VideoRepository {
  insert(record: VideoRecord): Promise<void>
  find(mediaId: string): Promise<VideoRecord | undefined>
  /**
   * Claims the oldest job that is queued, or whose node's lease ran out (it died mid-transcode), for
   * `node` until `leaseUntil`. One conditional update: two nodes never claim the same job.
   */
  claimNext(node: string, now: string, leaseUntil: string): Promise<VideoRecord | undefined>
  /**
   * Claims one video whose job a queue (pg-boss) handed to `node`: queued, or processing by a node that
   * died. Undefined when it is already ready, failed or gone.
   */
  claim(mediaId: string, node: string, leaseUntil: string): Promise<VideoRecord | undefined>
  /** The videos waiting to be transcoded, oldest first. */
  queuedIds(): Promise<string[]>
  /** Progress and a longer lease, while this node still holds the job. */
  renew(mediaId: string, node: string, progress: number, leaseUntil: string): Promise<boolean>
  finish(
    mediaId: string,
    node: string,
    change: { status: 'ready' | 'failed' | 'queued'; bytes?: number },
  ): Promise<void>
  /** A node's claimed jobs go back to the queue (it is stopping). */
  releaseClaims(node: string): Promise<number>
  /** Every job being processed goes back to the queue (one node with its own database, after a restart). */
  requeueAbandoned(): Promise<number>
  /** Jobs whose node's lease ran out before `now` (it died mid-transcode) go back to the queue; their ids. */
  requeueLapsed(now: string): Promise<string[]>
  captions(mediaId: string): Promise<CaptionRecord[]>
  caption(mediaId: string, language: string): Promise<CaptionRecord | undefined>
  putCaption(record: CaptionRecord): Promise<void>
  maxSeconds(schoolId: string): Promise<number | undefined>
  setMaxSeconds(schoolId: string, maxSeconds: number): Promise<void>
  /** The school a class belongs to (undefined: no such class). */
  schoolOfClass(classId: string): Promise<string | undefined>
  pupilsMayRecord(classId: string): Promise<boolean>
  setPupilsMayRecord(classId: string, allowed: boolean): Promise<void>
}

export function createVideoRepository(db: Kysely<Database>): VideoRepository {
  return {
    async insert(record) {
      await db.insertInto('videos').values(record).execute()
    },
    async find(mediaId) {
      return db.selectFrom('videos').selectAll().where('mediaId', '=', mediaId).executeTakeFirst()
    },
    async claimNext(node, now, leaseUntil) {
      const claimable = (eb: ExpressionBuilder<Database, 'videos'>) =>
        eb.or([eb('status', '=', 'queued'), eb.and([eb('status', '=', 'processing'), eb('leaseUntil', '<', now)])])
      const next = db.selectFrom('videos').select('mediaId').where(claimable).orderBy('createdAt').limit(1)
      // The WHERE is checked again on the row itself: on PostgreSQL a competing node's update makes it false.
      return db
        .updateTable('videos')
        .set((eb) => ({
          status: 'processing',
          claimedBy: node,
          leaseUntil,
          attempts: eb('attempts', '+', 1),
        }))
        .where('mediaId', '=', (eb) => eb.selectFrom(next.as('n')).select('n.mediaId'))
        .where(claimable)
        .returningAll()
        .executeTakeFirst()
    },
    async claim(mediaId, node, leaseUntil) {
      return db
        .updateTable('videos')
        .set((eb) => ({ status: 'processing', claimedBy: node, leaseUntil, attempts: eb('attempts', '+', 1) }))
        .where('mediaId', '=', mediaId)
        .where('status', 'in', ['queued', 'processing'])
        .returningAll()
        .executeTakeFirst()
    },
    async queuedIds() {
      const rows = await db
        .selectFrom('videos')
        .select('mediaId')
        .where('status', '=', 'queued')
        .orderBy('createdAt')
        .execute()
      return rows.map((r) => r.mediaId)
    },
    async renew(mediaId, node, progress, leaseUntil) {
      const result = await db
        .updateTable('videos')
        .set({ progress, leaseUntil })
        .where('mediaId', '=', mediaId)
        .where('claimedBy', '=', node)
        .where('status', '=', 'processing')
        .executeTakeFirst()
      return Number(result.numUpdatedRows) > 0
    },
    async finish(mediaId, node, change) {
      await db
        .updateTable('videos')
        .set({
          status: change.status,
          progress: change.status === 'ready' ? 100 : 0,
          ...(change.bytes !== undefined ? { bytes: change.bytes } : {}),
          claimedBy: null,
          leaseUntil: null,
        })
        .where('mediaId', '=', mediaId)
        .where('claimedBy', '=', node)
        .execute()
      if (change.bytes !== undefined)
        await db.updateTable('media').set({ bytes: change.bytes }).where('id', '=', mediaId).execute()
    },
    async releaseClaims(node) {
      const result = await db
        .updateTable('videos')
        .set({ status: 'queued', claimedBy: null, leaseUntil: null })
        .where('claimedBy', '=', node)
        .where('status', '=', 'processing')
        .executeTakeFirst()
      return Number(result.numUpdatedRows)
    },
    async requeueAbandoned() {
      const result = await db
        .updateTable('videos')
        .set({ status: 'queued', claimedBy: null, leaseUntil: null })
        .where('status', '=', 'processing')
        .executeTakeFirst()
      return Number(result.numUpdatedRows)
    },
    async requeueLapsed(now) {
      const rows = await db
        .updateTable('videos')
        .set({ status: 'queued', claimedBy: null, leaseUntil: null })
        .where('status', '=', 'processing')
        .where('leaseUntil', '<', now)
        .returning('mediaId')
        .execute()
      return rows.map((r) => r.mediaId)
    },
    async captions(mediaId) {
      return db.selectFrom('videoCaptions').selectAll().where('mediaId', '=', mediaId).orderBy('language').execute()
    },
    async caption(mediaId, language) {
      return db
        .selectFrom('videoCaptions')
        .selectAll()
        .where('mediaId', '=', mediaId)
        .where('language', '=', language)
        .executeTakeFirst()
    },
    async putCaption(record) {
      await db
        .insertInto('videoCaptions')
        .values(record)
        .onConflict((oc) =>
          oc.columns(['mediaId', 'language']).doUpdateSet({
            vtt: record.vtt,
            updatedBy: record.updatedBy,
            updatedAt: record.updatedAt,
          }),
        )
        .execute()
    },
    async maxSeconds(schoolId) {
      return (
        await db
          .selectFrom('schoolVideoSettings')
          .select('maxSeconds')
          .where('schoolId', '=', schoolId)
          .executeTakeFirst()
      )?.maxSeconds
    },
    async setMaxSeconds(schoolId, maxSeconds) {
      await db
        .insertInto('schoolVideoSettings')
        .values({ schoolId, maxSeconds })
        .onConflict((oc) => oc.column('schoolId').doUpdateSet({ maxSeconds }))
        .execute()
    },
    async schoolOfClass(classId) {
      return (await db.selectFrom('classes').select('schoolId').where('id', '=', classId).executeTakeFirst())?.schoolId
    },
    async pupilsMayRecord(classId) {
      const row = await db
        .selectFrom('classVideoSettings')
        .select('pupilsMayRecord')
        .where('classId', '=', classId)
        .executeTakeFirst()
      return Number(row?.pupilsMayRecord ?? 0) === 1
    },
    async setPupilsMayRecord(classId, allowed) {
      const pupilsMayRecord = allowed ? 1 : 0
      await db
        .insertInto('classVideoSettings')
        .values({ classId, pupilsMayRecord })
        .onConflict((oc) => oc.column('classId').doUpdateSet({ pupilsMayRecord }))
        .execute()
    },
  }
}
