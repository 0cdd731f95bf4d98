import type { QueuePage } from '../../../shared/schemas/moderation.js'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { strFromU8, unzipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ErrorBody } from '../../../shared/errors.js'
import type { Media } from '../../../shared/schemas/media.js'
import type { PrivacyLogEntryView, PupilLeft } from '../../../shared/schemas/privacy.js'
import type { Pupil } from '../../../shared/schemas/schools.js'
import type { PenPalView, WallItem } from '../../../shared/schemas/wall.js'
import { testDialects } from '../../test/databases.js'
import { fixture, fixturesSkipReason, multipart } from '../../test/fixtures.js'
import { createLinkedClasses, type LinkedClasses, type PupilFixture } from '../../test/links.js'
import { TestClient, startTestServer, type TestServer } from '../../test/server.js'
import type { PupilRecord } from './subjectAccess.repository.js'

const wallOf = async (client: TestClient, linkId: string) =>
  (await client.get<{ items: WallItem[] }>(`/api/links/${linkId}/wall`)).body.items
const approve = (client: TestClient, id: string, body: Record<string, unknown> = {}) =>
  client.post<ErrorBody>(`/api/moderation/wall_item/${id}/approve`, body)

async function upload(client: TestClient, linkId: string): Promise<Media> {
  const { body, contentType } = multipart(fixture('plain.jpg'), 'us.jpg')
  const res = await client.request<Media>('POST', `/api/links/${linkId}/media`, body, { 'content-type': contentType })
  if (res.status !== 201) throw new Error(`upload failed: ${res.status}`)
  return res.body
}

async function letter(
  pupil: PupilFixture,
  linkId: string,
  body: string,
  extra: Record<string, unknown> = {},
): Promise<WallItem> {
  const res = await pupil.client.post<WallItem>(`/api/links/${linkId}/wall`, { kind: 'letter', body, ...extra })
  if (res.status !== 201) throw new Error(`letter failed: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body
}

describe.each(testDialects())('data protection on $name', (dialect) => {
  let server: TestServer
  let mediaDir: string
  beforeAll(async () => {
    mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), '.bridges-privacy-'))
    server = await startTestServer({
      storage: await dialect.open(),
      env: { MEDIA_DIR: mediaDir, WALL_RELEASE_CHECK_MS: '100000', RETENTION_CHECK_MS: '100000' },
    })
  })
  afterAll(async () => {
    await server?.close()
    fs.rmSync(mediaDir, { recursive: true, force: true })
  })

  /** A linked class with two London pupils (Amy, Ben) and one in Nairobi, Amy with a pen pal and pictures of her. */
  async function leavingScene() {
    const linked = await createLinkedClasses(server, { pupilsPerClass: 2 })
    const [london, nairobi] = linked.sides
    const [amy, ben] = london!.pupils
    const teacher = london!.teacher.client
    const linkId = linked.link.id
    const published = await letter(amy!, linkId, 'Hello from Amy by the river')
    await approve(teacher, published.id)
    const held = await letter(amy!, linkId, 'Amy waits for her teacher')
    const bens = await letter(ben!, linkId, 'Ben likes football')
    await approve(teacher, bens.id)
    await teacher.put(`/api/classes/${london!.schoolClass.id}/consent`, { pupilId: amy!.user.id, consent: true })
    // A class photo by the teacher showing Amy, and a picture Amy took herself.
    const classPhoto = await upload(teacher, linkId)
    const shown = await teacher.post<WallItem>(`/api/links/${linkId}/wall`, {
      kind: 'picture',
      caption: 'Our class',
      mediaId: classPhoto.id,
      shownPupilIds: [amy!.user.id],
    })
    expect(shown.status).toBe(201)
    const amysPhoto = await upload(amy!.client, linkId)
    const amysItem = await amy!.client.post<WallItem>(`/api/links/${linkId}/wall`, {
      kind: 'picture',
      caption: 'My garden',
      mediaId: amysPhoto.id,
    })
    expect((await approve(teacher, amysItem.body.id, { shownPupilIds: [] })).status).toBe(204)
    expect((await teacher.post<PenPalView>(`/api/links/${linkId}/penpals/auto`)).status).toBe(200)
    const partnerView = await wallOf(nairobi!.teacher.client, linkId)
    expect(partnerView.map((i) => i.caption || i.body)).toEqual(
      expect.arrayContaining(['Hello from Amy by the river', 'Our class', 'My garden']),
    )
    return {
      linked,
      london: london!,
      nairobi: nairobi!,
      amy: amy!,
      ben: ben!,
      teacher,
      linkId,
      held,
      published,
      pictures: [classPhoto.id, amysPhoto.id],
    }
  }

  it.skipIf(Boolean(fixturesSkipReason))(
    'a leaving pupil disappears from the partner school’s pages and from every picture, files too, and cannot sign in',
    async () => {
      const scene = await leavingScene()
      const { amy, teacher, linkId, london, nairobi } = scene
      const left = await teacher.post<PupilLeft>(`/api/classes/${london.schoolClass.id}/pupils/${amy.user.id}/leave`, {
        content: 'delete',
      })
      expect(left.status).toBe(200)
      expect(left.body).toEqual({ content: 'delete', itemsEmptied: 3, itemsKept: 0, picturesRemoved: 2 })

      // Her session ended and her card no longer signs in.
      expect((await amy.client.get('/api/me')).status).toBe(401)
      const again = await new TestClient(server.url).post<ErrorBody>('/api/auth/pupil-sign-in', {
        classCode: london.schoolClass.code,
        personalCode: amy.pupil.personalCode,
      })
      expect(again.body.error.code).toBe('INVALID_CREDENTIALS')

      for (const viewer of [nairobi.teacher.client, nairobi.pupils[0]!.client, teacher]) {
        const texts = (await wallOf(viewer, linkId)).map((i) => i.caption || i.body)
        expect(texts).not.toContain('Hello from Amy by the river')
        expect(texts).not.toContain('Our class')
        expect(texts).not.toContain('My garden')
        expect(texts).toContain('Ben likes football')
        for (const id of scene.pictures) expect((await viewer.get(`/api/media/${id}`)).status).toBe(404)
      }
      for (const id of scene.pictures) expect(await server.app.services.media.hasFiles(id)).toBe(false)
      // Nothing of her words is left in the database, held ones included.
      const rows = await server.storage.db
        .selectFrom('wallItems')
        .select(['body', 'caption', 'status'])
        .where('authorId', '=', amy.user.id)
        .execute()
      expect(rows.every((r) => r.body === '' && r.caption === '' && r.status === 'deleted')).toBe(true)
      expect((await teacher.get<QueuePage>('/api/moderation/queue')).body.items).toEqual([])

      const pens = await teacher.get<PenPalView>(`/api/links/${linkId}/penpals`)
      expect(pens.body.groups.flat().map((p) => p.pupilId)).not.toContain(amy.user.id)
      const roster = await teacher.get<Pupil[]>(`/api/classes/${london.schoolClass.id}/pupils`)
      expect(roster.body.map((p) => p.id)).toEqual([scene.ben.user.id])
      const log = await teacher.get<PrivacyLogEntryView[]>('/api/school/privacy-log')
      expect(log.body[0]).toMatchObject({
        action: 'pupil_removed',
        subjectId: amy.user.id,
        details: { content: 'delete', picturesRemoved: 2 },
      })
      // A partner teacher cannot remove another school's pupil, nor read its record.
      expect(
        (
          await nairobi.teacher.client.post(`/api/classes/${london.schoolClass.id}/pupils/${scene.ben.user.id}/leave`, {
            content: 'delete',
          })
        ).status,
      ).toBe(404)
      expect((await nairobi.teacher.client.get<PrivacyLogEntryView[]>('/api/school/privacy-log')).body).toEqual([])
    },
  )

  it.skipIf(Boolean(fixturesSkipReason))(
    'a school that keeps what she wrote shows it as a former pupil’s, still without her pictures',
    async () => {
      const scene = await leavingScene()
      const left = await scene.teacher.post<PupilLeft>(
        `/api/classes/${scene.london.schoolClass.id}/pupils/${scene.amy.user.id}/leave`,
        { content: 'anonymise' },
      )
      expect(left.body).toMatchObject({ itemsKept: 3, itemsEmptied: 0, picturesRemoved: 2 })
      const items = await wallOf(scene.nairobi.pupils[0]!.client, scene.linkId)
      const kept = items.find((i) => i.body === 'Hello from Amy by the river')
      expect(kept?.authorName).toBe('')
      expect(items.map((i) => i.caption)).not.toContain('My garden')
      expect(items.map((i) => i.caption)).not.toContain('Our class')
    },
  )

  it('refuses a bad choice and a pupil who is not in the class', async () => {
    const { sides } = await createLinkedClasses(server, { pupilsPerClass: 1 })
    const [london, nairobi] = sides
    const teacher = london!.teacher.client
    const bad = await teacher.post<ErrorBody>(
      `/api/classes/${london!.schoolClass.id}/pupils/${london!.pupils[0]!.user.id}/leave`,
      { content: 'shred' },
    )
    expect(bad.status).toBe(400)
    expect(bad.body.error.code).toBe('INVALID_PAYLOAD')
    const other = await teacher.post<ErrorBody>(
      `/api/classes/${london!.schoolClass.id}/pupils/${nairobi!.pupils[0]!.user.id}/leave`,
      { content: 'delete' },
    )
    expect(other.status).toBe(404)
    expect(
      (
        await london!.pupils[0]!.client.post(
          `/api/classes/${london!.schoolClass.id}/pupils/${london!.pupils[0]!.user.id}/leave`,
          { content: 'delete' },
        )
      ).status,
    ).toBe(403)
  })

  it('a subject access ZIP holds her held and rejected items, in her language, and nothing of another pupil', async () => {
    const { link, sides } = await createLinkedClasses(server, { pupilsPerClass: 2 })
    const [london, nairobi] = sides
    const [amy, ben] = london!.pupils
    const teacher = london!.teacher.client
    expect((await amy!.client.patch('/api/me', { locale: 'cy' })).status).toBe(200)
    const published = await letter(amy!, link.id, 'Amy published')
    await approve(teacher, published.id)
    await letter(amy!, link.id, 'Amy still held')
    const rejected = await letter(amy!, link.id, 'Amy rejected')
    expect(
      (await teacher.post(`/api/moderation/wall_item/${rejected.id}/reject`, { reason: 'Please be kinder' })).status,
    ).toBe(204)
    await teacher.put(`/api/classes/${london!.schoolClass.id}/consent`, { pupilId: amy!.user.id, consent: false })
    await teacher.put(`/api/classes/${london!.schoolClass.id}/consent`, { pupilId: amy!.user.id, consent: true })
    await letter(ben!, link.id, 'Ben secret words')
    // A class photo showing her: its file comes with her data.
    const photo = fixturesSkipReason ? undefined : await upload(teacher, link.id)
    if (photo)
      expect(
        (
          await teacher.post(`/api/links/${link.id}/wall`, {
            kind: 'picture',
            caption: 'Sports day',
            mediaId: photo.id,
            shownPupilIds: [amy!.user.id],
          })
        ).status,
      ).toBe(201)

    const res = await fetch(`${server.url}/api/pupils/${amy!.user.id}/subject-access`, {
      headers: { cookie: teacher.cookie },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/zip')
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()))
    expect(
      Object.keys(files)
        .filter((name) => !name.endsWith('/'))
        .sort(),
    ).toEqual(['index.html', ...(photo ? [`pictures/${photo.id}.webp`] : []), 'subject-access.json'])
    if (photo) expect(files[`pictures/${photo.id}.webp`]!.length).toBeGreaterThan(100)
    const json = JSON.parse(strFromU8(files['subject-access.json']!)) as PupilRecord
    expect(json.account.displayName).toBe(amy!.pupil.displayName)
    expect(json.wallItems.map((w) => [w.body, w.status])).toEqual([
      ['Amy published', 'published'],
      ['Amy still held', 'held'],
      ['Amy rejected', 'rejected'],
    ])
    expect(json.moderation.map((m) => m.action).sort()).toEqual(['approve', 'reject'])
    expect(json.moderation.find((m) => m.action === 'reject')?.reason).toBe('Please be kinder')
    expect(json.consent.map((c) => c.consent)).toEqual([false, true])
    expect(json.signIns).toHaveLength(1)
    const everything = strFromU8(files['subject-access.json']!) + strFromU8(files['index.html']!)
    expect(everything).not.toContain('Ben')
    expect(everything).not.toContain(ben!.user.id)
    const html = strFromU8(files['index.html']!)
    expect(html).toContain('<html lang="cy"')
    expect(html).toContain('Amy still held')

    // A partner teacher is told there is no such pupil; a pupil may not ask; each download is recorded.
    expect((await nairobi!.teacher.client.get(`/api/pupils/${amy!.user.id}/subject-access`)).status).toBe(404)
    expect((await amy!.client.get(`/api/pupils/${amy!.user.id}/subject-access`)).status).toBe(403)
    const log = await teacher.get<PrivacyLogEntryView[]>('/api/school/privacy-log')
    expect(log.body.filter((e) => e.action === 'subject_access')).toEqual([
      expect.objectContaining({ subjectId: amy!.user.id, details: expect.objectContaining({ wallItems: 3 }) }),
    ])
  })

  describe('retention', () => {
    let linked: LinkedClasses
    const monthsLater = (months: number) => new Date(Date.now() + months * 31 * 86_400_000)

    beforeAll(async () => {
      linked = await createLinkedClasses(server, { pupilsPerClass: 1 })
    })

    it.skipIf(Boolean(fixturesSkipReason))(
      'removes exactly what each school’s retention says is due, files too, once across racing nodes',
      async () => {
        const [london, nairobi] = linked.sides
        const linkId = linked.link.id
        expect((await london!.teacher.client.get('/api/school/data-protection')).body).toEqual({ retentionMonths: 12 })
        expect((await london!.teacher.client.put('/api/school/data-protection', { retentionMonths: 1 })).status).toBe(
          200,
        )
        expect(
          (await london!.teacher.client.put<ErrorBody>('/api/school/data-protection', { retentionMonths: 0 })).status,
        ).toBe(400)

        const londonLetter = await letter(london!.pupils[0]!, linkId, 'London letter')
        await approve(london!.teacher.client, londonLetter.id)
        const nairobiLetter = await letter(nairobi!.pupils[0]!, linkId, 'Nairobi letter')
        await approve(nairobi!.teacher.client, nairobiLetter.id)
        const londonPhoto = await upload(london!.teacher.client, linkId)
        await london!.teacher.client.post(`/api/links/${linkId}/wall`, {
          kind: 'picture',
          caption: 'London photo',
          mediaId: londonPhoto.id,
          shownPupilIds: [],
        })
        const nairobiPhoto = await upload(nairobi!.teacher.client, linkId)
        await nairobi!.teacher.client.post(`/api/links/${linkId}/wall`, {
          kind: 'picture',
          caption: 'Nairobi photo',
          mediaId: nairobiPhoto.id,
          shownPupilIds: [],
        })
        const assembly = await london!.teacher.client.post<{ id: string }>(`/api/links/${linkId}/assemblies`, {
          title: 'Hello',
          startsAt: new Date(Date.now() + 3_600_000).toISOString(),
        })
        const now = new Date().toISOString()
        for (const side of [london!, nairobi!]) {
          await server.storage.db
            .insertInto('attendance')
            .values({
              id: crypto.randomUUID(),
              assemblyId: assembly.body.id,
              classId: side.schoolClass.id,
              joinedAt: now,
              leftAt: now,
            })
            .execute()
        }
        // Not ended yet: nothing is due however long ago it was written.
        expect(await server.app.services.privacy.sweepDue(monthsLater(24))).toBe(0)
        await server.storage.db
          .updateTable('links')
          .set({ status: 'ended', updatedAt: now })
          .where('id', '=', linkId)
          .execute()
        expect(await server.app.services.privacy.sweepDue(new Date())).toBe(0)

        // Two months on, London's month has passed and Nairobi's year has not: two nodes race, one sweeps.
        const swept = await Promise.all([
          server.app.services.privacy.sweepDue(monthsLater(2)),
          server.app.services.privacy.sweepDue(monthsLater(2)),
        ])
        expect(swept.reduce((a, b) => a + b, 0)).toBe(1)
        const texts = (await wallOf(nairobi!.teacher.client, linkId)).map((i) => i.caption || i.body)
        expect(texts.sort()).toEqual(['Nairobi letter', 'Nairobi photo'])
        expect(await server.app.services.media.hasFiles(londonPhoto.id)).toBe(false)
        expect(await server.app.services.media.hasFiles(nairobiPhoto.id)).toBe(true)
        const attendance = await server.storage.db
          .selectFrom('attendance')
          .select('classId')
          .where('assemblyId', '=', assembly.body.id)
          .execute()
        expect(attendance.map((a) => a.classId)).toEqual([nairobi!.schoolClass.id])
        const log = await london!.teacher.client.get<PrivacyLogEntryView[]>('/api/school/privacy-log')
        expect(log.body[0]).toMatchObject({
          action: 'retention',
          actorName: null,
          details: { linkId, wallItems: 2, pictures: 1, attendance: 1 },
        })

        // A year on, Nairobi's turn; London's side is not swept twice.
        expect(await server.app.services.privacy.sweepDue(monthsLater(13))).toBe(1)
        expect(await wallOf(nairobi!.teacher.client, linkId)).toEqual([])
        expect(await server.app.services.media.hasFiles(nairobiPhoto.id)).toBe(false)
        expect(
          (await london!.teacher.client.get<PrivacyLogEntryView[]>('/api/school/privacy-log')).body.filter(
            (e) => e.action === 'retention',
          ),
        ).toHaveLength(1)
      },
    )
  })
})
