import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ErrorBody } from '../../../shared/errors.js'
import type { Me } from '../../../shared/schemas/accounts.js'
import type { Board, Post } from '../../../shared/schemas/boards.js'
import type { Media } from '../../../shared/schemas/media.js'
import type { SchoolClass } from '../../../shared/schemas/schools.js'
import type { WallItem } from '../../../shared/schemas/wall.js'
import { testDialects } from '../../test/databases.js'
import { multipart } from '../../test/fixtures.js'
import { createLinkedClasses } from '../../test/links.js'
import { NAIROBI, registerTeacher } from '../../test/people.js'
import { startTestServer, type TestClient, type TestServer } from '../../test/server.js'

const meOf = async (client: TestClient) => (await client.get<Me>('/api/me')).body

describe.each(testDialects())('data saver on $name', (dialect) => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer({ storage: await dialect.open() })
  })
  afterAll(() => server?.close())

  it("is set by the class's teacher and reaches her pupils' /me, sign-in and class", async () => {
    const { sides } = await createLinkedClasses(server, { pupilsPerClass: 1 })
    const [london, nairobi] = sides
    const classId = london!.schoolClass.id
    const pupil = london!.pupils[0]!
    expect(london!.schoolClass.dataSaver).toBe(false)
    expect((await meOf(pupil.client)).dataSaver).toBe(false)
    expect((await meOf(london!.teacher.client)).dataSaver).toBe(false)

    const on = await london!.teacher.client.patch<SchoolClass>(`/api/classes/${classId}`, { dataSaver: true })
    expect(on.status).toBe(200)
    // Only the setting changes.
    expect(on.body).toEqual({ ...london!.schoolClass, pupilCount: 1, dataSaver: true })
    expect((await pupil.client.get<SchoolClass>(`/api/classes/${classId}`)).body.dataSaver).toBe(true)
    expect((await meOf(pupil.client)).dataSaver).toBe(true)
    // Her teacher's computer is on the same line, and she opens the class's assemblies.
    expect((await meOf(london!.teacher.client)).dataSaver).toBe(true)
    // The partner class keeps its own setting.
    expect((await meOf(nairobi!.pupils[0]!.client)).dataSaver).toBe(false)
    expect((await meOf(nairobi!.teacher.client)).dataSaver).toBe(false)

    const again = await pupil.client.post<Me>('/api/auth/pupil-sign-in', {
      classCode: london!.schoolClass.code,
      personalCode: pupil.pupil.personalCode,
    })
    expect(again.body.dataSaver).toBe(true)

    const off = await london!.teacher.client.patch<SchoolClass>(`/api/classes/${classId}`, { dataSaver: false })
    expect(off.body.dataSaver).toBe(false)
    expect((await meOf(pupil.client)).dataSaver).toBe(false)
  })

  it('refuses everyone else, and a value that is not true or false', async () => {
    const { sides } = await createLinkedClasses(server, { pupilsPerClass: 1 })
    const [london, nairobi] = sides
    const path = `/api/classes/${london!.schoolClass.id}`
    const otherSchool = await nairobi!.teacher.client.patch<ErrorBody>(path, { dataSaver: true })
    expect(otherSchool.status).toBe(404)
    const pupil = await london!.pupils[0]!.client.patch<ErrorBody>(path, { dataSaver: true })
    expect(pupil.status).toBe(403)
    const stranger = await registerTeacher(server.url, NAIROBI)
    expect((await stranger.client.patch<ErrorBody>(path, { dataSaver: true })).status).toBe(404)
    const garbled = await london!.teacher.client.patch<ErrorBody>(path, { dataSaver: 'yes' })
    expect(garbled.status).toBe(400)
    expect(garbled.body.error.code).toBe('INVALID_PAYLOAD')
    expect((await london!.teacher.client.get<SchoolClass>(path)).body.dataSaver).toBe(false)
    expect((await meOf(london!.pupils[0]!.client)).dataSaver).toBe(false)
  })

  it("tells readers a picture's size before it loads, on the wall and on boards", async () => {
    const { link, sides } = await createLinkedClasses(server, { pupilsPerClass: 0 })
    const teacher = sides[0]!.teacher.client
    const png = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#3a7' } })
      .png()
      .toBuffer()
    const upload = async () => {
      const { body, contentType } = multipart(png, 'garden.png', 'image/png')
      return (
        await teacher.request<Media>('POST', `/api/links/${link.id}/media`, body, { 'content-type': contentType })
      ).body
    }
    const media = await upload()
    const expected = { id: media.id, width: 800, height: 600, bytes: media.bytes }
    const item = await teacher.post<WallItem>(`/api/links/${link.id}/wall`, {
      kind: 'picture',
      caption: 'Our garden',
      mediaId: media.id,
      shownPupilIds: [],
    })
    expect(item.body.media).toEqual(expected)
    const wall = (await sides[1]!.teacher.client.get<{ items: WallItem[] }>(`/api/links/${link.id}/wall`)).body
    expect(wall.items.find((i) => i.id === item.body.id)?.media).toEqual(expected)
    const letter = await teacher.post<WallItem>(`/api/links/${link.id}/wall`, { kind: 'letter', body: 'Hello' })
    expect(letter.body.media).toBeNull()

    const board = (await teacher.post<Board>(`/api/links/${link.id}/boards`, { title: 'Gardens' })).body
    const boardMedia = await upload()
    const thread = await teacher.post<Post>(`/api/boards/${board.id}/threads`, {
      title: 'Ours',
      body: 'Look',
      mediaId: boardMedia.id,
      shownPupilIds: [],
    })
    expect(thread.status).toBe(201)
    expect(thread.body.media).toEqual({ id: boardMedia.id, width: 800, height: 600, bytes: boardMedia.bytes })
  })
})
