import type { Kysely } from 'kysely'
import type { PictureRef } from '../../../shared/schemas/media.js'
import type { Database } from '../../storage/schema.js'
import type { PaperPagesTable } from './paper.tables.js'

export type PaperPageRecord = PaperPagesTable & { picture: PictureRef }

/** Pages of letters that came on paper: waiting in their upload, then filed into wall letters. */
export interface PaperRepository {
  insertPages(pages: readonly PaperPagesTable[]): Promise<void>
  /** The pages of one upload of this link and school, in the order they were sent. */
  pagesOfUpload(linkId: string, schoolId: string, uploadId: string): Promise<PaperPageRecord[]>
  /** Files a waiting page into a letter; false when it was filed meanwhile (it stays where it is). */
  fileInto(mediaId: string, itemId: string, pageNo: number): Promise<boolean>
  /** The filed pages of these letters, each letter's in reading order. */
  pagesOfItems(itemIds: readonly string[]): Promise<PaperPageRecord[]>
  /** The letter a stored page belongs to (none while it waits in its upload). */
  itemsWithPage(mediaId: string): Promise<string[]>
  /** Puts `replacement` in the place of a page still waiting in its upload; false when it is filed or gone. */
  replaceWaitingPage(mediaId: string, replacement: string): Promise<boolean>
  /**
   * The pages of these letters, let go of by the letters (their picture too) so their records can be
   * deleted: returns the pages' picture ids.
   */
  detachPages(itemIds: readonly string[]): Promise<string[]>
}

export function createPaperRepository(db: Kysely<Database>): PaperRepository {
  const pages = () =>
    db
      .selectFrom('paperPages as p')
      .innerJoin('media as m', 'm.id', 'p.mediaId')
      .selectAll('p')
      .select(['m.width', 'm.height', 'm.bytes'])
  type Row = Awaited<ReturnType<ReturnType<typeof pages>['executeTakeFirstOrThrow']>>
  const toRecord = ({ width, height, bytes, ...row }: Row): PaperPageRecord => ({
    ...row,
    picture: { id: row.mediaId, width, height, bytes },
  })
  return {
    async insertPages(rows) {
      if (rows.length)
        await db
          .insertInto('paperPages')
          .values([...rows])
          .execute()
    },
    async pagesOfUpload(linkId, schoolId, uploadId) {
      const rows = await pages()
        .where('p.uploadId', '=', uploadId)
        .where('p.linkId', '=', linkId)
        .where('p.schoolId', '=', schoolId)
        .orderBy('p.position')
        .execute()
      return rows.map(toRecord)
    },
    async fileInto(mediaId, itemId, pageNo) {
      const result = await db
        .updateTable('paperPages')
        .set({ itemId, pageNo })
        .where('mediaId', '=', mediaId)
        .where('itemId', 'is', null)
        .executeTakeFirst()
      return Number(result.numUpdatedRows) === 1
    },
    async pagesOfItems(itemIds) {
      if (itemIds.length === 0) return []
      const rows = await pages()
        .where('p.itemId', 'in', [...itemIds])
        .orderBy('p.itemId')
        .orderBy('p.pageNo')
        .execute()
      return rows.map(toRecord)
    },
    async itemsWithPage(mediaId) {
      const rows = await db
        .selectFrom('paperPages')
        .select('itemId')
        .where('mediaId', '=', mediaId)
        .where('itemId', 'is not', null)
        .execute()
      return rows.flatMap((r) => (r.itemId ? [r.itemId] : []))
    },
    async replaceWaitingPage(mediaId, replacement) {
      // Taken out only while it waits: a page filed meanwhile is not matched and stays where it is.
      const taken = await db
        .deleteFrom('paperPages')
        .where('mediaId', '=', mediaId)
        .where('itemId', 'is', null)
        .returningAll()
        .executeTakeFirst()
      if (!taken) return false
      await db
        .insertInto('paperPages')
        .values({ ...taken, mediaId: replacement })
        .execute()
      return true
    },
    async detachPages(itemIds) {
      if (itemIds.length === 0) return []
      const rows = await db
        .selectFrom('paperPages')
        .select('mediaId')
        .where('itemId', 'in', [...itemIds])
        .execute()
      const mediaIds = rows.map((r) => r.mediaId)
      if (mediaIds.length)
        await db
          .updateTable('wallItems')
          .set({ mediaId: null })
          .where('id', 'in', [...itemIds])
          .where('mediaId', 'in', mediaIds)
          .execute()
      return mediaIds
    },
  }
}
