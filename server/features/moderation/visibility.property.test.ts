import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { User } from '../../../shared/schemas/accounts.js'
import type { Board, BoardEvent } from '../../../shared/schemas/boards.js'
import type { ModerationStatus } from '../../../shared/schemas/moderation.js'
import { newId, nowIso } from '../../domain/ids.js'
import { deliverModerated } from '../../realtime/moderatedDelivery.js'
import { userRoom } from '../../realtime/rooms.js'
import type { AppServer } from '../../realtime/types.js'
import { testDialects } from '../../test/databases.js'
import { createLinkedClasses } from '../../test/links.js'
import { startTestServer, type TestServer } from '../../test/server.js'
import { boardPlace, boardRoomsFor } from '../boards/boards.realtime.js'
import { createAssemblyChatRepository } from '../assemblies/assemblyChat.repository.js'
import { createBoardsRepository } from '../boards/boards.repository.js'
import { createWallRepository } from '../wall/wall.repository.js'
import { createReflectionsRepository } from '../reflections/reflections.repository.js'
import { createModerationRepository } from './moderation.repository.js'
import { canSee, type VisibilityFacts } from './visibility.js'

const STATUSES: ModerationStatus[] = ['held', 'published', 'rejected', 'hidden', 'deleted']

/** Which rooms one emission reaches: any of `to`, none of `except`. */
interface Emission {
  to: Set<string>
  except: Set<string>
  type: 'upsert' | 'remove'
}

/** A stand-in for Socket.IO's broadcast operator that records the rooms chosen, as the adapter would use them. */
function recordingIo(emissions: Emission[]): AppServer {
  const operator = (to: Set<string>, except: Set<string>) => ({
    to: (rooms: string | string[]) => operator(new Set([...to, ...[rooms].flat()]), except),
    except: (rooms: string | string[]) => operator(to, new Set([...except, ...[rooms].flat()])),
    emit: (_event: string, payload: { type: 'upsert' | 'remove' }) =>
      emissions.push({ to, except, type: payload.type }),
  })
  return { to: (rooms: string | string[]) => operator(new Set([rooms].flat()), new Set()) } as unknown as AppServer
}

/**
 * One rule, one place: for generated viewers × items × states, the visibility function, the SQL
 * filters that pre-filter lists (boards, wall, reflections, an assembly's chat, a link's audit record)
 * and the live-delivery room choice must agree,
 * on SQLite and on PostgreSQL.
 */
describe.each(testDialects())('the visibility rule, its SQL and its rooms agree on $name', (dialect) => {
  let server: TestServer
  let viewers: User[]
  let pupils: User[]
  let board: Board
  let linkId: string
  let rounds: { open: string; released: string }
  const assemblyId = newId()
  beforeAll(async () => {
    server = await startTestServer({ storage: await dialect.open() })
    const linked = await createLinkedClasses(server, { pupilsPerClass: 2 })
    const stranger = await createLinkedClasses(server, { pupilsPerClass: 1 })
    linkId = linked.link.id
    pupils = [...linked.sides.flatMap((s) => s.pupils.map((p) => p.user)), stranger.sides[0]!.pupils[0]!.user]
    // The designated safeguarding lead of the first school: she sees its items whatever their state.
    const colleague = linked.sides[0]!.teacher.user
    const lead: User = {
      ...colleague,
      id: newId(),
      email: `dsl-${newId()}@example.org`,
      displayName: 'Safeguarding lead',
      schoolAdmin: false,
      safeguardingLead: true,
    }
    await server.storage.db
      .insertInto('users')
      .values({
        id: lead.id,
        role: 'teacher',
        email: lead.email,
        passwordHash: null,
        displayName: lead.displayName,
        schoolId: lead.schoolId,
        classId: null,
        personalCode: null,
        locale: 'en',
        active: 1,
        createdAt: nowIso(),
        safeguardingLead: 1,
      })
      .execute()
    viewers = [...linked.sides.map((s) => s.teacher.user), lead, stranger.sides[0]!.teacher.user, ...pupils]
    board = { id: newId(), linkId, kind: 'discussion', title: 'Property', createdAt: nowIso() }
    await createBoardsRepository(server.storage.db).insertBoard({ ...board, createdBy: viewers[0]!.id })
    await server.storage.db
      .insertInto('assemblies')
      .values({
        id: assemblyId,
        linkId,
        title: 'Property',
        startsAt: nowIso(),
        durationMinutes: 30,
        agenda: '',
        status: 'open',
        openedAt: nowIso(),
        endedAt: null,
        pupilChatAllowed: 1,
        createdBy: viewers[0]!.id,
        createdAt: nowIso(),
      })
      .execute()
    const wall = createWallRepository(server.storage.db)
    rounds = { open: newId(), released: newId() }
    for (const [id, status] of [
      [rounds.open, 'open'],
      [rounds.released, 'released'],
    ] as const) {
      await wall.insertRound({
        id,
        linkId,
        theme: id,
        deadline: nowIso(),
        // The open round is not due: the server's release timer would otherwise release it mid-run.
        releaseAt: status === 'open' ? '2999-01-01T00:00:00.000Z' : nowIso(),
        status,
        releasedAt: null,
        createdBy: viewers[0]!.id,
        createdAt: nowIso(),
      })
    }
  })
  afterAll(() => server?.close())

  const itemArb = () =>
    fc.record({
      author: fc.nat(),
      status: fc.constantFrom(...STATUSES),
      flaggers: fc.uniqueArray(fc.nat(), { maxLength: 3 }),
      toPupil: fc.option(fc.nat(), { nil: null }),
      round: fc.constantFrom('none', 'open', 'released'),
    })

  it('for every viewer and item', async () => {
    const db = server.storage.db
    const boards = createBoardsRepository(db)
    const wall = createWallRepository(db)
    const reflections = createReflectionsRepository(db)
    const chat = createAssemblyChatRepository(db)
    const moderation = createModerationRepository(db)
    await fc.assert(
      fc.asyncProperty(fc.array(itemArb(), { minLength: 1, maxLength: 6 }), async (generated) => {
        await db.deleteFrom('moderationFlags').execute()
        await db.deleteFrom('posts').execute()
        await db.deleteFrom('wallItems').execute()
        await db.deleteFrom('reflectionAnswers').execute()
        await db.deleteFrom('reflections').execute()
        await db.deleteFrom('assemblyChatMessages').execute()
        await db.deleteFrom('moderationAudit').execute()
        const items: (VisibilityFacts & { id: string })[] = []
        const wallFacts: (VisibilityFacts & { id: string })[] = []
        // Reflection answers: only pupils write them, each to a reflection of her own class.
        const answerFacts: (VisibilityFacts & { id: string })[] = []
        const reflectionIds: string[] = []
        const chatFacts: (VisibilityFacts & { id: string })[] = []
        for (const g of generated) {
          const author = viewers[g.author % viewers.length]!
          // Only pupils' flags hide anything, and only pupils' items (the moderation service stores no others).
          const flaggedBy =
            author.role === 'pupil'
              ? [...new Set(g.flaggers.map((f) => pupils[f % pupils.length]!.id))].filter((id) => id !== author.id)
              : []
          const base = { authorId: author.id, schoolId: author.schoolId, status: g.status, flaggedBy }
          const postId = newId()
          await boards.insertPost({
            id: postId,
            boardId: board.id,
            threadId: null,
            title: 't',
            body: 'b',
            authorId: author.id,
            schoolId: author.schoolId,
            classId: author.classId,
            status: g.status,
            mediaId: null,
            lastActivityAt: nowIso(),
            createdAt: nowIso(),
          })
          items.push({ ...base, id: postId })
          const wallId = newId()
          const toPupilId = g.toPupil === null ? null : pupils[g.toPupil % pupils.length]!.id
          const roundId = g.round === 'none' ? null : rounds[g.round]
          await wall.insertItem({
            id: wallId,
            linkId,
            roundId,
            kind: 'letter',
            parentId: null,
            body: 'b',
            caption: '',
            mediaId: null,
            sticker: null,
            toPupilId,
            authorId: author.id,
            schoolId: author.schoolId,
            classId: author.classId,
            status: g.status,
            createdAt: nowIso(),
          })
          wallFacts.push({ ...base, id: wallId, toPupilId, roundOpen: g.round === 'open' })
          const pupil = pupils[g.author % pupils.length]!
          const reflectionId = newId()
          await reflections.insertReflection({
            id: reflectionId,
            classId: pupil.classId!,
            schoolId: pupil.schoolId,
            moment: 'term',
            statements: ['wouldVisit'],
            question: 'q',
            openedBy: viewers[0]!.id,
            openedAt: nowIso(),
          })
          const answerId = newId()
          await reflections.insertAnswer({
            id: answerId,
            reflectionId,
            authorId: pupil.id,
            schoolId: pupil.schoolId,
            classId: pupil.classId!,
            faces: { wouldVisit: 'yes' },
            answer: 'a',
            status: g.status,
            createdAt: nowIso(),
          })
          reflectionIds.push(reflectionId)
          answerFacts.push({
            authorId: pupil.id,
            schoolId: pupil.schoolId,
            status: g.status,
            id: answerId,
            privateToSchool: true,
          })
          const chatId = newId()
          await chat.insert({
            id: chatId,
            assemblyId,
            authorId: author.id,
            authorRole: author.role === 'pupil' ? 'pupil' : 'teacher',
            authorName: author.displayName,
            schoolId: author.schoolId,
            className: null,
            colorIndex: null,
            text: 'c',
            status: g.status,
            createdAt: nowIso(),
          })
          chatFacts.push({ ...base, id: chatId })
          // Every item has a moderation action in the link's audit record.
          for (const [kind, itemId] of [
            ['board_post', postId],
            ['wall_item', wallId],
            ['chat_message', chatId],
          ] as const)
            await moderation.audit({
              id: newId(),
              linkId,
              kind,
              itemId,
              actorId: viewers[0]!.id,
              action: 'approve',
              reason: null,
              excerpt: '',
              createdAt: nowIso(),
              itemSchoolId: author.schoolId,
            })
          for (const userId of flaggedBy) {
            for (const [kind, itemId] of [
              ['board_post', postId],
              ['wall_item', wallId],
              ['chat_message', chatId],
            ] as const) {
              await db
                .insertInto('moderationFlags')
                .values({ kind, itemId, userId, reason: null, createdAt: nowIso() })
                .execute()
            }
          }
        }
        for (const viewer of viewers) {
          const expected = (facts: (VisibilityFacts & { id: string })[]) =>
            facts
              .filter((f) => canSee(f, viewer))
              .map((f) => f.id)
              .sort()
          expect((await boards.visibleIds(board.id, viewer)).sort()).toEqual(expected(items))
          expect((await wall.visibleItemsOfLink(linkId, viewer)).map((i) => i.id).sort()).toEqual(expected(wallFacts))
          const answers = (await Promise.all(reflectionIds.map((id) => reflections.visibleAnswers(id, viewer)))).flat()
          expect(answers.map((a) => a.id).sort()).toEqual(expected(answerFacts))
          const chatPage = await chat.pageOfAssembly(assemblyId, viewer, undefined, 100)
          expect(chatPage.items.map((m) => m.id).sort()).toEqual(expected(chatFacts))
          if (viewer.role === 'teacher') {
            // The audit record: every action on her school's items; on another school's, as the rule lets her see it.
            const audit = await moderation.auditOf(linkId, viewer, undefined, 100)
            expect(audit.items.map((e) => e.itemId).sort()).toEqual(
              [...items, ...wallFacts, ...chatFacts]
                .filter((f) => f.schoolId === viewer.schoolId || canSee(f, viewer))
                .map((f) => f.id)
                .sort(),
            )
          }
        }
        // Live delivery: each viewer watching the board gets an upsert exactly when it may see the item, else a remove.
        for (const item of items) {
          const emissions: Emission[] = []
          deliverModerated(recordingIo(emissions), boardPlace(board.id), item, (to, type) =>
            to.emit('board:event', { seq: 1, boardId: board.id, type, postId: item.id } as BoardEvent),
          )
          for (const viewer of viewers) {
            const rooms = [...boardRoomsFor(viewer, board.id), userRoom(viewer.id)]
            const got = emissions
              .filter((e) => rooms.some((r) => e.to.has(r)) && !rooms.some((r) => e.except.has(r)))
              .map((e) => e.type)
            expect({ viewer: viewer.id, item, got }).toEqual({
              viewer: viewer.id,
              item,
              got: [canSee(item, viewer) ? 'upsert' : 'remove'],
            })
          }
        }
      }),
      { numRuns: 60 },
    )
    // PostgreSQL round trips for every generated item and viewer take a while on a busy machine.
  }, 90_000)
})
