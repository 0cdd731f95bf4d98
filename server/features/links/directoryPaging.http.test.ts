import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ErrorBody } from '../../../shared/errors.js'
import type { DirectoryPage, DirectoryResult } from '../../../shared/schemas/partners.js'
import { regionOf } from '../../../shared/regions.js'
import { toJsonText } from '../../storage/json.js'
import { testDialects } from '../../test/databases.js'
import { createClass, LONDON, registerTeacher, type TeacherFixture } from '../../test/people.js'
import { addSchool, at } from '../../test/repositoryRows.js'
import { startTestServer, type TestServer } from '../../test/server.js'
import { createPartnersRepository } from './partners.repository.js'

interface Listed {
  classId: string
  schoolId: string
  country: string
  ageMin: number
  ageMax: number
  languages: string[]
  themes: string[]
  dayHours: number
  optedInAt: string
}

const COUNTRIES = ['KE', 'GB', 'JP', 'TZ', 'BD']
const key = (e: { optedInAt: string; classId: string }) => `${e.optedInAt}~${e.classId}`

/**
 * The partner directory is paged newest opt-in first with a cursor, in pages the client asks for
 * (bounded), its filters applied by the database: every page but the last is full, and following the
 * cursors reads each matching class exactly once.
 */
describe.each(testDialects())('the partner directory paged with a cursor on $name', (dialect) => {
  let server: TestServer
  let viewer: TeacherFixture
  let viewerClassId: string
  const listed: Listed[] = []

  beforeAll(async () => {
    server = await startTestServer({ storage: await dialect.open() })
    viewer = await registerTeacher(server.url, LONDON)
    viewerClassId = (await createClass(viewer)).id
    const partners = createPartnersRepository(server.storage.db, dialect.name)
    // The viewer's own class is listed too, and must never be offered to her.
    await partners.upsertEntry(
      viewerClassId,
      { themes: ['rivers'], hopes: 'Friends', schoolDay: { start: '08:00', end: '15:00' } },
      at(999_000),
    )
    for (let i = 0; i < 130; i++) {
      const country = COUNTRIES[i % COUNTRIES.length]!
      const ageMin = 5 + (i % 7)
      const school = await addSchool(server.storage.db, { country, ageMin, ageMax: ageMin + 2 })
      const languages = i % 4 === 0 ? ['sw', 'en'] : ['en', 'cy']
      await server.storage.db
        .updateTable('classes')
        .set({ languages: toJsonText(languages) })
        .where('id', '=', school.classId)
        .execute()
      const themes = i % 3 === 0 ? ['Our Rivers'] : i % 3 === 1 ? ['Ŵyl Dewi'] : ['weather']
      const dayHours = i % 2 ? 7 : 4
      // Several classes share an opt-in time: the class id orders them, and no page may skip or repeat one.
      const optedInAt = at(Math.floor(i / 3) * 1000)
      await partners.upsertEntry(
        school.classId,
        { themes, hopes: 'Letters', schoolDay: { start: '08:00', end: `${8 + dayHours}:00`.padStart(5, '0') } },
        optedInAt,
      )
      listed.push({
        classId: school.classId,
        schoolId: school.schoolId,
        country,
        ageMin,
        ageMax: ageMin + 2,
        languages,
        themes,
        dayHours,
        optedInAt,
      })
    }
  }, 120_000)
  afterAll(() => server?.close())

  /** Every page of a search, following `nextCursor`, `limit` classes at a time. */
  async function allPages(query: string, limit: number): Promise<DirectoryResult[][]> {
    const pages: DirectoryResult[][] = []
    let before: string | null = null
    do {
      const cursor: string = before ? `&before=${encodeURIComponent(before)}` : ''
      const res = await viewer.client.get<DirectoryPage>(`/api/directory?${query}&limit=${limit}${cursor}`)
      expect(res.status).toBe(200)
      pages.push(res.body.items)
      before = res.body.nextCursor
    } while (before && pages.length < 200)
    return pages
  }
  const newestFirst = (entries: Listed[]) => entries.map(key).sort().reverse()

  it('pages every other school’s class, newest opt-in first, nothing twice or missing', async () => {
    const pages = await allPages('', 7)
    expect(pages.map((p) => p.length)).toEqual([...Array<number>(18).fill(7), 4])
    const keys = pages.flat().map(key)
    expect(keys).toEqual(newestFirst(listed))
    expect(pages.flat().some((e) => e.classId === viewerClassId)).toBe(false)
    // The first page without a cursor is the newest, in the default size of 10.
    const first = (await viewer.client.get<DirectoryPage>('/api/directory')).body
    expect(first.items.map(key)).toEqual(keys.slice(0, 10))
  })

  it.each([
    ['country=ke', (e: Listed) => e.country === 'KE'],
    ['region=africa', (e: Listed) => regionOf(e.country) === 'africa'],
    ['ageMin=8&ageMax=9', (e: Listed) => e.ageMax >= 8 && e.ageMin <= 9],
    ['language=SW', (e: Listed) => e.languages.includes('sw')],
    ['theme=rivers', (e: Listed) => e.themes.includes('Our Rivers')],
    // Case-insensitive beyond ASCII, as the board search is.
    ['theme=ŵyl', (e: Listed) => e.themes.includes('Ŵyl Dewi')],
    // A subject of the class matches too (every class here teaches geography).
    ['theme=geog', () => true],
    ['theme=%25', () => false],
    [
      'region=africa&language=sw&theme=rivers&ageMin=6',
      (e: Listed) =>
        regionOf(e.country) === 'africa' &&
        e.languages.includes('sw') &&
        e.themes.includes('Our Rivers') &&
        e.ageMax >= 6,
    ],
  ])('filters %s in the database: full pages of only what matches', async (query, matches) => {
    const expected = newestFirst(listed.filter(matches))
    const pages = await allPages(query, 4)
    const sizes = pages.map((p) => p.length)
    expect(sizes.slice(0, -1).every((n) => n === 4)).toBe(true)
    expect(pages.flat().map(key)).toEqual(expected)
  })

  it('filters by shared school hours page by page, reading each class once', async () => {
    const pages = await allPages(`overlapWith=${viewerClassId}&minOverlapHours=30`, 5)
    const found = pages.flat()
    expect(found.map(key)).toEqual(newestFirst(listed.filter((e) => e.dayHours * 5 >= 30)))
    expect(found.every((e) => (e.overlap?.minutesPerWeek ?? 0) >= 30 * 60)).toBe(true)
  })

  it('refuses a bad cursor or page size with INVALID_PAYLOAD naming the field', async () => {
    for (const [query, field] of [
      ['before=yesterday', 'before'],
      [`before=${encodeURIComponent(`${at(0)}~not-an-id`)}`, 'before'],
      ['limit=0', 'limit'],
      ['limit=51', 'limit'],
      ['limit=ten', 'limit'],
    ] as const) {
      const res = await viewer.client.get<ErrorBody>(`/api/directory?${query}`)
      expect(res.status, query).toBe(400)
      expect(res.body.error.code).toBe('INVALID_PAYLOAD')
      expect(Object.keys(res.body.error.fields ?? {})).toEqual([field])
    }
  })
})
