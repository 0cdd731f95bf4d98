import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeCursor } from '../../../shared/schemas/paging.js'
import type { Storage } from '../../storage/database.js'
import { testDialects } from '../../test/databases.js'
import { addLink, addSchool, at, UNICODE_TEXT, type SchoolRows } from '../../test/repositoryRows.js'
import { createAssembliesRepository, type AssembliesRepository, type AssemblyRecord } from './assemblies.repository.js'
import {
  CHAT_HISTORY_LIMIT,
  createAssemblyChatRepository,
  type AssemblyChatRepository,
} from './assemblyChat.repository.js'

type NewMessage = Parameters<AssemblyChatRepository['insert']>[0]

describe.each(testDialects())('assemblies repositories on $name', (dialect) => {
  let storage: Storage
  let assemblies: AssembliesRepository
  let chat: AssemblyChatRepository
  let london: SchoolRows
  let nairobi: SchoolRows
  let linkId: string

  beforeAll(async () => {
    storage = await dialect.open()
    assemblies = createAssembliesRepository(storage.db)
    chat = createAssemblyChatRepository(storage.db)
    london = await addSchool(storage.db, { pupils: ['Amara'] })
    nairobi = await addSchool(storage.db, { name: 'Umoja Primary', country: 'KE' })
    linkId = await addLink(storage.db, [london.classId, nairobi.classId])
  })
  afterAll(() => storage?.close())

  async function addAssembly(overrides: Partial<AssemblyRecord> = {}): Promise<AssemblyRecord> {
    const record: AssemblyRecord = {
      id: randomUUID(),
      linkId,
      title: 'Harvest assembly',
      startsAt: at(0),
      durationMinutes: 45,
      agenda: 'Songs, then questions',
      status: 'scheduled',
      openedAt: null,
      endedAt: null,
      pupilChatAllowed: 0,
      createdBy: london.teacherId,
      createdAt: at(0),
      ...overrides,
    }
    await assemblies.insert(record)
    return record
  }

  describe('assemblies', () => {
    it('finds an assembly as inserted, unicode intact, and nothing for an unknown id', async () => {
      const record = await addAssembly({ title: UNICODE_TEXT, agenda: `${UNICODE_TEXT}\n2. Cân` })
      expect(await assemblies.find(record.id)).toEqual(record)
      expect(await assemblies.find(randomUUID())).toBeUndefined()
    })

    it("lists a link's assemblies latest start first", async () => {
      const link = await addLink(storage.db, [london.classId, nairobi.classId])
      const soon = await addAssembly({ linkId: link, startsAt: at(1000) })
      const later = await addAssembly({ linkId: link, startsAt: at(9000) })
      const past = await addAssembly({ linkId: link, startsAt: at(-9000) })
      expect((await assemblies.ofLink(link)).map((a) => a.id)).toEqual([later.id, soon.id, past.id])
      expect(await assemblies.ofLink(randomUUID())).toEqual([])
    })

    it('records when an assembly opened and when it ended', async () => {
      const record = await addAssembly()
      await assemblies.setStatus(record.id, 'open', at(100))
      expect(await assemblies.find(record.id)).toMatchObject({ status: 'open', openedAt: at(100), endedAt: null })
      await assemblies.setStatus(record.id, 'ended', at(200))
      expect(await assemblies.find(record.id)).toMatchObject({ status: 'ended', openedAt: at(100), endedAt: at(200) })
    })

    it('stores whether pupils may chat freely as exactly 0 or 1', async () => {
      const record = await addAssembly()
      await assemblies.setPupilChatAllowed(record.id, true)
      expect((await assemblies.find(record.id))?.pupilChatAllowed).toBe(1)
      await assemblies.setPupilChatAllowed(record.id, false)
      expect((await assemblies.find(record.id))?.pupilChatAllowed).toBe(0)
    })

    it('keeps attendance in joining order and the first time a class left', async () => {
      const record = await addAssembly()
      const nairobiJoin = {
        id: randomUUID(),
        assemblyId: record.id,
        classId: nairobi.classId,
        joinedAt: at(2000),
        leftAt: null,
      }
      const londonJoin = {
        id: randomUUID(),
        assemblyId: record.id,
        classId: london.classId,
        joinedAt: at(1000),
        leftAt: null,
      }
      await assemblies.joined(nairobiJoin)
      await assemblies.joined(londonJoin)
      await assemblies.left(londonJoin.id, at(5000))
      await assemblies.left(londonJoin.id, at(6000))
      await assemblies.left(randomUUID(), at(6000))
      expect(await assemblies.attendance(record.id)).toEqual([{ ...londonJoin, leftAt: at(5000) }, nairobiJoin])
      expect(await assemblies.attendance(randomUUID())).toEqual([])
    })
  })

  describe('chat', () => {
    const teacher = { id: randomUUID(), role: 'teacher' as const, schoolId: randomUUID() }
    const message = (assemblyId: string, overrides: Partial<NewMessage> = {}): NewMessage => ({
      id: randomUUID(),
      assemblyId,
      authorId: london.pupilIds[0]!,
      authorRole: 'pupil',
      authorName: 'Amara',
      schoolId: london.schoolId,
      className: london.className,
      colorIndex: 0,
      text: 'Hello Nairobi!',
      status: 'published',
      createdAt: at(0),
      ...overrides,
    })

    it('finds a message as inserted, flagged false and unicode intact', async () => {
      const { id } = await addAssembly()
      const teacherMessage = message(id, {
        authorId: nairobi.teacherId,
        authorRole: 'teacher',
        className: null,
        colorIndex: null,
        text: UNICODE_TEXT,
      })
      await chat.insert(teacherMessage)
      expect(await chat.find(teacherMessage.id)).toEqual({
        ...teacherMessage,
        rejectReason: null,
        editNote: null,
        flagged: false,
      })
      expect(await chat.find(randomUUID())).toBeUndefined()
    })

    it('changes only the given fields, flagged stored as 0/1 and read back as a boolean', async () => {
      const { id } = await addAssembly()
      const m = message(id)
      await chat.insert(m)
      await chat.update(m.id, { flagged: true, status: 'held' })
      const raw = await storage.db
        .selectFrom('assemblyChatMessages')
        .select('flagged')
        .where('id', '=', m.id)
        .executeTakeFirstOrThrow()
      expect(raw.flagged).toBe(1)
      expect(await chat.find(m.id)).toMatchObject({ flagged: true, status: 'held', text: m.text })
      await chat.update(m.id, { flagged: false, text: 'Hello, Nairobi', editNote: 'Edited' })
      expect(await chat.find(m.id)).toMatchObject({
        flagged: false,
        status: 'held',
        text: 'Hello, Nairobi',
        editNote: 'Edited',
        rejectReason: null,
      })
    })

    it('does nothing, and does not throw, for an update with no fields', async () => {
      const { id } = await addAssembly()
      const m = message(id)
      await chat.insert(m)
      await chat.update(m.id, {})
      await chat.update(m.id, { text: undefined, flagged: undefined })
      expect(await chat.find(m.id)).toMatchObject({ text: m.text, flagged: false, status: 'published' })
    })

    it('pages the messages newest first, the history limit at a time, with a cursor to the older page', async () => {
      const { id } = await addAssembly()
      const other = await addAssembly()
      const total = CHAT_HISTORY_LIMIT + 5
      const ids: string[] = []
      // One transaction: hundreds of rows in one round of fsyncs keeps the suite quick on PostgreSQL.
      await storage.transaction(async () => {
        for (let i = 0; i < total; i++) {
          const m = message(id, { createdAt: at(i * 1000), text: `message ${i}` })
          ids.push(m.id)
          await chat.insert(m)
        }
        await chat.insert(message(other.id, { createdAt: at(total * 1000) }))
      })
      const newest = await chat.pageOfAssembly(id, teacher, undefined, CHAT_HISTORY_LIMIT)
      expect(newest.items.map((m) => m.id)).toEqual(ids.slice(total - CHAT_HISTORY_LIMIT).reverse())
      const older = await chat.pageOfAssembly(id, teacher, decodeCursor(newest.nextCursor ?? ''), CHAT_HISTORY_LIMIT)
      expect(older).toEqual({ items: expect.any(Array), nextCursor: null })
      expect(older.items.map((m) => m.id)).toEqual(ids.slice(0, 5).reverse())
      expect(await chat.pageOfAssembly(randomUUID(), teacher, undefined, 10)).toEqual({ items: [], nextCursor: null })
    })

    it('orders messages written in the same instant by id', async () => {
      const { id } = await addAssembly()
      const same = [message(id), message(id), message(id)]
      for (const m of same) await chat.insert(m)
      expect((await chat.findMany([same[1]!.id, randomUUID()])).map((m) => m.id)).toEqual([same[1]!.id])
      expect(await chat.findMany([])).toEqual([])
      expect((await chat.pageOfAssembly(id, teacher, undefined, 10)).items.map((m) => m.id)).toEqual(
        same
          .map((m) => m.id)
          .sort()
          .reverse(),
      )
    })
  })
})
