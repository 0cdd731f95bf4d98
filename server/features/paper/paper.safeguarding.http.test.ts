import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ErrorBody } from '../../../shared/errors.js'
import type { PaperContext, PaperFiled, PaperUpload } from '../../../shared/schemas/paper.js'
import type { WallItem } from '../../../shared/schemas/wall.js'
import { fixture, fixturesSkipReason } from '../../test/fixtures.js'
import { createLinkedClasses, type LinkedClasses } from '../../test/links.js'
import { startTestServer, type TestClient, type TestServer } from '../../test/server.js'
import { multipartFiles, replySheetPhoto } from './paperTestKit.js'

const jpeg = (name: string) => ({ bytes: fixture(name), name, type: 'image/jpeg' })

/** Who is shown on paper pages, turning a sideways page, and pages that go with their letter. */
describe.skipIf(fixturesSkipReason)(
  'letters on paper: consent, turning, sheet codes and removal',
  { timeout: 90_000 },
  () => {
    let server: TestServer
    let mediaDir: string
    let linked: LinkedClasses
    beforeAll(async () => {
      mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), '.bridges-paper-safe-'))
      server = await startTestServer({
        env: { MEDIA_DIR: mediaDir, WALL_RELEASE_CHECK_MS: '100000', BOARD_POSTS_PER_MINUTE: '200' },
      })
      linked = await createLinkedClasses(server, { pupilsPerClass: 3 })
    })
    afterAll(async () => {
      await server?.close()
      fs.rmSync(mediaDir, { recursive: true, force: true })
    })

    const linkId = () => linked.link.id
    const london = () => linked.sides[0]!
    const teacher = () => london().teacher.client
    const upload = async (client: TestClient, count: number, name = 'plain.jpg') => {
      const { body, contentType } = multipartFiles(Array.from({ length: count }, () => jpeg(name)))
      const res = await client.request<PaperUpload>('POST', `/api/links/${linkId()}/paper/uploads`, body, {
        'content-type': contentType,
      })
      expect(res.status).toBe(201)
      return res.body
    }
    const file = (client: TestClient, body: unknown) =>
      client.post<PaperFiled & ErrorBody>(`/api/links/${linkId()}/paper/letters`, body)
    const setConsent = (pupilId: string, consent: boolean) =>
      teacher().put(`/api/classes/${london().schoolClass.id}/consent`, { pupilId, consent })
    const pageRows = async (mediaIds: readonly string[]) =>
      (
        await server.storage.db
          .selectFrom('paperPages')
          .select('mediaId')
          .where('mediaId', 'in', [...mediaIds])
          .execute()
      ).length
    const mediaRows = async (mediaIds: readonly string[]) =>
      (
        await server.storage.db
          .selectFrom('media')
          .select('id')
          .where('id', 'in', [...mediaIds])
          .execute()
      ).length
    const filesLeft = async (mediaIds: readonly string[]) =>
      (await Promise.all(mediaIds.map((id) => server.app.services.media.hasFiles(id)))).filter(Boolean).length

    it('asks who each letter shows, refuses a pupil without photo consent with nothing filed, and records every page', async () => {
      const [amy, ben] = london().pupils.map((p) => p.user.id)
      await setConsent(amy!, true)
      await setConsent(ben!, false)
      const context = (await teacher().get<PaperContext>(`/api/links/${linkId()}/paper/context`)).body
      expect(context.shownCandidates).toEqual(
        expect.arrayContaining([
          { pupilId: amy, name: expect.any(String), consent: true },
          { pupilId: ben, name: expect.any(String), consent: false },
        ]),
      )
      // The partner teacher's pupils are not hers to name.
      expect(context.shownCandidates.some((c) => linked.sides[1]!.pupils.some((p) => p.user.id === c.pupilId))).toBe(
        false,
      )
      const sent = await upload(teacher(), 3)
      const ids = sent.pages.map((p) => p.mediaId)
      const letters = (shown: string[]) => ({
        uploadId: sent.uploadId,
        approve: true,
        letters: [
          { pageIds: [ids[0]], pupilId: amy, penPalId: null, shownPupilIds: [] },
          { pageIds: [ids[1], ids[2]], pupilId: amy, penPalId: null, shownPupilIds: shown },
        ],
      })
      // Saying nothing is not "nobody": the teacher must say.
      const unsaid = await file(teacher(), {
        uploadId: sent.uploadId,
        letters: [{ pageIds: [ids[0]], pupilId: amy, penPalId: null }],
      })
      expect([unsaid.status, unsaid.body.error.code]).toEqual([400, 'INVALID_PAYLOAD'])

      const itemsBefore = (await server.storage.db.selectFrom('wallItems').select('id').execute()).length
      const refused = await file(teacher(), letters([amy!, ben!]))
      expect([refused.status, refused.body.error.code]).toEqual([409, 'PHOTO_CONSENT_MISSING'])
      // Nothing filed: no letter, no page taken, nobody recorded as shown.
      expect((await server.storage.db.selectFrom('wallItems').select('id').execute()).length).toBe(itemsBefore)
      const people = () =>
        server.storage.db.selectFrom('mediaPeople').select(['mediaId', 'pupilId']).where('mediaId', 'in', ids).execute()
      expect(await people()).toEqual([])
      // A partner's pupil cannot be named.
      const partnerPupil = await file(teacher(), letters([linked.sides[1]!.pupils[0]!.user.id]))
      expect(partnerPupil.status).toBe(403)

      const filed = await file(teacher(), letters([amy!]))
      expect(filed.status).toBe(201)
      expect(filed.body.refused).toEqual([])
      // Both pages of the second letter show Amy; the first letter shows nobody (said, and recorded as said).
      expect((await people()).map((r) => r.mediaId).sort()).toEqual([ids[1], ids[2]].sort())
      const confirmed = await server.storage.db
        .selectFrom('media')
        .select(['id', 'shownConfirmedAt'])
        .where('id', 'in', ids)
        .execute()
      expect(confirmed.every((m) => m.shownConfirmedAt !== null)).toBe(true)

      // Her parents take consent back: the letter she is drawn in (on its second page too) is taken down.
      await setConsent(amy!, false)
      const items = (await teacher().get<{ items: WallItem[] }>(`/api/links/${linkId()}/wall`)).body.items
      const status = (itemId: string) => items.find((i) => i.id === itemId)?.status
      expect(status(filed.body.letters[1]!.itemId)).toBe('hidden')
      expect(status(filed.body.letters[0]!.itemId)).toBe('published')
    })

    it('turns a waiting page by quarter turns: dimensions swap, still no metadata, the old picture gone', async () => {
      const sent = await upload(teacher(), 1, 'photo-gps-rotated.jpg')
      const before = sent.pages[0]!
      expect(before.picture.width).not.toBe(before.picture.height)
      const rotate = (client: TestClient, mediaId: string, quarterTurns: unknown) =>
        client.post<PaperUpload & ErrorBody>(
          `/api/links/${linkId()}/paper/uploads/${sent.uploadId}/pages/${mediaId}/rotate`,
          { quarterTurns },
        )
      expect((await rotate(teacher(), before.mediaId, 4)).status).toBe(400)
      // The partner school's teacher does not even learn the page exists.
      expect((await rotate(linked.sides[1]!.teacher.client, before.mediaId, 1)).status).toBe(404)

      const turned = await rotate(teacher(), before.mediaId, 1)
      expect(turned.status).toBe(200)
      const after = turned.body.pages[0]!
      expect(after.position).toBe(before.position)
      expect(after.mediaId).not.toBe(before.mediaId)
      expect([after.picture.width, after.picture.height]).toEqual([before.picture.height, before.picture.width])
      const bytes = Buffer.from(
        await (
          await fetch(`${server.url}/api/media/${after.mediaId}`, { headers: { cookie: teacher().cookie } })
        ).arrayBuffer(),
      )
      const meta = await sharp(bytes).metadata()
      expect([meta.width, meta.height]).toEqual([before.picture.height, before.picture.width])
      expect([meta.exif, meta.xmp, meta.iptc]).toEqual([undefined, undefined, undefined])
      expect(bytes.includes('51.5074')).toBe(false)
      expect(await mediaRows([before.mediaId])).toBe(0)
      expect(await filesLeft([before.mediaId])).toBe(0)

      // A half turn keeps the shape; a filed page no longer turns.
      const half = (await rotate(teacher(), after.mediaId, 2)).body.pages[0]!
      expect([half.picture.width, half.picture.height]).toEqual([after.picture.width, after.picture.height])
      const amy = london().pupils[0]!.user.id
      await setConsent(amy, true)
      expect(
        (
          await file(teacher(), {
            uploadId: sent.uploadId,
            letters: [{ pageIds: [half.mediaId], pupilId: amy, penPalId: null, shownPupilIds: [] }],
          })
        ).status,
      ).toBe(201)
      const late = await rotate(teacher(), half.mediaId, 1)
      expect([late.status, late.body.error.code]).toEqual([409, 'PAGE_NOT_AVAILABLE'])
    })

    it('reads the reply-sheet code from the QR code printed on a photographed sheet, sideways too', async () => {
      const sheet = (bytes: Buffer) => ({ bytes, name: 'sheet.jpg', type: 'image/jpeg' })
      const { body, contentType } = multipartFiles([
        sheet(await replySheetPhoto('ACD-EFG')),
        sheet(await replySheetPhoto('KLM-NPQ', 90)),
        jpeg('plain.jpg'),
        // A QR code that is not a sheet's (a poster's link) is no code.
        sheet(await replySheetPhoto('https://example.org/')),
      ])
      const res = await teacher().request<PaperUpload>('POST', `/api/links/${linkId()}/paper/uploads`, body, {
        'content-type': contentType,
      })
      expect(res.status).toBe(201)
      expect(res.body.pages.map((p) => p.sheetCode)).toEqual(['ACD-EFG', 'KLM-NPQ', null, null])
      // Kept with the page: read again, and after turning it.
      const again = await teacher().get<PaperUpload>(`/api/links/${linkId()}/paper/uploads/${res.body.uploadId}`)
      expect(again.body.pages[0]!.sheetCode).toBe('ACD-EFG')
      const turned = await teacher().post<PaperUpload>(
        `/api/links/${linkId()}/paper/uploads/${res.body.uploadId}/pages/${res.body.pages[1]!.mediaId}/rotate`,
        { quarterTurns: 3 },
      )
      expect(turned.body.pages[1]!.sheetCode).toBe('KLM-NPQ')
    })

    it('a deleted paper letter takes every page with it, records and files, in its one transaction', async () => {
      const amy = london().pupils[0]!.user.id
      const sent = await upload(teacher(), 2)
      const ids = sent.pages.map((p) => p.mediaId)
      const filed = await file(teacher(), {
        uploadId: sent.uploadId,
        letters: [{ pageIds: ids, pupilId: amy, penPalId: null, shownPupilIds: [] }],
      })
      const itemId = filed.body.letters[0]!.itemId
      expect(await pageRows(ids)).toBe(2)
      const deleted = await teacher().post(`/api/moderation/wall_item/${itemId}/delete`, {})
      expect(deleted.status).toBe(204)
      expect(await pageRows(ids)).toBe(0)
      expect(await mediaRows(ids)).toBe(0)
      await expect.poll(() => filesLeft(ids)).toBe(0)
      const item = await server.storage.db
        .selectFrom('wallItems')
        .select(['status', 'mediaId'])
        .where('id', '=', itemId)
        .executeTakeFirst()
      expect(item).toEqual({ status: 'deleted', mediaId: null })
    })

    it('a leaving pupil’s paper letters go with her, pages too', async () => {
      const leaver = london().pupils[2]!.user.id
      const sent = await upload(teacher(), 2)
      const ids = sent.pages.map((p) => p.mediaId)
      await file(teacher(), {
        uploadId: sent.uploadId,
        approve: true,
        letters: [{ pageIds: ids, pupilId: leaver, penPalId: null, shownPupilIds: [] }],
      })
      const left = await teacher().post<{ picturesRemoved: number }>(
        `/api/classes/${london().schoolClass.id}/pupils/${leaver}/leave`,
        { content: 'delete' },
      )
      expect(left.status).toBe(200)
      expect(left.body.picturesRemoved).toBe(2)
      expect(await pageRows(ids)).toBe(0)
      expect(await mediaRows(ids)).toBe(0)
      expect(await filesLeft(ids)).toBe(0)
    })

    it('the retention sweep takes a paper letter’s pages with the school’s other content', async () => {
      const other = await createLinkedClasses(server, { pupilsPerClass: 1 })
      const side = other.sides[0]!
      const { body, contentType } = multipartFiles([jpeg('plain.jpg'), jpeg('plain.jpg')])
      const sent = (
        await side.teacher.client.request<PaperUpload>('POST', `/api/links/${other.link.id}/paper/uploads`, body, {
          'content-type': contentType,
        })
      ).body
      const ids = sent.pages.map((p) => p.mediaId)
      const filed = await side.teacher.client.post(`/api/links/${other.link.id}/paper/letters`, {
        uploadId: sent.uploadId,
        letters: [{ pageIds: ids, pupilId: side.pupils[0]!.user.id, penPalId: null, shownPupilIds: [] }],
      })
      expect(filed.status).toBe(201)
      await server.storage.db
        .updateTable('links')
        .set({ status: 'ended', updatedAt: new Date().toISOString() })
        .where('id', '=', other.link.id)
        .execute()
      const later = new Date(Date.now() + 5 * 365 * 86_400_000)
      expect(await server.app.services.privacy.sweepDue(later)).toBeGreaterThanOrEqual(1)
      expect(await pageRows(ids)).toBe(0)
      expect(await mediaRows(ids)).toBe(0)
      expect(await filesLeft(ids)).toBe(0)
    })
  },
)
