import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ErrorBody } from '../../../shared/errors.js'
import type { Agreement, AgreementContent } from '../../../shared/schemas/agreements.js'
import type { Link, LinkOverview } from '../../../shared/schemas/links.js'
import type { LinkRequest } from '../../../shared/schemas/partners.js'
import { createClass, DHAKA, LONDON, NAIROBI, registerTeacher } from '../../test/people.js'
import { createLinkViaApi, optIn } from '../../test/links.js'
import { nextEvent, startTestServer, type TestServer } from '../../test/server.js'

let server: TestServer
beforeAll(async () => {
  server = await startTestServer()
})
afterAll(() => server?.close())

const content = (over: Partial<AgreementContent> = {}): AgreementContent => ({
  aims: 'Learn about each other’s weather and festivals',
  principles: 'Equal partners; every class leads something',
  communication: { how: 'Letters each half term, a joint assembly each term', contactEveryDays: 14 },
  plan: [
    {
      id: randomUUID(),
      date: '2099-02-01',
      activity: 'Weather diaries exchange',
      outcome: 'Each pupil compares a week of weather',
    },
    { id: randomUUID(), date: '2099-01-10', activity: 'First letters', outcome: 'Every pupil has a pen pal' },
  ],
  resources: 'Class camera, printer',
  roles: [],
  evaluation: {
    outcomes: ['Pupils can describe their partner’s town'],
    review: 'Reviewed with pupils each term',
    reviewEveryWeeks: 13,
  },
  exitStrategy: 'Either school may end the link with a term’s notice',
  ...over,
})

describe('link agreement', () => {
  it('cannot be signed while it is still the empty draft', async () => {
    const [london, nairobi] = [await registerTeacher(server.url, LONDON), await registerTeacher(server.url, NAIROBI)]
    const [londonClass, nairobiClass] = [await createClass(london), await createClass(nairobi)]
    await optIn(london, londonClass.id)
    await optIn(nairobi, nairobiClass.id)
    const invite = await london.client.post<LinkRequest>('/api/link-requests', {
      fromClassId: londonClass.id,
      toClassId: nairobiClass.id,
      message: 'Shall we link?',
    })
    const { linkId } = (await nairobi.client.post<{ linkId: string }>(`/api/link-requests/${invite.body.id}/accept`))
      .body
    const empty = await london.client.post<ErrorBody>(`/api/links/${linkId}/agreement/signatures`, {
      version: 1,
      classId: londonClass.id,
    })
    expect(empty.status).toBe(409)
    expect(empty.body.error.message).toMatch(/still empty/)
    expect((await london.client.get<Agreement>(`/api/links/${linkId}/agreement`)).body.current.signatures).toEqual([])
    expect(
      (await london.client.put(`/api/links/${linkId}/agreement`, { baseVersion: 1, content: content() })).status,
    ).toBe(200)
    expect(
      (await london.client.post(`/api/links/${linkId}/agreement/signatures`, { version: 1, classId: londonClass.id }))
        .status,
    ).toBe(200)
  })

  it('versions on edit after signing, and the link is active only when every class signed the current version', async () => {
    const { linkId, sides } = await createLinkViaApi(server)
    const [london, nairobi] = sides.map((s) => s.teacher)
    const [londonClass, nairobiClass] = sides.map((s) => s.schoolClass)
    let agreement = (await london!.client.get<Agreement>(`/api/links/${linkId}/agreement`)).body
    expect(agreement.current.version).toBe(1)
    expect(agreement.current.signatures).toHaveLength(2)
    expect((await london!.client.get<Link>(`/api/links/${linkId}`)).body.status).toBe('active')

    // An edit after signing makes version 2, which needs everybody's signature again.
    const edited = await nairobi!.client.put<Agreement>(`/api/links/${linkId}/agreement`, {
      baseVersion: 1,
      content: content(),
    })
    expect(edited.status).toBe(200)
    agreement = edited.body
    expect(agreement.current.version).toBe(2)
    expect(agreement.current.signatures).toEqual([])
    expect(agreement.history.map((v) => v.version)).toEqual([2, 1])
    expect(agreement.history[1]?.signatures).toHaveLength(2)
    // Plan items are kept in date order.
    expect(agreement.current.content.plan.map((i) => i.activity)).toEqual(['First letters', 'Weather diaries exchange'])
    expect(agreement.awaitingClassIds.sort()).toEqual([londonClass!.id, nairobiClass!.id].sort())
    expect((await london!.client.get<Link>(`/api/links/${linkId}`)).body.status).toBe('forming')

    // Editing an unsigned draft changes it in place; a stale base version is refused.
    const again = await london!.client.put<Agreement>(`/api/links/${linkId}/agreement`, {
      baseVersion: 2,
      content: content({ resources: 'Tablets' }),
    })
    expect(again.body.current.version).toBe(2)
    const stale = await london!.client.put<ErrorBody>(`/api/links/${linkId}/agreement`, {
      baseVersion: 1,
      content: content(),
    })
    expect(stale.status).toBe(409)
    expect(stale.body.error.code).toBe('STALE_VERSION')

    // Signing a version that is not the current one is refused and records nothing.
    const oldSign = await london!.client.post<ErrorBody>(`/api/links/${linkId}/agreement/signatures`, {
      version: 1,
      classId: londonClass!.id,
    })
    expect(oldSign.body.error.code).toBe('STALE_VERSION')
    // Nobody signs for another school's class.
    expect(
      (
        await london!.client.post(`/api/links/${linkId}/agreement/signatures`, {
          version: 2,
          classId: nairobiClass!.id,
        })
      ).status,
    ).toBe(403)

    await london!.client.post(`/api/links/${linkId}/agreement/signatures`, { version: 2, classId: londonClass!.id })
    expect((await london!.client.get<Link>(`/api/links/${linkId}`)).body.status).toBe('forming')
    const socket = await london!.client.connectSocket()
    await new Promise<void>((resolve) => socket.emit('link:join', { linkId }, () => resolve()))
    const changed = nextEvent(socket, 'link:changed')
    const last = await nairobi!.client.post<Agreement>(`/api/links/${linkId}/agreement/signatures`, {
      version: 2,
      classId: nairobiClass!.id,
    })
    expect(last.body.awaitingClassIds).toEqual([])
    expect((await london!.client.get<Link>(`/api/links/${linkId}`)).body.status).toBe('active')
    await changed
    socket.disconnect()
  })

  it('needs the third class to sign when a third class joins', async () => {
    const { linkId, sides } = await createLinkViaApi(server)
    const dhakaTeacher = await registerTeacher(server.url, DHAKA)
    const dhakaClass = await createClass(dhakaTeacher)
    await optIn(dhakaTeacher, dhakaClass.id)
    const invite = await sides[0]!.teacher.client.post<LinkRequest>('/api/link-requests', {
      fromClassId: sides[0]!.schoolClass.id,
      toClassId: dhakaClass.id,
      message: 'Join us',
      linkId,
    })
    await dhakaTeacher.client.post(`/api/link-requests/${invite.body.id}/accept`)
    const agreement = (await dhakaTeacher.client.get<Agreement>(`/api/links/${linkId}/agreement`)).body
    expect(agreement.awaitingClassIds).toEqual([dhakaClass.id])
    await dhakaTeacher.client.post(`/api/links/${linkId}/agreement/signatures`, {
      version: agreement.current.version,
      classId: dhakaClass.id,
    })
    expect((await dhakaTeacher.client.get<Link>(`/api/links/${linkId}`)).body.status).toBe('active')
  })

  it('refuses an invalid agreement with field errors and keeps the stored one', async () => {
    const { linkId, sides } = await createLinkViaApi(server)
    const teacher = sides[0]!.teacher
    const before = (await teacher.client.get<Agreement>(`/api/links/${linkId}/agreement`)).body
    const bad = await teacher.client.put<ErrorBody>(`/api/links/${linkId}/agreement`, {
      baseVersion: 1,
      content: content({ communication: { how: '', contactEveryDays: 0 } }),
    })
    expect(bad.status).toBe(400)
    expect(Object.keys(bad.body.error.fields ?? {})).toContain('content.communication.contactEveryDays')
    expect((await teacher.client.get<Agreement>(`/api/links/${linkId}/agreement`)).body).toEqual(before)
  })
})

describe('link life: plan, health, pause, end, export', () => {
  it('shows upcoming plan items and flags overdue items and missed contact', async () => {
    const { linkId, sides } = await createLinkViaApi(server)
    const teacher = sides[0]!.teacher
    const plan = content().plan
    const edited = await teacher.client.put<Agreement>(`/api/links/${linkId}/agreement`, {
      baseVersion: 1,
      content: content({
        plan: [...plan, { id: randomUUID(), date: '2020-01-01', activity: 'Photo of our school', outcome: '' }],
      }),
    })
    for (const side of sides)
      await side.teacher.client.post(`/api/links/${linkId}/agreement/signatures`, {
        version: edited.body.current.version,
        classId: side.schoolClass.id,
      })

    const overview = await sides[1]!.teacher.client.get<LinkOverview>(`/api/links/${linkId}/overview`)
    expect(overview.body.upcoming.map((i) => i.activity)).toEqual(['First letters', 'Weather diaries exchange'])
    expect(overview.body.health).toEqual([
      { kind: 'plan_overdue', count: 1, firstActivity: 'Photo of our school', firstDate: '2020-01-01' },
    ])
    expect(overview.body.activity.map((a) => a.kind)).toContain('link_active')

    const overdueItem = edited.body.current.content.plan.find((i) => i.date === '2020-01-01')!
    const done = await teacher.client.post<Agreement>(`/api/links/${linkId}/plan/${overdueItem.id}/done`)
    expect(done.body.doneItemIds).toEqual([overdueItem.id])
    expect((await teacher.client.get<LinkOverview>(`/api/links/${linkId}/overview`)).body.health).toEqual([])
    expect((await teacher.client.post(`/api/links/${linkId}/plan/${randomUUID()}/done`)).status).toBe(404)

    // Three weeks without contact breaks the agreed fortnightly rhythm.
    const later = await server.app.services.agreements.overview(teacher.user, linkId, Date.now() + 21 * 86_400_000)
    expect(later.health).toContainEqual({ kind: 'contact_overdue', daysSinceContact: 21, contactEveryDays: 14 })
  })

  it('lets any teacher pause, resume and end; an ended link stays readable and exportable but refuses changes', async () => {
    const { linkId, sides } = await createLinkViaApi(server)
    const [london, nairobi] = sides.map((s) => s.teacher)
    expect((await nairobi!.client.post<Link>(`/api/links/${linkId}/pause`)).body.status).toBe('paused')
    expect((await nairobi!.client.post<ErrorBody>(`/api/links/${linkId}/pause`)).status).toBe(409)
    expect((await london!.client.post<Link>(`/api/links/${linkId}/resume`)).body.status).toBe('active')
    expect((await london!.client.post<Link>(`/api/links/${linkId}/end`)).body.status).toBe('ended')

    const edit = await nairobi!.client.put<ErrorBody>(`/api/links/${linkId}/agreement`, {
      baseVersion: 1,
      content: content(),
    })
    expect(edit.status).toBe(409)
    expect(edit.body.error.code).toBe('LINK_NOT_ACTIVE')
    expect((await nairobi!.client.post<ErrorBody>(`/api/links/${linkId}/resume`)).body.error.code).toBe(
      'LINK_NOT_ACTIVE',
    )
    expect((await nairobi!.client.get<Agreement>(`/api/links/${linkId}/agreement`)).body.current.version).toBe(1)

    const exported = await nairobi!.client.get<{ link: Link; agreement: unknown[]; activity: { kind: string }[] }>(
      `/api/links/${linkId}/export`,
    )
    expect(exported.status).toBe(200)
    expect(exported.headers.get('content-disposition')).toContain('attachment')
    expect(exported.body.link.status).toBe('ended')
    expect(exported.body.agreement).toHaveLength(1)
    expect(exported.body.activity.map((a) => a.kind)).toEqual(
      expect.arrayContaining(['link_created', 'link_paused', 'link_resumed', 'link_ended']),
    )
  })
})
