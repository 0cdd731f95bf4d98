import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { registeredRoutes } from '../../http/routes.js'
import { addPupils, signInPupil } from '../../test/people.js'
import { createLinkViaApi } from '../../test/links.js'
import { emitWithAck, startTestServer, type TestClient, type TestServer } from '../../test/server.js'

let server: TestServer
let linkId: string
let outsiders: { name: string; client: TestClient }[]
let member: TestClient

beforeAll(async () => {
  server = await startTestServer()
  const link = await createLinkViaApi(server)
  linkId = link.linkId
  member = link.sides[0]!.teacher.client
  // People of another link: its teacher and one of its pupils.
  const other = await createLinkViaApi(server)
  const side = other.sides[0]!
  const [pupil] = await addPupils(side.teacher, side.schoolClass.id, ['Outsider'])
  outsiders = [
    { name: 'a teacher of another link', client: side.teacher.client },
    { name: 'a pupil of another link', client: (await signInPupil(server.url, side.schoolClass, pupil!)).client },
  ]
})
afterAll(() => server?.close())

/** Every API route scoped to one link. */
const linkRoutes = () => registeredRoutes.filter((route) => route.path.startsWith('/links/:linkId'))
const ANY_ID = '00000000-0000-4000-8000-000000000000'

/** Valid bodies, so a refusal proves the authorisation check rather than the validation. */
const bodies: Record<string, unknown> = {
  'put /links/:linkId/agreement': {
    baseVersion: 1,
    content: { aims: 'x', principles: '', communication: { how: '' }, resources: '', evaluation: {}, exitStrategy: '' },
  },
  'post /links/:linkId/agreement/signatures': { version: 1, classId: ANY_ID },
  'post /links/:linkId/boards': { title: 'Our festivals' },
  'post /links/:linkId/wall': { kind: 'letter', body: 'Dear friends' },
  'post /links/:linkId/rounds': {
    theme: 'Where we live',
    deadline: '2099-01-01T00:00:00Z',
    releaseAt: '2099-01-02T00:00:00Z',
  },
  'put /links/:linkId/penpals': { groups: [] },
  'post /links/:linkId/assemblies': { title: 'Harvest', startNow: true },
  'post /links/:linkId/outcomes/reviews': { outcomeIndex: 0, scope: 'school', rating: 'met' },
  'put /links/:linkId/curriculum': { kind: 'assembly', itemId: ANY_ID, subjects: ['Geography'] },
  'post /links/:linkId/paper/letters': {
    uploadId: ANY_ID,
    letters: [{ pageIds: [ANY_ID], pupilId: ANY_ID, penPalId: null, shownPupilIds: [] }],
  },
  'post /links/:linkId/paper/uploads/:uploadId/pages/:mediaId/rotate': { quarterTurns: 1 },
}

describe('nobody outside a link reaches anything of it', () => {
  it('covers the link routes', () => {
    expect(linkRoutes().length).toBeGreaterThanOrEqual(9)
  })

  it.each(['a teacher of another link', 'a pupil of another link'])(
    '%s gets 403 or 404 on every link route',
    async (who) => {
      const outsider = outsiders.find((o) => o.name === who)!
      for (const route of linkRoutes()) {
        const path = `/api${route.path.replace(':linkId', linkId).replace(/:(\w+)/g, ANY_ID)}`
        const body = route.method === 'get' ? undefined : (bodies[`${route.method} ${route.path}`] ?? {})
        const res = await outsider.client.request(route.method.toUpperCase(), path, body)
        expect([403, 404], `${route.method} ${route.path} answered ${res.status}`).toContain(res.status)
      }
      // Nothing changed for the members.
      expect((await member.get<{ status: string }>(`/api/links/${linkId}`)).body.status).toBe('active')
    },
  )

  it.each(['a teacher of another link', 'a pupil of another link'])('%s cannot join the link room', async (who) => {
    const outsider = outsiders.find((o) => o.name === who)!
    const socket = await outsider.client.connectSocket()
    const ack = await emitWithAck(socket, 'link:join', { linkId })
    expect(ack).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    socket.disconnect()
  })
})
