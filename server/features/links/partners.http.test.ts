import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ErrorBody } from '../../../shared/errors.js'
import type { Link } from '../../../shared/schemas/links.js'
import type { DirectoryEntry, DirectoryPage, LinkRequest } from '../../../shared/schemas/partners.js'
import {
  addPupils,
  createClass,
  DHAKA,
  LONDON,
  NAIROBI,
  registerTeacher,
  signInPupil,
  type SchoolPlace,
} from '../../test/people.js'
import { createLinkViaApi, optIn } from '../../test/links.js'
import { nextEvent, startTestServer, type TestServer } from '../../test/server.js'

let server: TestServer
beforeAll(async () => {
  server = await startTestServer()
})
afterAll(() => server?.close())

async function teacherWithClass(place: SchoolPlace, overrides: Record<string, unknown> = {}) {
  const teacher = await registerTeacher(server.url, place)
  const schoolClass = await createClass(teacher, overrides)
  return { teacher, schoolClass }
}

describe('partner directory', () => {
  it('lists only opted-in classes of other schools, with shared school hours', async () => {
    const london = await teacherWithClass(LONDON)
    const nairobi = await teacherWithClass(NAIROBI, { name: `Nairobi ${Date.now()}` })
    const hidden = await teacherWithClass(NAIROBI)
    await optIn(london.teacher, london.schoolClass.id)
    await optIn(nairobi.teacher, nairobi.schoolClass.id, { themes: ['wildlife'], hopes: 'Letters about our animals' })

    const page = await london.teacher.client.get<DirectoryPage>(
      `/api/directory?overlapWith=${london.schoolClass.id}&theme=wildlife&limit=50`,
    )
    expect(page.status).toBe(200)
    const found = page.body.items.find((e) => e.classId === nairobi.schoolClass.id)
    expect(found).toMatchObject({
      country: 'KE',
      region: 'africa',
      themes: ['wildlife'],
      hopes: 'Letters about our animals',
    })
    // London 08:30–15:30 GMT and Nairobi 08:30–15:30 EAT share four hours a day.
    expect(found?.overlap?.minutesPerWeek).toBe(20 * 60)
    expect(page.body.items.some((e) => e.classId === hidden.schoolClass.id)).toBe(false)
    expect(page.body.items.some((e) => e.schoolId === london.teacher.school.id)).toBe(false)

    const none = await london.teacher.client.get<DirectoryPage>(
      `/api/directory?overlapWith=${london.schoolClass.id}&theme=wildlife&minOverlapHours=21`,
    )
    expect(none.body.items.some((e) => e.classId === nairobi.schoolClass.id)).toBe(false)
  })

  it('filters by country, region, age and language, and pages through results', async () => {
    const dhaka = await teacherWithClass(DHAKA, { ageMin: 12, ageMax: 13, languages: ['bn'] })
    const marker = `rivers${dhaka.schoolClass.id.slice(0, 8)}`
    await optIn(dhaka.teacher, dhaka.schoolClass.id, { themes: [marker] })
    const viewer = (await teacherWithClass(LONDON)).teacher
    const theme = `theme=${marker}`
    const get = async (q: string) =>
      (await viewer.client.get<DirectoryPage>(`/api/directory?${theme}&${q}`)).body.items.map((e) => e.classId)
    expect(await get('country=bd')).toEqual([dhaka.schoolClass.id])
    expect(await get('region=asia')).toEqual([dhaka.schoolClass.id])
    expect(await get('region=europe')).toEqual([])
    expect(await get('ageMin=5&ageMax=8')).toEqual([])
    expect(await get('ageMin=13&ageMax=16')).toEqual([dhaka.schoolClass.id])
    expect(await get('language=bn')).toEqual([dhaka.schoolClass.id])
    expect(await get('language=sw')).toEqual([])

    const all = await viewer.client.get<DirectoryPage>('/api/directory?limit=1')
    expect(all.body.items).toHaveLength(1)
    expect(all.body.nextCursor).not.toBeNull()
    const second = await viewer.client.get<DirectoryPage>(
      `/api/directory?limit=1&before=${encodeURIComponent(all.body.nextCursor!)}`,
    )
    expect(second.body.items[0]?.classId).not.toBe(all.body.items[0]?.classId)
  })

  it('opts out, and refuses entries for classes of another school and bad input', async () => {
    const london = await teacherWithClass(LONDON)
    const other = await teacherWithClass(NAIROBI)
    await optIn(london.teacher, london.schoolClass.id)
    expect(
      (await london.teacher.client.get<DirectoryEntry>(`/api/classes/${london.schoolClass.id}/directory`)).body.classId,
    ).toBe(london.schoolClass.id)
    expect(
      (await other.teacher.client.put(`/api/classes/${london.schoolClass.id}/directory`, { hopes: 'x' })).status,
    ).toBe(404)
    const bad = await london.teacher.client.put<ErrorBody>(`/api/classes/${london.schoolClass.id}/directory`, {
      hopes: '',
      schoolDay: { start: '15:00', end: '09:00' },
    })
    expect(bad.status).toBe(400)
    expect(bad.body.error.code).toBe('INVALID_PAYLOAD')
    expect((await london.teacher.client.delete(`/api/classes/${london.schoolClass.id}/directory`)).status).toBe(204)
    expect((await london.teacher.client.get(`/api/classes/${london.schoolClass.id}/directory`)).body).toBeNull()
  })

  it('is for teachers only', async () => {
    const london = await teacherWithClass(LONDON)
    const [pupil] = await addPupils(london.teacher, london.schoolClass.id, ['Ada'])
    const { client } = await signInPupil(server.url, london.schoolClass, pupil!)
    expect((await client.get('/api/directory')).status).toBe(403)
  })
})

describe('link requests', () => {
  it('invites, accepts and forms a link; the invited school hears of it live', async () => {
    const london = await teacherWithClass(LONDON)
    const nairobi = await teacherWithClass(NAIROBI)
    await optIn(nairobi.teacher, nairobi.schoolClass.id)
    const socket = await nairobi.teacher.client.connectSocket()
    const heard = nextEvent(socket, 'linkRequests:changed')
    const invite = await london.teacher.client.post<LinkRequest>('/api/link-requests', {
      fromClassId: london.schoolClass.id,
      toClassId: nairobi.schoolClass.id,
      message: 'Hello from London!',
    })
    expect(invite.status).toBe(201)
    expect(invite.body).toMatchObject({ status: 'pending', message: 'Hello from London!', linkId: null })
    await heard
    socket.disconnect()

    const inbox = await nairobi.teacher.client.get<LinkRequest[]>('/api/link-requests')
    expect(inbox.body.map((r) => r.id)).toContain(invite.body.id)
    // Only the invited school answers; only the inviting school withdraws.
    expect((await london.teacher.client.post(`/api/link-requests/${invite.body.id}/accept`)).status).toBe(403)
    expect((await nairobi.teacher.client.post(`/api/link-requests/${invite.body.id}/withdraw`)).status).toBe(403)
    const outsider = await teacherWithClass(DHAKA)
    expect((await outsider.teacher.client.post(`/api/link-requests/${invite.body.id}/accept`)).status).toBe(404)

    const accepted = await nairobi.teacher.client.post<{ linkId: string }>(
      `/api/link-requests/${invite.body.id}/accept`,
    )
    expect(accepted.status).toBe(200)
    const link = await london.teacher.client.get<Link>(`/api/links/${accepted.body.linkId}`)
    expect(link.body.status).toBe('forming')
    expect(link.body.classes.map((c) => c.classId).sort()).toEqual(
      [london.schoolClass.id, nairobi.schoolClass.id].sort(),
    )
    expect((await nairobi.teacher.client.post(`/api/link-requests/${invite.body.id}/decline`)).status).toBe(409)
  })

  it('declines and withdraws', async () => {
    const london = await teacherWithClass(LONDON)
    const nairobi = await teacherWithClass(NAIROBI)
    await optIn(nairobi.teacher, nairobi.schoolClass.id)
    const send = () =>
      london.teacher.client.post<LinkRequest>('/api/link-requests', {
        fromClassId: london.schoolClass.id,
        toClassId: nairobi.schoolClass.id,
        message: 'Hi',
      })
    const first = await send()
    expect((await send()).status).toBe(409)
    expect(
      (await nairobi.teacher.client.post<LinkRequest>(`/api/link-requests/${first.body.id}/decline`)).body.status,
    ).toBe('declined')
    const second = await send()
    expect(
      (await london.teacher.client.post<LinkRequest>(`/api/link-requests/${second.body.id}/withdraw`)).body.status,
    ).toBe('withdrawn')
  })

  it('refuses a class not in the directory, one of my own school, and a fifth class, changing nothing', async () => {
    const london = await teacherWithClass(LONDON)
    const notListed = await teacherWithClass(NAIROBI)
    const refuse = async (body: Record<string, unknown>, status: number, code: string) => {
      const res = await london.teacher.client.post<ErrorBody>('/api/link-requests', {
        fromClassId: london.schoolClass.id,
        message: 'Hi',
        ...body,
      })
      expect(res.status).toBe(status)
      expect(res.body.error.code).toBe(code)
    }
    await refuse({ toClassId: notListed.schoolClass.id }, 409, 'NOT_IN_DIRECTORY')
    const sibling = await createClass(london.teacher, { name: 'Year 6' })
    await optIn(london.teacher, sibling.id)
    await refuse({ toClassId: sibling.id }, 400, 'SAME_SCHOOL')
    await refuse({ toClassId: 'not-an-id' }, 400, 'INVALID_PAYLOAD')
    expect((await notListed.teacher.client.get<LinkRequest[]>('/api/link-requests')).body).toEqual([])

    const { linkId, sides } = await createLinkViaApi(server, [
      LONDON,
      NAIROBI,
      DHAKA,
      { ...LONDON, name: 'Cardiff Bay', city: 'Cardiff' },
    ])
    const fifth = await teacherWithClass(NAIROBI)
    await optIn(fifth.teacher, fifth.schoolClass.id)
    const full = await sides[0]!.teacher.client.post<ErrorBody>('/api/link-requests', {
      fromClassId: sides[0]!.schoolClass.id,
      toClassId: fifth.schoolClass.id,
      message: 'Join us',
      linkId,
    })
    expect(full.status).toBe(409)
    expect(full.body.error.code).toBe('LINK_FULL')
    expect((await sides[0]!.teacher.client.get<Link>(`/api/links/${linkId}`)).body.classes).toHaveLength(4)
  })

  it('grows an active link to three classes; everyone in the link sees the pending request', async () => {
    const { linkId, sides } = await createLinkViaApi(server)
    const [london, nairobi] = sides
    const dhaka = await teacherWithClass(DHAKA)
    await optIn(dhaka.teacher, dhaka.schoolClass.id)
    const invite = await nairobi!.teacher.client.post<LinkRequest>('/api/link-requests', {
      fromClassId: nairobi!.schoolClass.id,
      toClassId: dhaka.schoolClass.id,
      message: 'Join our link',
      linkId,
    })
    expect(invite.status).toBe(201)
    expect((await london!.teacher.client.get<LinkRequest[]>('/api/link-requests')).body.map((r) => r.id)).toContain(
      invite.body.id,
    )
    await dhaka.teacher.client.post(`/api/link-requests/${invite.body.id}/accept`)
    const link = await london!.teacher.client.get<Link>(`/api/links/${linkId}`)
    expect(link.body.classes).toHaveLength(3)
    // The newcomer has not signed the current agreement yet.
    expect(link.body.status).toBe('forming')
  })
})
