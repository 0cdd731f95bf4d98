import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openStorage } from '../storage/database.js'
import { inReadScope } from '../storage/requestScope.js'
import { createMembershipRepository } from '../features/links/membership.repository.js'
import { createLinkedClasses, type LinkedClasses } from '../test/links.js'
import { startTestServer, type TestClient, type TestServer } from '../test/server.js'

/**
 * Read routes run a fixed number of SQL statements, however much a link holds: a query per item
 * (N+1) or an authorisation asked again per call would make the count grow with the content.
 */
let server: TestServer
let linked: LinkedClasses
let statements: string[] = []
let teacher: TestClient
let pupil: TestClient
let boardId: string

/** Statements of read requests only: background work (the board events' sweeper) runs on timers meanwhile. */
const heard = (sql: string) => {
  if (inReadScope()) statements.push(sql)
}

beforeAll(async () => {
  const storage = await openStorage({ kind: 'sqlite', file: ':memory:', onQuery: heard })
  server = await startTestServer({ storage, env: { BOARD_POSTS_PER_MINUTE: '100000' } })
  linked = await createLinkedClasses(server, { pupilsPerClass: 1 })
  teacher = linked.sides[0]!.teacher.client
  pupil = linked.sides[1]!.pupils[0]!.client
  boardId = (await teacher.post<{ id: string }>(`/api/links/${linked.link.id}/boards`, { title: 'Rivers' })).body.id
})
afterAll(() => server?.close())

/** The statements one GET runs (the second time: the first may draft what a link lacks). */
async function statementsOf(client: TestClient, path: string): Promise<string[]> {
  expect((await client.get(path)).status).toBe(200)
  statements = []
  expect((await client.get(path)).status).toBe(200)
  return statements
}

async function addContent(count: number) {
  const linkId = linked.link.id
  for (let i = 0; i < count; i++) {
    await teacher.post(`/api/links/${linkId}/wall`, { kind: 'letter', body: `Letter ${i}` })
    await teacher.post(`/api/boards/${boardId}/threads`, { title: `Thread ${i}`, body: 'We saw a heron.' })
    await pupil.post(`/api/links/${linkId}/wall`, { kind: 'letter', body: `Dear London, ${i}` })
    // Held for her teacher: the queue holds items of two kinds.
    await pupil.post(`/api/boards/${boardId}/threads`, { title: `Question ${i}`, body: 'Do you have herons?' })
  }
}

describe('statements per read request', () => {
  const routes = () => [
    { name: 'link overview', client: teacher, path: `/api/links/${linked.link.id}/overview`, budget: 9 },
    { name: 'wall page', client: pupil, path: `/api/links/${linked.link.id}/wall`, budget: 6 },
    { name: 'board threads page', client: pupil, path: `/api/boards/${boardId}/threads`, budget: 5 },
    { name: 'pupil home', client: pupil, path: '/api/pupil/home', budget: 8 },
    {
      name: 'moderation queue',
      client: linked.sides[1]!.teacher.client,
      path: '/api/moderation/queue',
      budget: 6,
      linkReads: 0,
    },
  ]

  it('stay within budget and do not grow with the content', async () => {
    await addContent(1)
    const few = new Map<string, number>()
    for (const route of routes()) few.set(route.name, (await statementsOf(route.client, route.path)).length)
    await addContent(8)
    for (const route of routes()) {
      const ran = await statementsOf(route.client, route.path)
      expect({ route: route.name, statements: ran.length }, ran.join('\n')).toEqual({
        route: route.name,
        statements: few.get(route.name),
      })
      expect(ran.length, `${route.name}:\n${ran.join('\n')}`).toBeLessThanOrEqual(route.budget)
    }
  })

  it('read a link once per request, however many checks ask for it', async () => {
    for (const route of routes()) {
      const linkReads = (await statementsOf(route.client, route.path)).filter((sql) => sql.includes('from "links"'))
      expect({ route: route.name, linkReads: linkReads.length }).toEqual({
        route: route.name,
        linkReads: 'linkReads' in route ? route.linkReads : 1,
      })
    }
  })
})

describe('a pupil’s home with more links', () => {
  it('runs as many statements for three links as for one', async () => {
    // Each link's own record is read by LinkAccess.linksOf (the links feature): counted apart.
    const homeReads = async () =>
      (await statementsOf(pupil, '/api/pupil/home')).filter(
        (sql) => !/^select "links"\."id", "links"\."status"/.test(sql),
      )
    const one = await homeReads()
    for (let i = 0; i < 2; i++) {
      const other = await createLinkedClasses(server, { pupilsPerClass: 0 })
      await createMembershipRepository(server.storage.db).addClassToLink(
        other.link.id,
        linked.sides[1]!.schoolClass.id,
        new Date().toISOString(),
      )
      await teacher.post(`/api/links/${other.link.id}/boards`, { title: 'Rivers' })
    }
    const three = await homeReads()
    expect(three.length, three.join('\n')).toBe(one.length)
  })
})
