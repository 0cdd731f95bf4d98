import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ErrorBody } from '../../../shared/errors.js'
import type { AuditPage, QueuePage } from '../../../shared/schemas/moderation.js'
import { testDialects } from '../../test/databases.js'
import { createLinkedClasses, type LinkedClasses } from '../../test/links.js'
import { at } from '../../test/repositoryRows.js'
import { startTestServer, type TestClient, type TestServer } from '../../test/server.js'
import { createModerationRepository } from './moderation.repository.js'

/** Every page of a list, following `nextCursor` until the oldest, `limit` items at a time. */
async function allPages<T>(client: TestClient, path: string, limit: number): Promise<T[][]> {
  const pages: T[][] = []
  let before: string | null = null
  do {
    const query: URLSearchParams = new URLSearchParams({ limit: String(limit), ...(before ? { before } : {}) })
    const res: { status: number; body: { items: T[]; nextCursor: string | null } } = await client.get<{
      items: T[]
      nextCursor: string | null
    }>(`${path}?${query.toString()}`)
    expect(res.status).toBe(200)
    pages.push(res.body.items)
    before = res.body.nextCursor
  } while (before && pages.length < 100)
  return pages
}

const newestFirst = (times: string[]) => [...times].sort().reverse()

/**
 * The moderation queue and the audit records are paged newest first with a cursor, past the old caps
 * (500 queued items, 500 and 2,000 audit entries), in pages the client chooses within bounds, with
 * what a teacher may not read left out by the database itself (so every page but the last is full).
 */
describe.each(testDialects())('moderation lists paged with a cursor on $name', (dialect) => {
  let server: TestServer
  let linked: LinkedClasses
  let london: TestClient
  let nairobi: TestClient
  const QUEUED = 520
  const ENTRIES = 270
  const isPartner = (i: number) => i % 7 === 3
  const PARTNER_ENTRIES = Array.from({ length: ENTRIES }, (_, i) => i).filter(isPartner).length
  const OWN_ENTRIES = ENTRIES - PARTNER_ENTRIES

  beforeAll(async () => {
    server = await startTestServer({ storage: await dialect.open() })
    linked = await createLinkedClasses(server, { pupilsPerClass: 1 })
    london = linked.sides[0]!.teacher.client
    nairobi = linked.sides[1]!.teacher.client
    // London's teacher (her school's admin) is also its safeguarding lead, who reads the whole record.
    const lead = await london.patch(`/api/staff/members/${linked.sides[0]!.teacher.user.id}`, {
      safeguardingLead: true,
    })
    expect(lead.status).toBe(200)
    const repository = createModerationRepository(server.storage.db)
    const londonSchool = linked.sides[0]!.teacher.user.schoolId
    const nairobiSchool = linked.sides[1]!.teacher.user.schoolId
    // Several items share a time, so the id must order them and no page may skip or repeat one.
    for (let i = 0; i < QUEUED; i++)
      await repository.enqueue({
        kind: 'board_post',
        itemId: randomUUID(),
        schoolId: londonSchool,
        linkId: linked.link.id,
        reason: 'new',
        authorName: 'Amara',
        className: 'Class 4',
        excerpt: `Post ${i}`,
        place: 'Rivers',
        suspiciousWords: [],
        createdAt: at(Math.floor(i / 3) * 1000),
      })
    // London's own entries, interleaved with actions on Nairobi's items that London may not see
    // (they no longer exist: the visibility rule leaves them out).
    for (let i = 0; i < ENTRIES; i++) {
      const partner = isPartner(i)
      await repository.audit({
        id: randomUUID(),
        linkId: linked.link.id,
        kind: 'board_post',
        itemId: randomUUID(),
        actorId: partner ? linked.sides[1]!.teacher.user.id : linked.sides[0]!.teacher.user.id,
        action: 'approve',
        reason: null,
        excerpt: partner ? `Nairobi ${i}` : `London ${i}`,
        createdAt: at(Math.floor(i / 2) * 1000),
        itemSchoolId: partner ? nairobiSchool : londonSchool,
      })
    }
  }, 120_000)
  afterAll(() => server?.close())

  it('pages the whole queue past the old cap of 500, newest first, nothing twice or missing', async () => {
    const pages = await allPages<QueuePage['items'][number]>(london, '/api/moderation/queue', 100)
    expect(pages.map((p) => p.length)).toEqual([100, 100, 100, 100, 100, 20])
    const items = pages.flat()
    expect(new Set(items.map((q) => q.itemId)).size).toBe(QUEUED)
    const keys = items.map((q) => `${q.createdAt}~${q.itemId}`)
    expect(keys).toEqual(newestFirst(keys))
    // The first page without a cursor is the newest, in the default size.
    const first = (await london.get<QueuePage>('/api/moderation/queue')).body
    expect(first.items.map((q) => q.itemId)).toEqual(items.slice(0, 30).map((q) => q.itemId))
    expect(first.nextCursor).not.toBeNull()
    // Another school's teacher has none of it, and pupils have no queue.
    expect((await nairobi.get<QueuePage>('/api/moderation/queue')).body).toEqual({ items: [], nextCursor: null })
    expect((await linked.sides[0]!.pupils[0]!.client.get<ErrorBody>('/api/moderation/queue')).status).toBe(403)
  })

  it('pages a link’s audit record with full pages of only what the teacher may read', async () => {
    const pages = await allPages<AuditPage['items'][number]>(london, `/api/links/${linked.link.id}/audit`, 50)
    expect(OWN_ENTRIES).toBe(231)
    expect(pages.map((p) => p.length)).toEqual([50, 50, 50, 50, 31])
    const entries = pages.flat()
    expect(new Set(entries.map((e) => e.excerpt)).size).toBe(OWN_ENTRIES)
    expect(entries.every((e) => e.excerpt.startsWith('London'))).toBe(true)
    // Newest first; entries of the same moment in the order of their ids.
    const keys = entries.map((e) => `${e.createdAt}~${e.id}`)
    expect(keys).toEqual(newestFirst(keys))
    // Nairobi's teacher sees her own school's entries and none of London's (their items do not exist).
    const partner = (await allPages<AuditPage['items'][number]>(nairobi, `/api/links/${linked.link.id}/audit`, 200))
      .flat()
      .map((e) => e.excerpt)
    expect(partner).toHaveLength(PARTNER_ENTRIES)
    expect(partner.every((e) => e.startsWith('Nairobi'))).toBe(true)
  })

  it('pages the safeguarding lead’s whole school record', async () => {
    // Every action on her school's items and every action of its people, across all its links.
    const pages = await allPages<AuditPage['items'][number]>(london, '/api/safeguarding/audit', 200)
    expect(pages.map((p) => p.length)).toEqual([200, 31])
    expect(new Set(pages.flat().map((e) => e.id)).size).toBe(OWN_ENTRIES)
  })

  it('pages the school record with its people’s actions on other schools’ items, interleaved, off two indexes', async () => {
    const repository = createModerationRepository(server.storage.db)
    const nairobiSchool = linked.sides[1]!.teacher.user.schoolId
    // Outside any link (the forum): London's teacher acting on Nairobi's items belongs in London's
    // record; Nairobi's teacher acting on them does not. Their times fall among London's own entries.
    for (let i = 0; i < 100; i++)
      await repository.audit({
        id: randomUUID(),
        linkId: null,
        kind: 'board_post',
        itemId: randomUUID(),
        actorId: linked.sides[i % 5 < 3 ? 0 : 1]!.teacher.user.id,
        action: 'hide',
        reason: null,
        excerpt: `Forum ${i}`,
        createdAt: at(i * 1000 + 500),
        itemSchoolId: nairobiSchool,
      })
    const pages = await allPages<AuditPage['items'][number]>(london, '/api/safeguarding/audit', 70)
    const entries = pages.flat()
    expect(pages.map((p) => p.length)).toEqual([70, 70, 70, 70, 11])
    expect(new Set(entries.map((e) => e.id)).size).toBe(OWN_ENTRIES + 60)
    expect(entries.filter((e) => e.excerpt.startsWith('Forum'))).toHaveLength(60)
    const keys = entries.map((e) => `${e.createdAt}~${e.id}`)
    expect(keys).toEqual(newestFirst(keys))
  })

  it.each([['/api/moderation/queue'], ['/api/safeguarding/audit'], ['/api/links/:link/audit']])(
    'refuses a bad cursor or page size on %s with INVALID_PAYLOAD naming the field',
    async (path) => {
      const url = path.replace(':link', linked.link.id)
      for (const [query, field] of [
        ['before=yesterday', 'before'],
        [`before=${encodeURIComponent(`${at(0)}~not-an-id`)}`, 'before'],
        ['limit=0', 'limit'],
        ['limit=201', 'limit'],
        ['limit=ten', 'limit'],
      ] as const) {
        const res = await london.get<ErrorBody>(`${url}?${query}`)
        expect(res.status, `${url}?${query}`).toBe(400)
        expect(res.body.error.code).toBe('INVALID_PAYLOAD')
        expect(Object.keys(res.body.error.fields ?? {})).toEqual([field])
      }
      // A page past the end is simply empty.
      const past = await london.get<{ items: unknown[] }>(
        `${url}?before=${encodeURIComponent(`${at(-1000)}~${randomUUID()}`)}`,
      )
      expect(past.body.items).toEqual([])
    },
  )

  it('keeps each list to those who may read it', async () => {
    const outsider = (await createLinkedClasses(server, { pupilsPerClass: 1 })).sides[0]!
    expect((await outsider.teacher.client.get<ErrorBody>(`/api/links/${linked.link.id}/audit`)).status).toBe(404)
    expect((await outsider.teacher.client.get<QueuePage>('/api/moderation/queue')).body.items).toEqual([])
    expect((await nairobi.get<ErrorBody>('/api/safeguarding/audit')).status).toBe(403)
    expect((await linked.sides[0]!.pupils[0]!.client.get<ErrorBody>(`/api/links/${linked.link.id}/audit`)).status).toBe(
      403,
    )
    expect((await linked.sides[0]!.pupils[0]!.client.get<ErrorBody>('/api/safeguarding/audit')).status).toBe(403)
  })
})
