import { strFromU8, unzipSync } from 'fflate'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Board, Post } from '../../../shared/schemas/boards.js'
import type { Media } from '../../../shared/schemas/media.js'
import type { Portfolio } from '../../../shared/schemas/portfolio.js'
import type { WallItem } from '../../../shared/schemas/wall.js'
import { fixture, fixturesSkipReason, multipart } from '../../test/fixtures.js'
import { createLinkedClasses, type LinkedClasses } from '../../test/links.js'
import { startTestServer, type TestClient, type TestServer } from '../../test/server.js'
import type { LinkRecord } from '../linkRecord/linkRecord.service.js'

const upload = async (client: TestClient, linkId: string, file = 'photo-gps-rotated.jpg') => {
  const { body, contentType } = multipart(fixture(file), 'photo.jpg')
  return (await client.request<Media>('POST', `/api/links/${linkId}/media`, body, { 'content-type': contentType })).body
}
const fromDataUrl = (url: string) => Buffer.from(url.replace(/^data:image\/webp;base64,/, ''), 'base64')

describe.skipIf(Boolean(fixturesSkipReason))('pictures in exports follow photo consent and name no pupil', () => {
  let server: TestServer
  let linked: LinkedClasses
  beforeAll(async () => {
    server = await startTestServer()
    linked = await createLinkedClasses(server, { pupilsPerClass: 2 })
  })
  afterAll(() => server?.close())

  it('the link record and the portfolio carry a picture only while everyone in it has consent, metadata stripped', async () => {
    const [london, nairobi] = linked.sides
    const linkId = linked.link.id
    const teacher = london!.teacher.client
    const [amara] = london!.pupils
    const classId = london!.schoolClass.id
    await teacher.put(`/api/classes/${classId}/consent`, { pupilId: amara!.user.id, consent: true })
    // Amara's picture of herself, approved from the queue naming her; the photo carried GPS and EXIF.
    const amaraMedia = await upload(amara!.client, linkId)
    const amaraItem = (
      await amara!.client.post<WallItem>(`/api/links/${linkId}/wall`, {
        kind: 'picture',
        caption: 'Me at the gate',
        mediaId: amaraMedia.id,
      })
    ).body
    expect(
      (await teacher.post(`/api/moderation/wall_item/${amaraItem.id}/approve`, { shownPupilIds: [amara!.user.id] }))
        .status,
    ).toBe(204)
    // The teacher's own board picture, of nobody; and one from before anyone was asked who it shows.
    const board = (await teacher.post<Board>(`/api/links/${linkId}/boards`, { title: 'Our school' })).body
    const nobodyMedia = await upload(teacher, linkId, 'plain.jpg')
    const nobody = await teacher.post<Post>(`/api/boards/${board.id}/threads`, {
      title: 'The hall',
      body: 'Our hall',
      mediaId: nobodyMedia.id,
      shownPupilIds: [],
    })
    expect(nobody.status).toBe(201)
    const unaskedMedia = await upload(teacher, linkId, 'plain.jpg')
    await teacher.post<Post>(`/api/boards/${board.id}/threads`, {
      title: 'Old one',
      body: 'From last year',
      mediaId: unaskedMedia.id,
      shownPupilIds: [],
    })
    await server.storage.db
      .updateTable('media')
      .set({ shownConfirmedAt: null })
      .where('id', '=', unaskedMedia.id)
      .execute()

    const record = async (client: TestClient) => (await client.get<LinkRecord>(`/api/links/${linkId}/export`)).body
    const fromLondon = await record(teacher)
    const byMedia = new Map(fromLondon.pictures.map((p) => [p.mediaId, p]))
    expect(byMedia.get(amaraMedia.id)).toMatchObject({
      itemKind: 'wall_item',
      itemId: amaraItem.id,
      sharedBy: `a pupil in ${london!.schoolClass.name}`,
      included: true,
    })
    expect(byMedia.get(nobodyMedia.id)).toMatchObject({ itemKind: 'board_post', included: true })
    expect(byMedia.get(unaskedMedia.id)).toMatchObject({ included: false, dataUrl: null })
    // What leaves is the processed picture: no EXIF, GPS, ICC or XMP of the original photo.
    const bytes = fromDataUrl(byMedia.get(amaraMedia.id)!.dataUrl!)
    const meta = await sharp(bytes).metadata()
    expect(meta.format).toBe('webp')
    expect([meta.exif, meta.xmp, meta.iptc]).toEqual([undefined, undefined, undefined])
    expect(bytes.includes(Buffer.from('GPS'))).toBe(false)
    // The partner's record has her picture too (approved, with consent), and neither names her.
    const fromNairobi = await record(nairobi!.teacher.client)
    expect(fromNairobi.pictures.find((p) => p.mediaId === amaraMedia.id)?.included).toBe(true)

    const portfolio = (await teacher.get<Portfolio>('/api/portfolio')).body
    expect(portfolio.pictures.map((p) => p.mediaId).sort()).toEqual([amaraMedia.id, nobodyMedia.id].sort())
    const html = await (await fetch(`${server.url}/api/portfolio/page`, { headers: { cookie: teacher.cookie } })).text()
    expect(html).toContain(`alt="Shared by a pupil in ${london!.schoolClass.name}"`)
    expect(html.match(/<img src="data:image\/webp;base64,/g)).toHaveLength(2)
    const zip = unzipSync(
      new Uint8Array(
        await (await fetch(`${server.url}/api/portfolio/zip`, { headers: { cookie: teacher.cookie } })).arrayBuffer(),
      ),
    )
    expect(Object.keys(zip).filter((f) => f.startsWith('pictures'))).toEqual([
      'pictures/01.webp',
      'pictures/02.webp',
      'pictures.csv',
    ])
    for (const file of ['pictures/01.webp', 'pictures/02.webp'])
      expect((await sharp(Buffer.from(zip[file]!)).metadata()).exif).toBeUndefined()

    const names = linked.sides.flatMap((s) => s.pupils.map((p) => p.user.displayName))
    for (const text of [JSON.stringify(fromLondon), JSON.stringify(fromNairobi), JSON.stringify(portfolio), html])
      for (const name of names) expect(text).not.toContain(name)
    for (const file of Object.values(zip)) for (const name of names) expect(strFromU8(file)).not.toContain(name)

    // Consent taken back: her picture leaves every export at once.
    await teacher.put(`/api/classes/${classId}/consent`, { pupilId: amara!.user.id, consent: false })
    expect((await record(teacher)).pictures.find((p) => p.mediaId === amaraMedia.id)?.included ?? false).toBe(false)
    expect((await teacher.get<Portfolio>('/api/portfolio')).body.pictures.map((p) => p.mediaId)).toEqual([
      nobodyMedia.id,
    ])
  })
})
