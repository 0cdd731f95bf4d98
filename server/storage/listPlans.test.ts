import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBoardsRepository, type Viewer } from '../features/boards/boards.repository.js'
import { createAssemblyChatRepository } from '../features/assemblies/assemblyChat.repository.js'
import { createPartnersRepository } from '../features/links/partners.repository.js'
import { createModerationRepository } from '../features/moderation/moderation.repository.js'
import { createWallRepository } from '../features/wall/wall.repository.js'
import { testDialects } from '../test/databases.js'
import { plansOf, tableScans } from '../test/queryPlan.js'
import { addLink, addSchool, at, type SchoolRows } from '../test/repositoryRows.js'
import type { Storage } from './database.js'

/**
 * Every paged list is read through an index: the plan of each statement searches its tables and
 * never scans one whole, so a page costs the same at 100 items as at 100,000. Plans are asked of the
 * database itself (SQLite `EXPLAIN QUERY PLAN`, PostgreSQL `EXPLAIN`).
 */
describe.each(testDialects())('paged lists are index-backed on $name', (dialect) => {
  let storage: Storage
  let london: SchoolRows
  let linkId: string
  const boardId = randomUUID()
  const threadId = randomUUID()
  const cursor = { createdAt: at(5000), id: randomUUID() }

  beforeAll(async () => {
    storage = await dialect.open()
    london = await addSchool(storage.db, { pupils: ['Amara'] })
    const nairobi = await addSchool(storage.db, { name: 'Umoja Primary', pupils: ['Wanjiru'] })
    linkId = await addLink(storage.db, [london.classId, nairobi.classId])
    const boards = createBoardsRepository(storage.db)
    await boards.insertBoard({
      id: boardId,
      linkId,
      kind: 'discussion',
      title: 'Rivers',
      createdAt: at(0),
      createdBy: london.teacherId,
    })
    for (let i = 0; i < 20; i++) {
      const id = i === 0 ? threadId : randomUUID()
      await boards.insertPost({
        id,
        boardId,
        threadId: i < 10 ? null : threadId,
        title: i < 10 ? `Thread ${i}` : null,
        body: 'We saw a heron.',
        authorId: london.pupilIds[0]!,
        schoolId: london.schoolId,
        classId: london.classId,
        status: i % 3 === 0 ? 'held' : 'published',
        mediaId: null,
        lastActivityAt: at(i * 1000),
        createdAt: at(i * 1000),
      })
    }
  })
  afterAll(() => storage?.close())

  const viewers = ['a pupil', 'a teacher', 'a safeguarding lead'] as const
  const viewer = (who: (typeof viewers)[number]): Viewer =>
    who === 'a pupil'
      ? { id: london.pupilIds[0]!, role: 'pupil', schoolId: london.schoolId }
      : { id: london.teacherId, role: 'teacher', schoolId: london.schoolId, safeguardingLead: who !== 'a teacher' }
  const scansOf = async (read: Parameters<typeof plansOf>[2], tables: string[]) => {
    const plans = await plansOf(storage.db, dialect.name, read)
    // SHOW_PLANS=1 prints them, to read what the database chose.
    if (process.env.SHOW_PLANS) console.log(plans.map((plan) => plan.join('\n')).join('\n---\n'))
    return tableScans(plans, tables)
  }

  it.each(viewers)("reads a board's threads, first and later pages, by index for %s", async (who) => {
    for (const before of [undefined, cursor])
      expect(
        await scansOf(
          (db) => createBoardsRepository(db).listThreads(boardId, viewer(who), undefined, before, 20),
          ['posts', 'p', 'r'],
        ),
      ).toEqual([])
  })

  it.each(viewers)("reads a thread's replies by index for %s", async (who) => {
    for (const before of [undefined, cursor])
      expect(
        await scansOf(
          (db) => createBoardsRepository(db).repliesPage(threadId, viewer(who), before, 20),
          ['posts', 'p', 'r'],
        ),
      ).toEqual([])
  })

  it.each(viewers)('reads a page of the wall by index for %s', async (who) => {
    for (const before of [undefined, cursor])
      expect(
        await scansOf(
          (db) => createWallRepository(db).visibleItemsPage(linkId, viewer(who), before, 20),
          ['wall_items', 'w'],
        ),
      ).toEqual([])
  })

  it("reads a page of a school's moderation queue by index", async () => {
    for (const before of [undefined, cursor])
      expect(
        await scansOf(
          (db) => createModerationRepository(db).queueOf(london.schoolId, before, 30),
          ['moderation_queue'],
        ),
      ).toEqual([])
  })

  it("reads a page of a link's audit record, partner items checked by their keys, by index", async () => {
    for (const before of [undefined, cursor])
      expect(
        await scansOf(
          (db) => createModerationRepository(db).auditOf(linkId, { schoolId: london.schoolId }, before, 50),
          [
            'moderation_audit',
            'a',
            'users',
            'u',
            'posts',
            'ip',
            'wall_items',
            'iw',
            'rounds',
            'ir',
            'assembly_chat_messages',
            'ic',
          ],
        ),
      ).toEqual([])
  })

  it("reads a page of a school's record (its items and its people's actions) by index", async () => {
    for (const before of [undefined, cursor])
      expect(
        await scansOf(
          (db) => createModerationRepository(db).auditOfSchool(london.schoolId, before, 50),
          ['moderation_audit', 'a', 'users', 'u'],
        ),
      ).toEqual([])
  })

  it.each(viewers)("reads a page of an assembly's chat by index for %s", async (who) => {
    for (const before of [undefined, cursor])
      expect(
        await scansOf(
          (db) => createAssemblyChatRepository(db).pageOfAssembly(randomUUID(), viewer(who), before, 100),
          ['assembly_chat_messages', 'm', 'moderation_flags', 'f'],
        ),
      ).toEqual([])
  })

  it.each([
    ['no filter', {}],
    [
      'every filter',
      { region: 'africa', ageMin: 7, ageMax: 9, language: 'sw', theme: 'rivers', excludeSchoolId: randomUUID() },
    ],
    ['a country', { country: 'KE' }],
  ] as const)('reads a page of the partner directory by index, with %s', async (_, filter) => {
    // The directory has no owner to search by: a page walks its index newest first and stops at the
    // page's last row (SQLite's "SCAN … USING INDEX", PostgreSQL's "Index Scan Backward"); without
    // that index it would read and sort every entry (a plain SCAN and a TEMP B-TREE).
    const orderedWalk = /^SCAN directory_entries USING (?:COVERING )?INDEX directory_entries_page_idx$/
    for (const before of [undefined, cursor])
      expect(
        (
          await scansOf(
            (db) => createPartnersRepository(db, dialect.name).entriesPage(filter, before, 10),
            ['directory_entries', 'classes', 'schools'],
          )
        ).filter((line) => !orderedWalk.test(line.trim())),
      ).toEqual([])
  })

  it('sees a scan when there is one (the check can fail)', async () => {
    const scans = await scansOf(
      (db) => db.selectFrom('posts').select('id').where('body', '=', 'x').execute(),
      ['posts'],
    )
    expect(scans.length).toBeGreaterThan(0)
  })

  it('sees a sort of a whole index search when there is one (the check can fail)', async () => {
    // The board's index finds its posts, but nothing keeps them in body order: every one is read and sorted.
    const scans = await scansOf(
      (db) => db.selectFrom('posts').select('id').where('boardId', '=', boardId).orderBy('body').limit(10).execute(),
      ['posts'],
    )
    expect(scans.length).toBeGreaterThan(0)
  })
})
