import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Storage } from '../../storage/database.js'
import { testDialects } from '../../test/databases.js'
import { addLink, addSchool, at, type SchoolRows } from '../../test/repositoryRows.js'
import { createMediaRepository, type MediaRecord, type MediaRepository } from './media.repository.js'

describe.each(testDialects())('media repository on $name', (dialect) => {
  let storage: Storage
  let media: MediaRepository
  let london: SchoolRows
  let linkId: string

  beforeAll(async () => {
    storage = await dialect.open()
    media = createMediaRepository(storage.db)
    london = await addSchool(storage.db, { pupils: ['Amara'] })
    const nairobi = await addSchool(storage.db, { country: 'KE' })
    linkId = await addLink(storage.db, [london.classId, nairobi.classId])
  })
  afterAll(() => storage?.close())

  const record = (overrides: Partial<MediaRecord> = {}): MediaRecord => ({
    id: randomUUID(),
    linkId,
    ownerId: london.pupilIds[0]!,
    schoolId: london.schoolId,
    width: 1600,
    height: 1200,
    bytes: 345_678,
    createdAt: at(0),
    shownConfirmedAt: null,
    ...overrides,
  })

  it('finds a picture as inserted, numbers as numbers', async () => {
    const picture = record({ width: 1, height: 4000, bytes: 2_147_483_647 })
    await media.insert(picture)
    expect(await media.find(picture.id)).toEqual(picture)
  })

  it('answers undefined for an unknown id', async () => {
    expect(await media.find(randomUUID())).toBeUndefined()
  })

  it('refuses a second picture with the same id, and one outside any link', async () => {
    const picture = record()
    await media.insert(picture)
    await expect(media.insert({ ...picture, bytes: 1 })).rejects.toThrow()
    expect((await media.find(picture.id))?.bytes).toBe(picture.bytes)
    await expect(media.insert(record({ linkId: randomUUID() }))).rejects.toThrow()
  })
  it('records who a picture shows and when a teacher said so', async () => {
    const picture = record()
    await media.insert(picture)
    const pupil = london.pupilIds[0]!
    expect(await media.peopleOf([picture.id])).toEqual([{ mediaId: picture.id, confirmed: false, pupilIds: [] }])
    await storage.db.insertInto('mediaPeople').values({ mediaId: picture.id, pupilId: pupil }).execute()
    await media.markShownConfirmed(picture.id, at(1))
    expect(await media.peopleOf([picture.id, randomUUID()])).toEqual([
      { mediaId: picture.id, confirmed: true, pupilIds: [pupil] },
    ])
    expect(await media.mediaShowing(pupil)).toContain(picture.id)
    expect(await media.peopleOf([])).toEqual([])
  })
})
