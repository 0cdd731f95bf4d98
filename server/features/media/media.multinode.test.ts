import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import type { Board } from '../../../shared/schemas/boards.js'
import type { Media } from '../../../shared/schemas/media.js'
import { multipart } from '../../test/fixtures.js'
import { createLinkedClasses } from '../../test/links.js'
import { multiNodeSkipReason, startNodes } from '../../test/nodes.js'
import { TestClient } from '../../test/server.js'

if (multiNodeSkipReason) console.warn(multiNodeSkipReason)

describe.skipIf(Boolean(multiNodeSkipReason))('pictures across two server nodes, each with its own disk', () => {
  it('a picture uploaded through one node is served by the other, still only to those who may see it', async () => {
    const { nodes, close } = await startNodes(2)
    try {
      const [nodeA, nodeB] = nodes
      const linked = await createLinkedClasses(nodeA!, { pupilsPerClass: 1 })
      const [london, nairobi] = linked.sides
      const teacher = london!.teacher.client
      const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 80, b: 40 } } })
        .png()
        .toBuffer()
      const { body, contentType } = multipart(png, 'kite.png', 'image/png')
      const uploaded = await teacher.request<Media>('POST', `/api/links/${linked.link.id}/media`, body, {
        'content-type': contentType,
      })
      expect(uploaded.status).toBe(201)

      const onB = (client: TestClient) => Object.assign(new TestClient(nodeB!.url), { cookie: client.cookie })
      const fetchOnB = (client: TestClient, size = 'display') =>
        fetch(`${nodeB!.url}/api/media/${uploaded.body.id}?size=${size}`, { headers: { cookie: onB(client).cookie } })
      // Not attached yet: the partner pupil is refused on the other node too.
      expect((await fetchOnB(nairobi!.pupils[0]!.client)).status).toBe(404)
      const board = (await teacher.post<Board>(`/api/links/${linked.link.id}/boards`, { title: 'Kites' })).body
      expect(
        (
          await teacher.post(`/api/boards/${board.id}/threads`, {
            title: 'Our kite',
            body: 'Look!',
            mediaId: uploaded.body.id,
            shownPupilIds: [],
          })
        ).status,
      ).toBe(201)

      for (const size of ['display', 'thumb']) {
        const res = await fetchOnB(nairobi!.pupils[0]!.client, size)
        expect(res.status).toBe(200)
        expect(res.headers.get('content-type')).toBe('image/webp')
        expect((await sharp(Buffer.from(await res.arrayBuffer())).metadata()).format).toBe('webp')
      }
    } finally {
      await close()
    }
  })
})
