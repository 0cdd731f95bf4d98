import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Storage } from '../../storage/database.js'
import { testDialects } from '../../test/databases.js'
import { addLink, addSchool, at, type SchoolRows } from '../../test/repositoryRows.js'
import { createMediaRepository } from '../media/media.repository.js'
import { createVideoRepository, type VideoRecord, type VideoRepository } from './video.repository.js'

describe.each(testDialects())('the video job queue on $name', (dialect) => {
  let storage: Storage
  let videos: VideoRepository
  let london: SchoolRows
  let linkId: string

  beforeAll(async () => {
    storage = await dialect.open()
    videos = createVideoRepository(storage.db)
    london = await addSchool(storage.db, { pupils: ['Amara'] })
    const nairobi = await addSchool(storage.db, { country: 'KE' })
    linkId = await addLink(storage.db, [london.classId, nairobi.classId])
  })
  afterAll(() => storage?.close())

  const queue = async (createdAt: string, overrides: Partial<VideoRecord> = {}): Promise<string> => {
    const id = randomUUID()
    const ownerId = london.pupilIds[0]!
    const base = { linkId, ownerId, schoolId: london.schoolId, width: 480, height: 854, createdAt }
    await createMediaRepository(storage.db).insert({ id, ...base, bytes: 0 })
    await videos.insert({
      mediaId: id,
      ...base,
      status: 'queued',
      progress: 0,
      durationMs: 3000,
      bytes: 0,
      attempts: 0,
      claimedBy: null,
      leaseUntil: null,
      ...overrides,
    })
    return id
  }

  it('gives one job to one node only, oldest first, and takes back a dead node’s job when its lease runs out', async () => {
    const older = await queue(at(0))
    const newer = await queue(at(1000))
    const now = at(5000)
    const lease = at(35_000)
    const claims = await Promise.all(['a', 'b', 'c'].map((node) => videos.claimNext(node, now, lease)))
    const claimed = claims.filter((c) => c !== undefined)
    expect(claimed.map((c) => c.mediaId).sort()).toEqual([older, newer].sort())
    expect(new Set(claimed.map((c) => c.claimedBy)).size).toBe(2)
    expect(claimed.every((c) => c.status === 'processing' && c.attempts === 1)).toBe(true)
    // Within the lease nobody else takes them; a node that lost its claim cannot renew it.
    expect(await videos.claimNext('d', at(6000), at(36_000))).toBeUndefined()
    const holder = claimed.find((c) => c.mediaId === older)!.claimedBy!
    expect(await videos.renew(older, 'd', 50, at(40_000))).toBe(false)
    expect(await videos.renew(older, holder, 50, at(40_000))).toBe(true)
    // The holder of `newer` died: after its lease, another node takes it up.
    const retaken = await videos.claimNext('d', at(36_000), at(66_000))
    expect(retaken?.mediaId).toBe(newer)
    expect(retaken?.attempts).toBe(2)
    await videos.finish(newer, 'd', { status: 'ready', bytes: 1234 })
    expect(await videos.find(newer)).toMatchObject({ status: 'ready', progress: 100, bytes: 1234, claimedBy: null })
    expect((await createMediaRepository(storage.db).find(newer))?.bytes).toBe(1234)
    // A stopping node gives its job back at once.
    expect(await videos.releaseClaims(holder)).toBe(1)
    expect((await videos.claimNext('e', at(41_000), at(71_000)))?.mediaId).toBe(older)
  })

  it('keeps one caption per language, replaced when written again', async () => {
    const id = await queue(at(2000), { status: 'ready' })
    await videos.putCaption({ mediaId: id, language: 'sw', vtt: 'WEBVTT\n\n1', updatedBy: null, updatedAt: at(0) })
    await videos.putCaption({ mediaId: id, language: 'sw', vtt: 'WEBVTT\n\n2', updatedBy: null, updatedAt: at(1) })
    expect((await videos.captions(id)).map((c) => c.vtt)).toEqual(['WEBVTT\n\n2'])
  })
})
