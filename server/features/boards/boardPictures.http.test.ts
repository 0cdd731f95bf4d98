import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ErrorBody } from '../../../shared/errors.js'
import type { Post, ThreadsPage } from '../../../shared/schemas/boards.js'
import type { Media } from '../../../shared/schemas/media.js'
import type { QueuePage } from '../../../shared/schemas/moderation.js'
import { testDialects } from '../../test/databases.js'
import { fixture, fixturesSkipReason, multipart } from '../../test/fixtures.js'
import { createLinkedClasses } from '../../test/links.js'
import { startTestServer, type TestClient, type TestServer } from '../../test/server.js'

const upload = async (client: TestClient, linkId: string) => {
  const { body, contentType } = multipart(fixture('plain.jpg'), 'us.jpg')
  return (await client.request<Media>('POST', `/api/links/${linkId}/media`, body, { 'content-type': contentType })).body
}
const titlesOn = async (client: TestClient, boardId: string) =>
  (await client.get<ThreadsPage>(`/api/boards/${boardId}/threads`)).body.items.map((p) => p.title)

describe.each(testDialects())('board pictures follow the photo-consent rule on $name', (dialect) => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer({ storage: await dialect.open() })
  })
  afterAll(() => server?.close())

  it.skipIf(Boolean(fixturesSkipReason))(
    'asks who a pupil’s picture shows in the queue, refuses a pupil without consent, and withdraws it when consent is taken back',
    async () => {
      const { link, sides } = await createLinkedClasses(server, { pupilsPerClass: 2 })
      const [london, nairobi] = sides
      const [amara, ben] = london!.pupils
      const teacher = london!.teacher.client
      const board = (await teacher.post<{ id: string }>(`/api/links/${link.id}/boards`, { title: 'Our gardens' })).body
      const media = await upload(amara!.client, link.id)
      const post = (
        await amara!.client.post<Post>(`/api/boards/${board.id}/threads`, {
          title: 'Our beans',
          body: 'They grew tall',
          mediaId: media.id,
        })
      ).body
      expect(post.status).toBe('held')
      await teacher.put(`/api/classes/${london!.schoolClass.id}/consent`, { pupilId: amara!.user.id, consent: true })

      // The queue shows the picture whole with everyone who might be in it, and each one's consent.
      const queued = (await teacher.get<QueuePage>('/api/moderation/queue')).body.items.find(
        (q) => q.itemId === post.id,
      )
      expect(queued?.detail?.picture?.id).toBe(media.id)
      expect(queued?.detail?.shownCandidates).toEqual(
        expect.arrayContaining([
          { pupilId: amara!.user.id, name: amara!.pupil.displayName, consent: true },
          { pupilId: ben!.user.id, name: ben!.pupil.displayName, consent: false },
        ]),
      )

      const approve = (body: object) => teacher.post<ErrorBody>(`/api/moderation/board_post/${post.id}/approve`, body)
      const unasked = await approve({})
      expect(unasked.status).toBe(400)
      expect(unasked.body.error.code).toBe('INVALID_PAYLOAD')
      const noConsent = await approve({ shownPupilIds: [amara!.user.id, ben!.user.id] })
      expect(noConsent.status).toBe(409)
      expect(noConsent.body.error.code).toBe('PHOTO_CONSENT_MISSING')
      // Only her own pupils can be named.
      expect((await approve({ shownPupilIds: [nairobi!.pupils[0]!.user.id] })).status).toBe(403)
      expect(await titlesOn(nairobi!.pupils[0]!.client, board.id)).toEqual([])

      expect((await approve({ shownPupilIds: [amara!.user.id] })).status).toBe(204)
      expect(await titlesOn(nairobi!.pupils[0]!.client, board.id)).toEqual(['Our beans'])

      // Consent taken back: the post goes from the partner's board at once, as a wall picture would.
      await teacher.put(`/api/classes/${london!.schoolClass.id}/consent`, { pupilId: amara!.user.id, consent: false })
      expect(await titlesOn(nairobi!.pupils[0]!.client, board.id)).toEqual([])
    },
  )

  it.skipIf(Boolean(fixturesSkipReason))('a teacher’s own picture says who it shows as she posts it', async () => {
    const { link, sides } = await createLinkedClasses(server, { pupilsPerClass: 1 })
    const [london] = sides
    const teacher = london!.teacher.client
    const board = (await teacher.post<{ id: string }>(`/api/links/${link.id}/boards`, { title: 'Trips' })).body
    const media = await upload(teacher, link.id)
    const thread = { title: 'The farm', body: 'We went to the farm', mediaId: media.id }
    const unasked = await teacher.post<ErrorBody>(`/api/boards/${board.id}/threads`, thread)
    expect(unasked.status).toBe(400)
    const pupil = london!.pupils[0]!.user.id
    const refused = await teacher.post<ErrorBody>(`/api/boards/${board.id}/threads`, {
      ...thread,
      shownPupilIds: [pupil],
    })
    expect(refused.body.error.code).toBe('PHOTO_CONSENT_MISSING')
    expect((await teacher.post<Post>(`/api/boards/${board.id}/threads`, { ...thread, shownPupilIds: [] })).status).toBe(
      201,
    )
  })
})
