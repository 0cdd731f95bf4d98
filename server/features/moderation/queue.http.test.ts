import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ErrorBody } from '../../../shared/errors.js'
import type { Media } from '../../../shared/schemas/media.js'
import type { ApproveManyResult, QueuePage } from '../../../shared/schemas/moderation.js'
import type { Round, WallItem } from '../../../shared/schemas/wall.js'
import { fixture, fixturesSkipReason, multipart } from '../../test/fixtures.js'
import { testDialects } from '../../test/databases.js'
import { createLinkedClasses } from '../../test/links.js'
import { startTestServer, type TestServer } from '../../test/server.js'

const soon = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString()

describe.each(testDialects())('a queue a teacher can finish on $name', (dialect) => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer({ storage: await dialect.open() })
  })
  afterAll(() => server?.close())

  it.skipIf(Boolean(fixturesSkipReason))(
    'shows each item whole, the picture with each pupil’s consent, and approves a round’s letters at once',
    async () => {
      const { link, sides } = await createLinkedClasses(server, { pupilsPerClass: 2 })
      const [london, nairobi] = sides
      const [amara, ben] = london!.pupils
      const teacher = london!.teacher.client
      const round = (
        await teacher.post<Round>(`/api/links/${link.id}/rounds`, {
          theme: 'Where we live',
          deadline: soon(60),
          releaseAt: soon(120),
        })
      ).body
      const long = `We live by the river. ${'It is very long. '.repeat(20)}The end.`
      const letter = (await amara!.client.post<WallItem>(`/api/links/${link.id}/wall`, { kind: 'letter', body: long }))
        .body
      const second = (
        await ben!.client.post<WallItem>(`/api/links/${link.id}/wall`, { kind: 'letter', body: 'Hello from Ben' })
      ).body
      const { body, contentType } = multipart(fixture('plain.jpg'), 'us.jpg')
      const media = (
        await amara!.client.request<Media>('POST', `/api/links/${link.id}/media`, body, { 'content-type': contentType })
      ).body
      const picture = (
        await amara!.client.post<WallItem>(`/api/links/${link.id}/wall`, {
          kind: 'picture',
          caption: 'Our garden',
          mediaId: media.id,
        })
      ).body
      await teacher.put(`/api/classes/${london!.schoolClass.id}/consent`, { pupilId: amara!.user.id, consent: true })

      const queue = (await teacher.get<QueuePage>('/api/moderation/queue')).body.items
      const byId = new Map(queue.map((q) => [q.itemId, q]))
      expect(byId.get(letter.id)?.excerpt.length).toBeLessThan(long.length)
      expect(byId.get(letter.id)?.detail).toEqual({
        heading: null,
        body: long,
        picture: null,
        video: false,
        roundId: round.id,
        shownCandidates: [],
      })
      expect(byId.get(picture.id)?.detail).toMatchObject({
        heading: 'Our garden',
        picture: { id: media.id },
        roundId: round.id,
      })
      expect(byId.get(picture.id)?.detail?.shownCandidates).toEqual(
        expect.arrayContaining([
          { pupilId: amara!.user.id, name: amara!.pupil.displayName, consent: true },
          { pupilId: ben!.user.id, name: ben!.pupil.displayName, consent: false },
        ]),
      )
      // The partner school's teacher has nothing of London's in her queue.
      expect((await nairobi!.teacher.client.get<QueuePage>('/api/moderation/queue')).body.items).toEqual([])

      // Bulk approval: the letters go; the picture is refused because nobody said who it shows.
      const items = [letter, second, picture].map((i) => ({ kind: 'wall_item' as const, itemId: i.id }))
      const result = await teacher.post<ApproveManyResult>('/api/moderation/approve-many', { items })
      expect(result.status).toBe(200)
      expect(result.body.approved.sort()).toEqual([letter.id, second.id].sort())
      expect(result.body.refused).toEqual([expect.objectContaining({ itemId: picture.id, code: 'INVALID_PAYLOAD' })])
      expect((await teacher.get<QueuePage>('/api/moderation/queue')).body.items.map((q) => q.itemId)).toEqual([
        picture.id,
      ])

      // A partner teacher cannot approve London's items in bulk, and pupils cannot use it at all.
      const partner = await nairobi!.teacher.client.post<ApproveManyResult>('/api/moderation/approve-many', {
        items: [{ kind: 'wall_item', itemId: picture.id }],
      })
      expect(partner.body.approved).toEqual([])
      expect((await amara!.client.post<ErrorBody>('/api/moderation/approve-many', { items })).status).toBe(403)
      expect((await teacher.post<ErrorBody>('/api/moderation/approve-many', { items: [] })).status).toBe(400)
    },
  )
})
