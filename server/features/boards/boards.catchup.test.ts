import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { Board, BoardEvent, BoardJoinResult, Post } from '../../../shared/schemas/boards.js'
import type { QueuePage } from '../../../shared/schemas/moderation.js'
import { testDialects } from '../../test/databases.js'
import { createLinkedClasses, type LinkedClasses } from '../../test/links.js'
import { emitWithAck, startTestServer, type TestServer, type TestSocket } from '../../test/server.js'

/** Joins from `after` and pages until the server says there is no more, as the client's cursor does. */
async function catchUpAll(
  socket: TestSocket,
  boardId: string,
  after: number,
): Promise<{ events: BoardEvent[]; pages: number; lastSeq: number }> {
  const events: BoardEvent[] = []
  let cursor = after
  for (let pages = 1; ; pages++) {
    const res = await emitWithAck<BoardJoinResult>(socket, 'board:join', { boardId, after: cursor })
    if (!res.ok) throw new Error(res.error.message)
    expect(res.data.reload).toBe(false)
    events.push(...res.data.events)
    cursor = res.data.lastSeq
    if (!res.data.more) return { events, pages, lastSeq: cursor }
  }
}

const postIdOf = (e: BoardEvent) => (e.type === 'upsert' ? e.post.id : e.postId)

describe.each(testDialects())('exact catch-up and atomic moderation on $name', (dialect) => {
  let server: TestServer
  let linked: LinkedClasses
  let board: Board
  beforeAll(async () => {
    server = await startTestServer({ storage: await dialect.open(), env: { BOARD_POSTS_PER_MINUTE: '2000' } })
    linked = await createLinkedClasses(server, { pupilsPerClass: 1 })
    board = (
      await linked.sides[0]!.teacher.client.post<Board>(`/api/links/${linked.link.id}/boards`, { title: 'News' })
    ).body
  })
  afterAll(() => server?.close())

  it('brings a pupil away during 700 posts every one of them, in pages, none twice', async () => {
    const pupil = await linked.sides[1]!.pupils[0]!.client.connectSocket()
    const first = await emitWithAck<BoardJoinResult>(pupil, 'board:join', { boardId: board.id })
    if (!first.ok) throw new Error('join refused')
    pupil.disconnect()
    const teacher = linked.sides[0]!.teacher.client
    const ids: string[] = []
    for (let i = 0; i < 700; i += 50) {
      const batch = await Promise.all(
        Array.from({ length: 50 }, (_, j) =>
          teacher.post<Post>(`/api/boards/${board.id}/threads`, { title: `News ${i + j}`, body: 'Hello' }),
        ),
      )
      ids.push(...batch.map((r) => r.body.id))
    }
    const back = await linked.sides[1]!.pupils[0]!.client.connectSocket()
    const caught = await catchUpAll(back, board.id, first.data.lastSeq)
    expect(caught.pages).toBeGreaterThan(1)
    expect(caught.events.map(postIdOf).sort()).toEqual([...ids].sort())
    // Numbered per board without a gap, whatever order the writes committed in.
    expect(caught.events.map((e) => e.seq)).toEqual(Array.from({ length: 700 }, (_, i) => first.data.lastSeq + i + 1))
    const again = await emitWithAck<BoardJoinResult>(back, 'board:join', { boardId: board.id, after: caught.lastSeq })
    expect(again.ok && again.data).toMatchObject({ events: [], more: false, reload: false })
    // A client holding a cursor this board never gave out reloads instead of trusting it.
    const stale = await emitWithAck<BoardJoinResult>(back, 'board:join', {
      boardId: board.id,
      after: caught.lastSeq + 1000,
    })
    expect(stale.ok && stale.data).toMatchObject({ events: [], reload: true, lastSeq: caught.lastSeq })
    back.disconnect()
    // 700 posts through HTTP: room for them while another test file shares the cores.
  }, 90_000)

  it('numbers concurrent approvals without gaps, so live events can be checked for what is missing', async () => {
    const { link, sides } = await createLinkedClasses(server, { pupilsPerClass: 1 })
    const own = (await sides[0]!.teacher.client.post<Board>(`/api/links/${link.id}/boards`, { title: 'Many' })).body
    const watcher = await sides[1]!.pupils[0]!.client.connectSocket()
    const joined = await emitWithAck<BoardJoinResult>(watcher, 'board:join', { boardId: own.id })
    if (!joined.ok) throw new Error('join refused')
    const live: BoardEvent[] = []
    ;(watcher as unknown as { on(e: string, fn: (p: BoardEvent) => void): void }).on('board:event', (e) => live.push(e))
    const posts = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        sides[0]!.pupils[0]!.client.post<Post>(`/api/boards/${own.id}/threads`, { title: `Q${i}`, body: 'Question' }),
      ),
    )
    const approvals = await Promise.all(
      posts.map((p) => sides[0]!.teacher.client.post(`/api/moderation/board_post/${p.body.id}/approve`)),
    )
    expect(approvals.map((a) => a.status)).toEqual(posts.map(() => 204))
    await vi.waitFor(() => expect(live.filter((e) => e.type === 'upsert')).toHaveLength(20))
    // 20 held posts (remove notices to the partner) then 20 approvals: 40 events numbered 1..40 on this board.
    expect(live.map((e) => e.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1))
    expect(new Set(live.filter((e) => e.type === 'upsert').map(postIdOf))).toEqual(new Set(posts.map((p) => p.body.id)))
    watcher.disconnect()
  })

  it('leaves nothing half done when a moderation decision fails part-way', async () => {
    const { link, sides } = await createLinkedClasses(server, { pupilsPerClass: 1 })
    const own = (await sides[0]!.teacher.client.post<Board>(`/api/links/${link.id}/boards`, { title: 'Careful' })).body
    const held = (
      await sides[0]!.pupils[0]!.client.post<Post>(`/api/boards/${own.id}/threads`, { title: 'Hi', body: 'Hello' })
    ).body
    const lastSeq = async () =>
      Number(
        (
          await server.storage.db
            .selectFrom('boards')
            .select('lastSeq')
            .where('id', '=', own.id)
            .executeTakeFirstOrThrow()
        ).lastSeq,
      )
    const seqBefore = await lastSeq()
    // The audit write fails, as it would if the node died or the database refused it mid-approval.
    await breakAuditWrites(server, dialect.name, true)
    try {
      const res = await sides[0]!.teacher.client.post(`/api/moderation/board_post/${held.id}/approve`)
      expect(res.status).toBe(500)
    } finally {
      await breakAuditWrites(server, dialect.name, false)
    }
    // Still held, still in the queue, no board event: the teacher can simply approve again.
    const post = await server.storage.db
      .selectFrom('posts')
      .select('status')
      .where('id', '=', held.id)
      .executeTakeFirstOrThrow()
    expect(post.status).toBe('held')
    expect(await lastSeq()).toBe(seqBefore)
    expect(
      (await sides[0]!.teacher.client.get<QueuePage>('/api/moderation/queue')).body.items.map((q) => q.itemId),
    ).toContain(held.id)
    expect((await sides[0]!.teacher.client.post(`/api/moderation/board_post/${held.id}/approve`)).status).toBe(204)
    expect(
      (await sides[0]!.teacher.client.get<QueuePage>('/api/moderation/queue')).body.items.map((q) => q.itemId),
    ).not.toContain(held.id)
  })
})

/** A database trigger that makes every audit insert fail: a fault in the middle of a decision. */
async function breakAuditWrites(server: TestServer, dialect: 'sqlite' | 'postgres', broken: boolean): Promise<void> {
  const db = server.storage.db
  if (dialect === 'sqlite') {
    if (broken)
      await sql`create trigger audit_fault before insert on moderation_audit begin select raise(abort, 'injected fault'); end`.execute(
        db,
      )
    else await sql`drop trigger audit_fault`.execute(db)
    return
  }
  if (broken) {
    await sql`create or replace function audit_fault() returns trigger as $$ begin raise exception 'injected fault'; end $$ language plpgsql`.execute(
      db,
    )
    await sql`create trigger audit_fault before insert on moderation_audit for each row execute function audit_fault()`.execute(
      db,
    )
  } else {
    await sql`drop trigger audit_fault on moderation_audit`.execute(db)
  }
}
