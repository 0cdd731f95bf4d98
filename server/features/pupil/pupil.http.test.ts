import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ErrorBody } from '../../../shared/errors.js'
import type { Board, Post } from '../../../shared/schemas/boards.js'
import type { PupilHome } from '../../../shared/schemas/pupil.js'
import type { WallItem } from '../../../shared/schemas/wall.js'
import { testDialects } from '../../test/databases.js'
import { createLinkedClasses } from '../../test/links.js'
import { startTestServer, type TestClient, type TestServer } from '../../test/server.js'

const homeOf = async (client: TestClient) => {
  const res = await client.get<PupilHome>('/api/pupil/home')
  expect(res.status).toBe(200)
  return res.body
}
const approve = (client: TestClient, kind: string, id: string) =>
  client.post(`/api/moderation/${kind}/${id}/approve`, {})

describe.each(testDialects())('a pupil’s home on $name', (dialect) => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer({ storage: await dialect.open() })
  })
  afterAll(() => server?.close())

  it('shows her partner class and only what the visibility rule lets her see, new since she last looked', async () => {
    const { link, sides } = await createLinkedClasses(server, { pupilsPerClass: 2 })
    const [london, nairobi] = sides
    const amara = london!.pupils[0]!
    const classmate = london!.pupils[1]!
    const juma = nairobi!.pupils[0]!
    const board = (await london!.teacher.client.post<Board>(`/api/links/${link.id}/boards`, { title: 'Festivals' }))
      .body

    const empty = await homeOf(amara.client)
    expect(empty.news).toEqual([])
    expect(empty.links).toEqual([
      expect.objectContaining({
        linkId: link.id,
        boardId: board.id,
        partnerPicture: null,
        nextAssembly: null,
        partners: [expect.objectContaining({ className: nairobi!.schoolClass.name, timeZone: 'Africa/Nairobi' })],
      }),
    ])

    // Her own letter: held, then approved by her teacher; a partner's letter and a reply to hers.
    const mine = (
      await amara.client.post<WallItem>(`/api/links/${link.id}/wall`, { kind: 'letter', body: 'Hello from London' })
    ).body
    const theirs = (
      await juma.client.post<WallItem>(`/api/links/${link.id}/wall`, { kind: 'letter', body: 'Jambo from Nairobi' })
    ).body
    const held = await homeOf(amara.client)
    expect(held.news).toEqual([]) // her own held letter is not news, and Juma's is still held by his teacher
    expect((await approve(london!.teacher.client, 'wall_item', mine.id)).status).toBe(204)
    expect((await approve(nairobi!.teacher.client, 'wall_item', theirs.id)).status).toBe(204)
    const reply = (
      await juma.client.post<WallItem>(`/api/links/${link.id}/wall`, {
        kind: 'reply',
        parentId: mine.id,
        body: 'Nice letter!',
      })
    ).body
    const classmateReply = (
      await classmate.client.post<WallItem>(`/api/links/${link.id}/wall`, {
        kind: 'reply',
        parentId: mine.id,
        body: 'Held reply',
      })
    ).body
    expect((await approve(nairobi!.teacher.client, 'wall_item', reply.id)).status).toBe(204)

    // A board thread of hers, and a partner's reply to it.
    const thread = (
      await amara.client.post<Post>(`/api/boards/${board.id}/threads`, { title: 'Our lamps', body: 'We light lamps' })
    ).body
    expect((await approve(london!.teacher.client, 'board_post', thread.id)).status).toBe(204)
    const answer = (await juma.client.post<Post>(`/api/threads/${thread.id}/replies`, { body: 'We do too' })).body
    expect((await approve(nairobi!.teacher.client, 'board_post', answer.id)).status).toBe(204)

    const home = await homeOf(amara.client)
    const summary = home.news.map((n) => [n.kind, n.where, n.id])
    expect(summary).toEqual(
      expect.arrayContaining([
        ['approved', 'wall', mine.id],
        ['letter', 'wall', theirs.id],
        ['reply', 'wall', reply.id],
        ['approved', 'board', thread.id],
        ['reply', 'board', answer.id],
      ]),
    )
    expect(summary).toHaveLength(5)
    expect(summary.map(([, , id]) => id)).not.toContain(classmateReply.id) // still held for her classmate's teacher
    expect(home.news.find((n) => n.id === answer.id)?.threadId).toBe(thread.id)

    // Someone else's home: Juma does not see Amara's news, and her classmate sees the partner letter but not her approvals.
    const classmates = await homeOf(classmate.client)
    expect(classmates.news.map((n) => n.id)).toEqual([theirs.id])

    expect((await amara.client.post('/api/pupil/home/seen')).status).toBe(204)
    const after = await homeOf(amara.client)
    expect(after.seenAt).not.toBeNull()
    expect(after.news).toEqual([])
  })

  it('is for pupils only', async () => {
    const { sides } = await createLinkedClasses(server, { pupilsPerClass: 0 })
    const res = await sides[0]!.teacher.client.get<ErrorBody>('/api/pupil/home')
    expect(res.status).toBe(403)
    expect(res.body.error.code).toBe('FORBIDDEN')
  })
})
