import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testDialects } from '../../test/databases.js'
import { createLinkedClasses, type LinkedClasses } from '../../test/links.js'
import { at } from '../../test/repositoryRows.js'
import { startTestServer, type TestServer } from '../../test/server.js'
import { createAssemblyChatRepository } from '../assemblies/assemblyChat.repository.js'
import { createBoardsRepository } from '../boards/boards.repository.js'
import { createWallRepository } from '../wall/wall.repository.js'
import type { LinkRecord } from './linkRecord.service.js'

const THREADS = 120
const REPLIES = 150
const MESSAGES = 250
const LETTERS = 230
const REPLIES_TO_LETTER = 20

/**
 * A big link's record is written as it is read, page by page (a chunked download, never one body built
 * whole), and still holds every thread, reply and chat message the teacher may see, past one page of
 * each and past the old cap of 100 chat messages, in the record's order, pupils named by class only.
 */
describe.each(testDialects())('a big link’s record export on $name', (dialect) => {
  let server: TestServer
  let linked: LinkedClasses
  const boardId = randomUUID()
  const assemblyId = randomUUID()
  let firstThread = ''

  beforeAll(async () => {
    server = await startTestServer({ storage: await dialect.open() })
    linked = await createLinkedClasses(server, { pupilsPerClass: 1 })
    const [london, nairobi] = linked.sides
    const db = server.storage.db
    const boards = createBoardsRepository(db)
    const teacher = london!.teacher.user
    await boards.insertBoard({
      id: boardId,
      linkId: linked.link.id,
      kind: 'discussion',
      title: 'Rivers',
      createdAt: at(0),
      createdBy: teacher.id,
    })
    const post = (i: number, author: typeof london, threadId: string | null, status: 'published' | 'held') => ({
      id: randomUUID(),
      boardId,
      threadId,
      title: threadId ? null : `Thread ${i}`,
      body: `Post ${i} by ${author!.pupils[0]!.user.displayName}`,
      authorId: author!.pupils[0]!.user.id,
      schoolId: author!.teacher.user.schoolId,
      classId: author!.schoolClass.id,
      status,
      mediaId: null,
      lastActivityAt: at(i * 1000),
      createdAt: at(i * 1000),
    })
    for (let i = 0; i < THREADS + 5; i++) {
      // Nairobi's last five threads are held: London's teacher may not see them.
      const row = i < THREADS ? post(i, london, null, 'published') : post(i, nairobi, null, 'held')
      if (i === 0) firstThread = row.id
      await boards.insertPost(row)
    }
    for (let i = 0; i < REPLIES; i++) await boards.insertPost(post(i, london, firstThread, 'published'))
    await db
      .insertInto('assemblies')
      .values({
        id: assemblyId,
        linkId: linked.link.id,
        title: 'Harvest',
        startsAt: at(0),
        durationMinutes: 30,
        agenda: '',
        status: 'ended',
        openedAt: at(0),
        endedAt: at(1),
        pupilChatAllowed: 1,
        createdBy: teacher.id,
        createdAt: at(0),
      })
      .execute()
    const wall = createWallRepository(db)
    const letter = (i: number, side: typeof london, parentId: string | null, status: 'published' | 'held') => ({
      id: randomUUID(),
      linkId: linked.link.id,
      roundId: null,
      kind: parentId ? ('reply' as const) : ('letter' as const),
      parentId,
      body: `Letter ${i}`,
      caption: '',
      mediaId: null,
      sticker: null,
      toPupilId: null,
      authorId: side!.pupils[0]!.user.id,
      schoolId: side!.teacher.user.schoolId,
      classId: side!.schoolClass.id,
      status,
      createdAt: at(i * 1000 + 1),
    })
    let firstLetter = ''
    for (let i = 0; i < LETTERS; i++) {
      const row = letter(i, london, null, 'published')
      if (i === 0) firstLetter = row.id
      await wall.insertItem(row)
    }
    // Replies written later, under the first letter: the record lists them where they fall in time.
    for (let i = 0; i < REPLIES_TO_LETTER; i++)
      await wall.insertItem(letter(LETTERS + i, london, firstLetter, 'published'))
    // A held Nairobi letter: London sees neither it nor the reply under it.
    const held = letter(LETTERS + REPLIES_TO_LETTER, nairobi, null, 'held')
    await wall.insertItem(held)
    await wall.insertItem(letter(LETTERS + REPLIES_TO_LETTER + 1, london, held.id, 'published'))
    const chat = createAssemblyChatRepository(db)
    for (let i = 0; i < MESSAGES + 10; i++) {
      const side = i < MESSAGES ? london! : nairobi!
      await chat.insert({
        id: randomUUID(),
        assemblyId,
        authorId: side.pupils[0]!.user.id,
        authorRole: 'pupil',
        authorName: side.pupils[0]!.user.displayName,
        schoolId: side.teacher.user.schoolId,
        className: side.schoolClass.name,
        colorIndex: null,
        text: `Message ${i}`,
        status: i < MESSAGES ? 'published' : 'held',
        createdAt: at(i * 1000),
      })
    }
  }, 120_000)
  afterAll(() => server?.close())

  it('streams every thread, reply and message London’s teacher may see, in the record’s order', async () => {
    const res = await linked.sides[0]!.teacher.client.get<LinkRecord>(`/api/links/${linked.link.id}/export`)
    expect(res.status).toBe(200)
    // Written as it is read: chunked, with no length known before the end.
    expect(res.headers.get('transfer-encoding')).toBe('chunked')
    expect(res.headers.get('content-length')).toBeNull()
    expect(res.headers.get('content-disposition')).toContain('attachment')
    const record = res.body
    expect(Object.keys(record)).toEqual([
      'exportedAt',
      'link',
      'agreement',
      'doneItemIds',
      'activity',
      'boards',
      'wall',
      'assemblies',
      'outcomeReviews',
      'pictures',
    ])
    const threads = record.boards.find((b) => b.id === boardId)!.threads
    expect(threads.map((th) => th.title)).toEqual(
      Array.from({ length: THREADS }, (_, i) => `Thread ${THREADS - 1 - i}`),
    )
    const replies = threads.at(-1)!.replies
    expect(replies.map((r) => r.body)).toEqual(
      Array.from({ length: REPLIES }, (_, i) => `Post ${i} by ${linked.sides[0]!.pupils[0]!.user.displayName}`),
    )
    const chat = record.assemblies.find((a) => a.id === assemblyId)!.chat
    expect(chat.map((m) => m.text)).toEqual(Array.from({ length: MESSAGES }, (_, i) => `Message ${i}`))
    expect(record.wall.items.map((i) => i.body)).toEqual(
      Array.from({ length: LETTERS + REPLIES_TO_LETTER }, (_, i) => `Letter ${i}`),
    )
    // No pupil is named in a file that leaves the app.
    const pupil = linked.sides[0]!.pupils[0]!.user.displayName
    expect([...threads, ...replies, ...chat, ...record.wall.items].some((item) => item.authorName === pupil)).toBe(
      false,
    )
  })

  it('gives Nairobi’s teacher her school’s held threads and messages too', async () => {
    const record = (await linked.sides[1]!.teacher.client.get<LinkRecord>(`/api/links/${linked.link.id}/export`)).body
    expect(record.boards.find((b) => b.id === boardId)!.threads).toHaveLength(THREADS + 5)
    expect(record.assemblies.find((a) => a.id === assemblyId)!.chat).toHaveLength(MESSAGES + 10)
    expect(record.wall.items).toHaveLength(LETTERS + REPLIES_TO_LETTER + 2)
  })
})
