import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ErrorBody } from '../../../shared/errors.js'
import type { PaperContext, PaperFiled, PaperSummary, PaperUpload, ReplySheets } from '../../../shared/schemas/paper.js'
import type { Round, WallItem } from '../../../shared/schemas/wall.js'
import { fixture, fixturesSkipReason } from '../../test/fixtures.js'
import { createLinkedClasses, type LinkedClasses } from '../../test/links.js'
import { startTestServer, type TestClient, type TestServer } from '../../test/server.js'
import { multipartFiles, scannedPdf } from './paperTestKit.js'
import { sheetCode } from './sheets.js'

const soon = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString()
const jpeg = (name: string) => ({ bytes: fixture(name), name, type: 'image/jpeg' })

// Pictures processed one by one on a machine shared with other work: more than the default few seconds.
describe.skipIf(fixturesSkipReason)('letters on paper', { timeout: 90_000 }, () => {
  let server: TestServer
  let mediaDir: string
  let linked: LinkedClasses
  beforeAll(async () => {
    mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), '.bridges-paper-'))
    server = await startTestServer({
      env: { MEDIA_DIR: mediaDir, WALL_RELEASE_CHECK_MS: '100000', BOARD_POSTS_PER_MINUTE: '200' },
    })
    linked = await createLinkedClasses(server, { pupilsPerClass: 3 })
    const [london, nairobi] = linked.sides
    const groups = [0, 1, 2].map((i) => [london!.pupils[i]!.user.id, nairobi!.pupils[i]!.user.id])
    expect((await london!.teacher.client.put(`/api/links/${linked.link.id}/penpals`, { groups })).status).toBe(200)
  })
  afterAll(async () => {
    await server?.close()
    fs.rmSync(mediaDir, { recursive: true, force: true })
  })

  const upload = (client: TestClient, files: { bytes: Buffer; name: string; type: string }[]) => {
    const { body, contentType } = multipartFiles(files)
    return client.request<PaperUpload & ErrorBody>('POST', `/api/links/${linked.link.id}/paper/uploads`, body, {
      'content-type': contentType,
    })
  }
  const picture = (client: TestClient, mediaId: string) =>
    fetch(`${server.url}/api/media/${mediaId}`, { headers: { cookie: client.cookie } })
  const stored = async () => ({
    media: (await server.storage.db.selectFrom('media').select('id').execute()).length,
    pages: (await server.storage.db.selectFrom('paperPages').select('mediaId').execute()).length,
    files: fs.existsSync(mediaDir) ? fs.readdirSync(mediaDir).length : 0,
  })
  const wallOf = async (client: TestClient) =>
    (await client.get<{ items: WallItem[] }>(`/api/links/${linked.link.id}/wall`)).body.items

  it('splits a stack of photos and a scanned PDF into pages, straightened and with no metadata left', async () => {
    const teacher = linked.sides[0]!.teacher.client
    const res = await upload(teacher, [
      jpeg('photo-gps-rotated.jpg'),
      jpeg('plain.jpg'),
      { bytes: fixture('drawing.png'), name: 'drawing.png', type: 'image/png' },
      { bytes: await scannedPdf(2), name: 'scan.pdf', type: 'application/pdf' },
    ])
    expect(res.status).toBe(201)
    expect(res.body.pages.map((p) => p.position)).toEqual([0, 1, 2, 3, 4])
    for (const page of res.body.pages) {
      const bytes = Buffer.from(await (await picture(teacher, page.mediaId)).arrayBuffer())
      const meta = await sharp(bytes).metadata()
      expect(meta.exif).toBeUndefined()
      expect(meta.xmp).toBeUndefined()
      expect(meta.iptc).toBeUndefined()
      expect(meta.comments).toBeUndefined()
      expect(bytes.includes('51.5074')).toBe(false)
    }
    const [rotated, , , scanned] = res.body.pages
    // EXIF orientation 6: stored landscape, served upright (portrait).
    expect(rotated!.picture.height).toBeGreaterThan(rotated!.picture.width)
    // The white margin around the scanned sheet is cropped away: the page is the sheet's shape (3:4), not A4's.
    expect(scanned!.picture.width / scanned!.picture.height).toBeCloseTo(600 / 800, 1)
    // The partner school's teacher cannot read the upload, nor see its pages.
    const partner = linked.sides[1]!.teacher.client
    expect((await partner.get(`/api/links/${linked.link.id}/paper/uploads/${res.body.uploadId}`)).status).toBe(404)
    expect((await picture(partner, rotated!.mediaId)).status).toBe(404)
  })

  it('files pages as pupils’ letters to their pen pals, shown to the partners only after release', async () => {
    const [london, nairobi] = linked.sides
    const teacher = london!.teacher.client
    const round = (
      await teacher.post<Round>(`/api/links/${linked.link.id}/rounds`, {
        theme: 'Our families',
        deadline: soon(60),
        releaseAt: soon(120),
      })
    ).body
    const sent = (await upload(teacher, [jpeg('plain.jpg'), jpeg('plain.jpg'), jpeg('plain.jpg'), jpeg('plain.jpg')]))
      .body
    const pages = sent.pages
    const context = (await teacher.get<PaperContext>(`/api/links/${linked.link.id}/paper/context`)).body
    expect(context.round?.id).toBe(round.id)
    const [l1, l2] = london!.pupils.map((p) => p.user.id)
    const [n1, n2] = nairobi!.pupils.map((p) => p.user.id)
    const ids = pages.map((p) => p.mediaId)
    expect(context.pupils.find((p) => p.pupilId === l1)?.penPals).toEqual([
      { pupilId: n1, name: 'Nairobi pupil 1', code: sheetCode(linked.link.id, l1!, n1!) },
    ])
    const filed = await teacher.post<PaperFiled>(`/api/links/${linked.link.id}/paper/letters`, {
      uploadId: sent.uploadId,
      approve: true,
      letters: [
        {
          pageIds: [ids[0]],
          pupilId: l1,
          penPalId: n1,
          text: 'I have two sisters. Do you have a dog?',
          shownPupilIds: [],
        },
        { pageIds: [ids[1], ids[2]], pupilId: l2, penPalId: n2, shownPupilIds: [] },
        { pageIds: [ids[3]], pupilId: l1, penPalId: null, shownPupilIds: [] },
      ],
    })
    expect(filed.status).toBe(201)
    expect(filed.body.letters.map((l) => l.status)).toEqual(['published', 'published', 'published'])
    expect(filed.body.refused).toEqual([])
    // A page is filed once.
    const again = await teacher.post<ErrorBody>(`/api/links/${linked.link.id}/paper/letters`, {
      uploadId: sent.uploadId,
      letters: [{ pageIds: [ids[0]], pupilId: l1, penPalId: n1, shownPupilIds: [] }],
    })
    expect([again.status, again.body.error.code]).toEqual([409, 'PAGE_NOT_AVAILABLE'])

    const reader1 = nairobi!.pupils[0]!.client
    const reader2 = nairobi!.pupils[1]!.client
    // Before release: nothing of it reaches the partner school, text or pictures.
    expect((await wallOf(reader1)).filter((i) => i.roundId === round.id)).toEqual([])
    expect((await picture(nairobi!.teacher.client, ids[2]!)).status).toBe(404)
    // The writer sees her own letter with its pages.
    expect(
      (await wallOf(london!.pupils[1]!.client)).find((i) => i.id === filed.body.letters[1]!.itemId)?.pages,
    ).toHaveLength(2)

    for (const side of [london!, nairobi!])
      expect((await side.teacher.client.post(`/api/rounds/${round.id}/early-release`)).status).toBe(200)
    const toReader1 = (await wallOf(reader1)).filter((i) => i.roundId === round.id)
    expect(toReader1.map((i) => i.authorId).sort()).toEqual([l1, l1])
    const toReader2 = (await wallOf(reader2)).filter((i) => i.roundId === round.id)
    const twoPages = toReader2.find((i) => i.authorId === l2)
    expect(twoPages?.pages?.map((p) => p.id)).toEqual([ids[1], ids[2]])
    expect((await picture(reader2, ids[2]!)).status).toBe(200)
    // A letter to one pen pal: the other partner pupils see neither it nor its pages.
    expect((await picture(reader1, ids[2]!)).status).toBe(404)

    const summary = (await nairobi!.teacher.client.get<PaperSummary>(`/api/links/${linked.link.id}/paper/summary`)).body
    const counts = summary.rounds.find((r) => r.roundId === round.id)?.classes
    expect(counts?.find((c) => c.classId === london!.schoolClass.id)).toMatchObject({ paper: 3, online: 0 })

    const sheets = (await nairobi!.teacher.client.get<ReplySheets>(`/api/rounds/${round.id}/paper/sheets`)).body.sheets
    const sheet = sheets.find((s) => s.pupilId === n1)
    expect(sheet).toMatchObject({
      penPalId: l1,
      code: sheetCode(linked.link.id, n1!, l1!),
      question: 'Do you have a dog?',
    })
    expect(sheet?.letters.map((l) => l.source)).toEqual(['paper', 'paper'])
    expect(sheets.find((s) => s.pupilId === n2)?.question).toBeNull()
    // Each school prints only for its own pupils.
    expect(sheets.every((s) => nairobi!.pupils.some((p) => p.user.id === s.pupilId))).toBe(true)
  })

  it('refuses what it cannot use with its own code, and stores nothing', async () => {
    const teacher = linked.sides[0]!.teacher.client
    const before = await stored()
    const cases: [{ bytes: Buffer; name: string; type: string }[], number, string][] = [
      [[jpeg('plain.jpg'), jpeg('not-an-image.jpg')], 415, 'UNSUPPORTED_MEDIA'],
      [[jpeg('truncated.jpg')], 415, 'UNSUPPORTED_MEDIA'],
      [[{ bytes: fixture('pixel-bomb.png'), name: 'bomb.png', type: 'image/png' }], 415, 'UNSUPPORTED_MEDIA'],
      [[{ bytes: Buffer.from('Dear pen pal, hello'), name: 'letters.pdf', type: 'application/pdf' }], 415, 'NOT_A_PDF'],
      [[{ bytes: Buffer.from('%PDF-1.7\n garbage'), name: 'scan.pdf', type: 'application/pdf' }], 415, 'NOT_A_PDF'],
      [Array.from({ length: 41 }, () => jpeg('plain.jpg')), 413, 'TOO_MANY_FILES'],
      [[{ bytes: Buffer.alloc(21 * 1024 * 1024, 7), name: 'huge.jpg', type: 'image/jpeg' }], 413, 'PAYLOAD_TOO_LARGE'],
      [[{ bytes: await scannedPdf(61, 60), name: 'long.pdf', type: 'application/pdf' }], 413, 'TOO_MANY_FILES'],
    ]
    for (const [files, status, code] of cases) {
      // Once more after a transport error: on a loaded machine a reused keep-alive connection can be
      // closed under the client (ECONNRESET) before the request is even read.
      const res = await upload(teacher, files).catch(() => upload(teacher, files))
      expect([res.status, res.body.error?.code]).toEqual([status, code])
      expect(typeof res.body.error.message).toBe('string')
    }
    expect(await stored()).toEqual(before)
    // A pupil does not upload stacks; a teacher outside the link does not learn it exists.
    expect((await upload(linked.sides[0]!.pupils[0]!.client, [jpeg('plain.jpg')])).status).toBe(403)
  })

  it('files letters only for the teacher’s own pupils and to their pen pals', async () => {
    const [london, nairobi] = linked.sides
    const mine = await upload(london!.teacher.client, [jpeg('plain.jpg')])
    const letter = (pupilId: string, penPalId: string | null) => ({
      uploadId: mine.body.uploadId,
      letters: [{ pageIds: [mine.body.pages[0]!.mediaId], pupilId, penPalId, shownPupilIds: [] }],
    })
    const post = (client: TestClient, body: unknown) =>
      client.post<ErrorBody>(`/api/links/${linked.link.id}/paper/letters`, body)
    // The partner teacher can neither file the London upload nor write as a London pupil.
    const partner = await post(nairobi!.teacher.client, letter(london!.pupils[0]!.user.id, null))
    expect(partner.status).toBe(404)
    const asPartnerPupil = await post(london!.teacher.client, letter(nairobi!.pupils[0]!.user.id, null))
    expect(asPartnerPupil.status).toBe(404)
    const notPenPal = await post(
      london!.teacher.client,
      letter(london!.pupils[0]!.user.id, nairobi!.pupils[1]!.user.id),
    )
    expect([notPenPal.status, notPenPal.body.error.code]).toEqual([400, 'INVALID_PAYLOAD'])
    // Without "approve", the letter waits in the teacher's queue like any pupil's.
    const held = await london!.teacher.client.post<PaperFiled>(
      `/api/links/${linked.link.id}/paper/letters`,
      letter(london!.pupils[2]!.user.id, nairobi!.pupils[2]!.user.id),
    )
    expect(held.body.letters[0]?.status).toBe('held')
    const queue = (await london!.teacher.client.get<{ items: { itemId: string }[] }>('/api/moderation/queue')).body
      .items
    expect(queue.map((q) => q.itemId)).toContain(held.body.letters[0]?.itemId)
  })
})
