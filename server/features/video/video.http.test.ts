import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ErrorBody } from '../../../shared/errors.js'
import type { Video } from '../../../shared/schemas/video.js'
import type { WallItem } from '../../../shared/schemas/wall.js'
import { fixture, fixturesSkipReason } from '../../test/fixtures.js'
import { createLinkedClasses, type LinkedClasses } from '../../test/links.js'
import { startTestServer, type TestServer } from '../../test/server.js'
import { fetchVideo, ffmpegSkipReason, makeClip, probeBytes, settled, uploadVideo } from './videoTestKit.js'

const skip = fixturesSkipReason ?? ffmpegSkipReason
if (skip) console.warn(skip)

/** The structural fields every MP4 has (ftyp brands, track handler and language): nothing anyone wrote. */
const STRUCTURAL_FORMAT_TAGS = ['major_brand', 'minor_version', 'compatible_brands']
const STRUCTURAL_STREAM_TAGS = ['language', 'handler_name', 'vendor_id', 'encoder']

describe.skipIf(Boolean(skip))('video postcards over HTTP', () => {
  let server: TestServer
  let mediaDir: string
  let linked: LinkedClasses

  beforeAll(async () => {
    mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), '.bridges-video-'))
    server = await startTestServer({ env: { MEDIA_DIR: mediaDir } })
    linked = await createLinkedClasses(server, { pupilsPerClass: 1 })
  })
  afterAll(async () => {
    await server?.close()
    fs.rmSync(mediaDir, { recursive: true, force: true })
  })

  const stored = async () => ({
    files: fs.readdirSync(mediaDir).length,
    media: (await server.storage.db.selectFrom('media').select('id').execute()).length,
    videos: (await server.storage.db.selectFrom('videos').select('mediaId').execute()).length,
  })

  it.each(['not-a-video.mp4', 'truncated.mp4'])('refuses %s clearly and stores nothing', async (name) => {
    const before = await stored()
    const res = await uploadVideo(linked.sides[0]!.teacher.client, linked.link.id, fixture(name), name)
    expect(res.status).toBe(415)
    expect(res.body.error.code).toBe('UNSUPPORTED_MEDIA')
    expect(res.body.error.message).toMatch(/not a video/)
    expect(await stored()).toEqual(before)
  })

  it('turns the GPS-tagged, rotated phone video upright, with no tag naming anyone and a clean poster', async () => {
    const teacher = linked.sides[0]!.teacher.client
    const res = await uploadVideo(teacher, linked.link.id, fixture('video-gps-rotated.mp4'))
    expect(res.status).toBe(201)
    expect(res.body.height).toBeGreaterThan(res.body.width)
    expect((await settled(teacher, res.body.id)).status).toBe('ready')
    const served = await fetchVideo(server, teacher, res.body.id)
    expect(served.status).toBe(200)
    expect(served.headers.get('content-type')).toBe('video/mp4')
    const probed = probeBytes(served.bytes)
    const video = probed.streams.find((s) => s.codec_type === 'video')!
    expect(video.codec_name).toBe('h264')
    expect(probed.streams.find((s) => s.codec_type === 'audio')?.codec_name).toBe('aac')
    // Portrait pixels, and no display rotation left for a player to misapply.
    expect(video.height).toBeGreaterThan(video.width!)
    expect(video.side_data_list ?? []).toEqual([])
    expect(Object.keys(probed.format.tags ?? {}).filter((k) => !STRUCTURAL_FORMAT_TAGS.includes(k))).toEqual([])
    for (const stream of probed.streams) {
      expect(Object.keys(stream.tags ?? {}).filter((k) => !STRUCTURAL_STREAM_TAGS.includes(k))).toEqual([])
      expect(stream.tags?.language ?? 'und').toBe('und')
    }
    for (const text of ['Amara', 'Elm Road', '51.5074', '2026-11-20', "St Mary's", 'Lavf'])
      expect(served.bytes.includes(Buffer.from(text))).toBe(false)
    const poster = await fetch(`${server.url}/api/media/${res.body.id}`, { headers: { cookie: teacher.cookie } })
    const posterMeta = await sharp(Buffer.from(await poster.arrayBuffer())).metadata()
    expect(posterMeta.format).toBe('webp')
    expect(posterMeta.height).toBeGreaterThan(posterMeta.width ?? 0)
    expect(posterMeta.exif).toBeUndefined()
    expect(posterMeta.xmp).toBeUndefined()
    // The upload itself is gone once transcoded: only the clean file and poster are kept.
    expect(
      fs
        .readdirSync(mediaDir)
        .filter((f) => f.startsWith(res.body.id))
        .sort(),
    ).toEqual([`${res.body.id}-thumb.webp`, `${res.body.id}.mp4`, `${res.body.id}.webp`].sort())
  })

  it('shows a pupil’s video to the partner only once approved with who is shown, with range requests and captions', async () => {
    const [london, nairobi] = linked.sides
    const pupil = london!.pupils[0]!
    const teacher = london!.teacher.client
    const partner = nairobi!.pupils[0]!.client
    const clip = fixture('video-gps-rotated.mp4')
    const refused = await uploadVideo(pupil.client, linked.link.id, clip)
    expect(refused.status).toBe(403)
    expect(refused.body.error.code).toBe('VIDEO_NOT_ALLOWED')
    const settings = await teacher.patch(`/api/classes/${london!.schoolClass.id}/video-settings`, {
      pupilsMayRecord: true,
    })
    expect(settings.status).toBe(200)
    const uploaded = await uploadVideo(pupil.client, linked.link.id, clip)
    expect(uploaded.status).toBe(201)
    const id = uploaded.body.id
    const item = await pupil.client.post<WallItem>(`/api/links/${linked.link.id}/wall`, {
      kind: 'video',
      mediaId: id,
      caption: 'Our school',
    })
    expect(item.status).toBe(201)
    expect(item.body.status).toBe('held')
    expect((await settled(pupil.client, id)).status).toBe('ready')
    expect((await fetchVideo(server, partner, id)).status).toBe(404)
    expect((await partner.get(`/api/videos/${id}`)).status).toBe(404)
    const badVtt = await teacher.put<ErrorBody>(`/api/videos/${id}/captions/sw`, { vtt: 'hello' })
    expect(badVtt.status).toBe(400)
    const notLinkLanguage = await teacher.put<ErrorBody>(`/api/videos/${id}/captions/fr`, {
      vtt: 'WEBVTT\n\n00:00.000 --> 00:02.000\nBonjour',
    })
    expect(notLinkLanguage.status).toBe(400)
    const vtt = 'WEBVTT\n\n00:00.000 --> 00:02.500\nHabari kutoka London!'
    expect((await teacher.put<Video>(`/api/videos/${id}/captions/sw`, { vtt })).body.captions).toHaveLength(1)
    // Approval needs who is shown, and their photo consent.
    const approve = (body: object) => teacher.post<ErrorBody>(`/api/moderation/wall_item/${item.body.id}/approve`, body)
    expect((await approve({})).status).toBe(400)
    expect((await approve({ shownPupilIds: [pupil.user.id] })).body.error.code).toBe('PHOTO_CONSENT_MISSING')
    await teacher.put(`/api/classes/${london!.schoolClass.id}/consent`, { pupilId: pupil.user.id, consent: true })
    expect((await approve({ shownPupilIds: [pupil.user.id] })).status).toBe(204)
    const whole = await fetchVideo(server, partner, id)
    expect(whole.status).toBe(200)
    expect(whole.headers.get('accept-ranges')).toBe('bytes')
    expect(whole.headers.get('cache-control')).toContain('private')
    const part = await fetchVideo(server, partner, id, 'bytes=100-299')
    expect(part.status).toBe(206)
    expect(part.headers.get('content-range')).toBe(`bytes 100-299/${whole.bytes.length}`)
    expect(part.bytes).toEqual(whole.bytes.subarray(100, 300))
    expect((await fetchVideo(server, partner, id, `bytes=${whole.bytes.length + 10}-`)).status).toBe(416)
    const captions = await fetch(`${server.url}/api/videos/${id}/captions/sw`, { headers: { cookie: partner.cookie } })
    expect(captions.headers.get('content-type')).toContain('text/vtt')
    expect(await captions.text()).toBe(vtt)
    const outsider = (await createLinkedClasses(server, { pupilsPerClass: 1 })).sides[0]!.pupils[0]!.client
    expect((await fetchVideo(server, outsider, id)).status).toBe(404)
    expect((await fetch(`${server.url}/api/videos/${id}/file`)).status).toBe(401)
    // Consent taken back: the video leaves the partner school at once.
    await teacher.put(`/api/classes/${london!.schoolClass.id}/consent`, { pupilId: pupil.user.id, consent: false })
    expect((await fetchVideo(server, partner, id)).status).toBe(404)
  })

  it('refuses a video longer than the school allows, storing nothing', async () => {
    const [london] = linked.sides
    const teacher = london!.teacher.client
    await teacher.patch(`/api/classes/${london!.schoolClass.id}/video-settings`, { maxSeconds: 10 })
    const before = await stored()
    const res = await uploadVideo(teacher, linked.link.id, makeClip(12))
    expect(res.status).toBe(422)
    expect(res.body.error.code).toBe('VIDEO_TOO_LONG')
    expect(await stored()).toEqual(before)
    await teacher.patch(`/api/classes/${london!.schoolClass.id}/video-settings`, { maxSeconds: 120 })
  })
})
