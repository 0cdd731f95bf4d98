import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { VideoSettings } from '../../../shared/schemas/video.js'
import { fixture, fixturesSkipReason } from '../../test/fixtures.js'
import { createLinkedClasses, type LinkedClasses } from '../../test/links.js'
import { startTestServer, type TestServer } from '../../test/server.js'
import { uploadVideo } from './videoTestKit.js'

describe.skipIf(Boolean(fixturesSkipReason))('a server without ffmpeg', () => {
  let server: TestServer
  let linked: LinkedClasses
  beforeAll(async () => {
    server = await startTestServer({
      env: { FFMPEG_PATH: '/nonexistent/ffmpeg', FFPROBE_PATH: '/nonexistent/ffprobe' },
    })
    linked = await createLinkedClasses(server, { pupilsPerClass: 1 })
  })
  afterAll(() => server?.close())

  it('switches video off with its own error code and message, and everything else works', async () => {
    const teacher = linked.sides[0]!.teacher.client
    const res = await uploadVideo(teacher, linked.link.id, fixture('video-gps-rotated.mp4'))
    expect(res.status).toBe(503)
    expect(res.body.error.code).toBe('VIDEO_UNAVAILABLE')
    expect(res.body.error.message).toMatch(/ffmpeg/)
    expect((await server.storage.db.selectFrom('media').select('id').execute()).length).toBe(0)
    const settings = await teacher.get<VideoSettings>(`/api/links/${linked.link.id}/video-settings`)
    expect(settings.body).toMatchObject({ available: false, maxSeconds: 120 })
    const letter = await teacher.post(`/api/links/${linked.link.id}/wall`, { kind: 'letter', body: 'Hello Nairobi' })
    expect(letter.status).toBe(201)
    expect((await linked.sides[1]!.pupils[0]!.client.get(`/api/links/${linked.link.id}/wall`)).status).toBe(200)
  })
})
