import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import exifr from 'exifr'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ErrorBody } from '../../../shared/errors.js'
import type { Media } from '../../../shared/schemas/media.js'
import type { Post, ThreadView } from '../../../shared/schemas/boards.js'
import { fixture, fixturesSkipReason, multipart } from '../../test/fixtures.js'
import { createLinkedClasses, type LinkedClasses } from '../../test/links.js'
import { startTestServer, type TestClient, type TestServer } from '../../test/server.js'

if (fixturesSkipReason) console.warn(fixturesSkipReason)

describe.skipIf(Boolean(fixturesSkipReason))('the picture pipeline', () => {
  let server: TestServer
  let mediaDir: string
  let linked: LinkedClasses
  let pupil: TestClient
  beforeAll(async () => {
    // A dotted folder, like the default .data, which Express's static sending refuses unless allowed.
    mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), '.bridges-media-'))
    server = await startTestServer({ env: { MEDIA_DIR: mediaDir } })
    linked = await createLinkedClasses(server, { pupilsPerClass: 1 })
    pupil = linked.sides[0]!.pupils[0]!.client
  })
  afterAll(async () => {
    await server?.close()
    fs.rmSync(mediaDir, { recursive: true, force: true })
  })

  const upload = (client: TestClient, file: Buffer, name: string) => {
    const { body, contentType } = multipart(file, name)
    return client.request<Media & ErrorBody>('POST', `/api/links/${linked.link.id}/media`, body, {
      'content-type': contentType,
    })
  }
  const served = async (client: TestClient, id: string, size = 'display') => {
    const res = await fetch(`${server.url}/api/media/${id}?size=${size}`, { headers: { cookie: client.cookie } })
    return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) }
  }
  const stored = async () => ({
    files: fs.readdirSync(mediaDir).length,
    rows: Number(
      (
        await server.storage.db
          .selectFrom('media')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
  })

  it('serves an upright picture with no EXIF, GPS or other metadata, only to members of the link', async () => {
    const teacher = linked.sides[0]!.teacher.client
    const res = await upload(teacher, fixture('photo-gps-rotated.jpg'), 'holiday.jpg')
    expect(res.status).toBe(201)
    const partner = linked.sides[1]!.pupils[0]!.client
    // Not attached to anything yet: only its uploader's school.
    expect((await served(partner, res.body.id)).status).toBe(404)
    const board = (await teacher.post<{ id: string }>(`/api/links/${linked.link.id}/boards`, { title: 'Holidays' }))
      .body
    expect(
      (
        await teacher.post(`/api/boards/${board.id}/threads`, {
          title: 'Our trip',
          body: 'Look!',
          mediaId: res.body.id,
          shownPupilIds: [],
        })
      ).status,
    ).toBe(201)
    const picture = await served(partner, res.body.id)
    expect(picture.status).toBe(200)
    expect(picture.headers.get('content-type')).toBe('image/webp')
    expect(picture.headers.get('cache-control')).toContain('private')
    const meta = await sharp(picture.bytes).metadata()
    expect(meta.format).toBe('webp')
    // Stored landscape with orientation 6: shown portrait.
    expect(meta.height).toBeGreaterThan(meta.width ?? 0)
    expect(meta.exif).toBeUndefined()
    expect(meta.xmp).toBeUndefined()
    expect(meta.iptc).toBeUndefined()
    expect(
      await exifr.parse(picture.bytes, { gps: true, tiff: true, xmp: true, iptc: true }).catch(() => undefined),
    ).toBeUndefined()
    // The red block stored top-left ends up top-right once rotated clockwise.
    const { data, info } = await sharp(picture.bytes).raw().toBuffer({ resolveWithObject: true })
    const pixel = (x: number, y: number) =>
      Array.from(data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3))
    const [r, g, b] = pixel(info.width - 5, 5)
    expect(r).toBeGreaterThan(180)
    expect(g! + b!).toBeLessThan(150)
    expect((await served(partner, res.body.id, 'thumb')).status).toBe(200)

    const outsider = (await createLinkedClasses(server, { pupilsPerClass: 1 })).sides[0]!.pupils[0]!.client
    expect((await served(outsider, res.body.id)).status).toBe(404)
    expect((await fetch(`${server.url}/api/media/${res.body.id}`)).status).toBe(401)
  })

  it('decides the type from the bytes and drops PNG text chunks', async () => {
    const png = await upload(pupil, fixture('png-named-as.jpg'), 'drawing.jpg')
    expect(png.status).toBe(201)
    const drawing = await upload(pupil, fixture('drawing.png'), 'drawing.png')
    const bytes = (await served(pupil, drawing.body.id)).bytes
    expect((await sharp(bytes).metadata()).comments).toBeUndefined()
    expect(bytes.includes(Buffer.from('Author'))).toBe(false)
  })

  it.each([
    ['not-an-image.jpg', 415],
    ['truncated.jpg', 415],
    ['pixel-bomb.png', 415],
  ])('refuses %s with %i and stores nothing', async (name, status) => {
    const before = await stored()
    const res = await upload(pupil, fixture(name), name)
    expect(res.status).toBe(status)
    expect(res.body.error.code).toBe('UNSUPPORTED_MEDIA')
    expect(await stored()).toEqual(before)
  })

  it('refuses a 20 MB upload with 413 and stores nothing', async () => {
    const before = await stored()
    const res = await upload(pupil, Buffer.alloc(20 * 1024 * 1024, 7), 'huge.jpg')
    expect(res.status).toBe(413)
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE')
    expect(await stored()).toEqual(before)
  })

  it('attaches a picture to a board post, but never someone else’s', async () => {
    const teacher = linked.sides[0]!.teacher.client
    const board = (
      await teacher.post<{ id: string }>(`/api/links/${linked.link.id}/boards`, { title: 'Where we live' })
    ).body
    const picture = (await upload(pupil, fixture('plain.jpg'), 'school.jpg')).body
    const post = await pupil.post<Post>(`/api/boards/${board.id}/threads`, {
      title: 'Our school',
      body: 'Look!',
      mediaId: picture.id,
    })
    expect(post.body.mediaId).toBe(picture.id)
    expect((await teacher.get<ThreadView>(`/api/threads/${post.body.id}`)).body.thread.mediaId).toBe(picture.id)
    const stolen = await teacher.post<ErrorBody>(`/api/boards/${board.id}/threads`, {
      title: 'Mine',
      body: 'x',
      mediaId: picture.id,
    })
    expect(stolen.status).toBe(400)
  })
})
