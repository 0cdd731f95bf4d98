import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Storage } from '../../storage/database.js'
import { testDialects } from '../../test/databases.js'
import { addLink, addSchool, at, type SchoolRows } from '../../test/repositoryRows.js'
import { createMediaRepository } from '../media/media.repository.js'
import { createWallRepository } from '../wall/wall.repository.js'
import { createPaperRepository, type PaperRepository } from './paper.repository.js'

describe.each(testDialects())('paper pages repository on $name', (dialect) => {
  let storage: Storage
  let paper: PaperRepository
  let london: SchoolRows
  let nairobi: SchoolRows
  let linkId: string

  beforeAll(async () => {
    storage = await dialect.open()
    paper = createPaperRepository(storage.db)
    london = await addSchool(storage.db, { pupils: ['Amara'] })
    nairobi = await addSchool(storage.db, { country: 'KE' })
    linkId = await addLink(storage.db, [london.classId, nairobi.classId])
  })
  afterAll(() => storage?.close())

  /** A stored picture of the London teacher's (what a page is), its size given. */
  const picture = async (width = 1200, height = 1600) => {
    const id = randomUUID()
    await createMediaRepository(storage.db).insert({
      id,
      linkId,
      ownerId: london.teacherId,
      schoolId: london.schoolId,
      width,
      height,
      bytes: 2_147_483_647,
      createdAt: at(0),
      shownConfirmedAt: null,
    })
    return id
  }
  /** An upload of `count` waiting pages; returns its id and the pages' picture ids in order. */
  const uploadOf = async (count: number, schoolId = london.schoolId) => {
    const uploadId = randomUUID()
    const ids: string[] = []
    for (let i = 0; i < count; i++) ids.push(await picture(1000 + i, 2000))
    // Inserted out of order: reading gives them back by position.
    await paper.insertPages(
      ids
        .map((mediaId, position) => ({
          mediaId,
          uploadId,
          linkId,
          schoolId,
          position,
          itemId: null,
          pageNo: null,
          createdAt: at(position),
          sheetCode: position === 0 ? 'ACD-EFG' : null,
        }))
        .reverse(),
    )
    return { uploadId, ids }
  }
  const letter = async (mediaId: string | null) => {
    const id = randomUUID()
    await createWallRepository(storage.db).insertItem({
      id,
      linkId,
      roundId: null,
      kind: 'letter',
      parentId: null,
      body: '',
      caption: '',
      language: 'en',
      mediaId,
      sticker: null,
      toPupilId: null,
      authorId: london.pupilIds[0]!,
      schoolId: london.schoolId,
      classId: london.classId,
      status: 'held',
      createdAt: at(5),
    })
    return id
  }

  it('reads an upload’s pages in order, for its own link and school only, sizes as numbers', async () => {
    const { uploadId, ids } = await uploadOf(3)
    const pages = await paper.pagesOfUpload(linkId, london.schoolId, uploadId)
    expect(pages.map((p) => [p.mediaId, p.position, p.itemId, p.pageNo, p.sheetCode])).toEqual(
      ids.map((id, i) => [id, i, null, null, i === 0 ? 'ACD-EFG' : null]),
    )
    expect(pages[1]!.picture).toEqual({ id: ids[1], width: 1001, height: 2000, bytes: 2_147_483_647 })
    expect(await paper.pagesOfUpload(linkId, nairobi.schoolId, uploadId)).toEqual([])
    expect(await paper.pagesOfUpload(randomUUID(), london.schoolId, uploadId)).toEqual([])
    await paper.insertPages([])
  })

  it('files a waiting page once, and reads each letter’s pages in reading order', async () => {
    const { ids } = await uploadOf(3)
    const itemId = await letter(ids[0]!)
    expect(await paper.fileInto(ids[2]!, itemId, 0)).toBe(true)
    expect(await paper.fileInto(ids[0]!, itemId, 1)).toBe(true)
    expect(await paper.fileInto(ids[2]!, await letter(null), 0)).toBe(false)
    expect((await paper.pagesOfItems([itemId, randomUUID()])).map((p) => [p.mediaId, p.pageNo])).toEqual([
      [ids[2], 0],
      [ids[0], 1],
    ])
    expect(await paper.pagesOfItems([])).toEqual([])
    expect(await paper.itemsWithPage(ids[0]!)).toEqual([itemId])
    expect(await paper.itemsWithPage(ids[1]!)).toEqual([])
  })

  it('puts a turned page in the place of a waiting one, never of a filed one', async () => {
    const { uploadId, ids } = await uploadOf(2)
    const turned = await picture(2000, 1000)
    expect(await paper.replaceWaitingPage(ids[1]!, turned)).toBe(true)
    const pages = await paper.pagesOfUpload(linkId, london.schoolId, uploadId)
    expect(pages.map((p) => [p.mediaId, p.position])).toEqual([
      [ids[0], 0],
      [turned, 1],
    ])
    expect(pages[1]!.picture).toMatchObject({ width: 2000, height: 1000 })
    await paper.fileInto(ids[0]!, await letter(ids[0]!), 0)
    expect(await paper.replaceWaitingPage(ids[0]!, await picture())).toBe(false)
    expect(await paper.replaceWaitingPage(randomUUID(), await picture())).toBe(false)
    expect((await paper.pagesOfUpload(linkId, london.schoolId, uploadId)).map((p) => p.mediaId)).toEqual([
      ids[0],
      turned,
    ])
  })

  it('lets a letter go of its pages (its picture too), and a page goes with its picture', async () => {
    const { ids } = await uploadOf(2)
    const itemId = await letter(ids[0]!)
    for (const [pageNo, id] of ids.entries()) await paper.fileInto(id, itemId, pageNo)
    expect((await paper.detachPages([itemId])).sort()).toEqual([...ids].sort())
    const item = await storage.db.selectFrom('wallItems').select('mediaId').where('id', '=', itemId).executeTakeFirst()
    expect(item?.mediaId).toBeNull()
    expect(await paper.detachPages([])).toEqual([])
    await createMediaRepository(storage.db).deleteMany(ids)
    expect(await paper.pagesOfItems([itemId])).toEqual([])
  })

  it('refuses a page of a picture that does not exist', async () => {
    await expect(
      paper.insertPages([
        {
          mediaId: randomUUID(),
          uploadId: randomUUID(),
          linkId,
          schoolId: london.schoolId,
          position: 0,
          itemId: null,
          pageNo: null,
          createdAt: at(0),
          sheetCode: null,
        },
      ]),
    ).rejects.toThrow()
  })
})
