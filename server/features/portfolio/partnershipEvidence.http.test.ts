import fs from 'node:fs'
import { unzipSync, strFromU8 } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Agreement } from '../../../shared/schemas/agreements.js'
import type { Assembly } from '../../../shared/schemas/assemblies.js'
import type { Post } from '../../../shared/schemas/boards.js'
import type { LinkOverview } from '../../../shared/schemas/links.js'
import type { QueuePage } from '../../../shared/schemas/moderation.js'
import type { OutcomeReview, OutcomeReviews } from '../../../shared/schemas/outcomeReviews.js'
import type { LinkActivities, Portfolio } from '../../../shared/schemas/portfolio.js'
import type { Reflection, ReflectionAnswer, ReflectionView } from '../../../shared/schemas/reflections.js'
import type { Round, WallItem } from '../../../shared/schemas/wall.js'
import { createLinkedClasses, type LinkedClasses } from '../../test/links.js'
import type { LinkRecord } from '../linkRecord/linkRecord.service.js'
import { startTestServer, type TestClient, type TestServer } from '../../test/server.js'

const soon = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString()
const today = () => new Date().toISOString().slice(0, 10)
const OUTCOME = 'Pupils can describe a school day at their partner school'

async function agreeOutcome(teacher: TestClient, linkId: string): Promise<Agreement> {
  const current = (await teacher.get<Agreement>(`/api/links/${linkId}/agreement`)).body
  const content = {
    ...current.current.content,
    plan: [{ id: crypto.randomUUID(), date: today(), activity: 'Swap photos of our playgrounds', outcome: '' }],
    evaluation: { ...current.current.content.evaluation, outcomes: [OUTCOME] },
  }
  const res = await teacher.put<Agreement>(`/api/links/${linkId}/agreement`, {
    baseVersion: current.current.version,
    content,
  })
  expect(res.status).toBe(200)
  return res.body
}

describe('evidence of a partnership: outcome reviews, reflections and the portfolio', () => {
  let server: TestServer
  let linked: LinkedClasses
  let linkId: string
  let reflection: Reflection
  let answer: ReflectionAnswer
  beforeAll(async () => {
    server = await startTestServer()
    linked = await createLinkedClasses(server, { pupilsPerClass: 2 })
    linkId = linked.link.id
  })
  afterAll(() => server?.close())

  it('each school reviews an agreed outcome on its own with evidence from the record, then both together; the link home shows it', async () => {
    const [london, nairobi] = linked.sides
    const agreement = await agreeOutcome(london!.teacher.client, linkId)
    const assembly = (
      await london!.teacher.client.post<Assembly>(`/api/links/${linkId}/assemblies`, {
        title: 'Our school days',
        startNow: true,
      })
    ).body
    const before = (await nairobi!.teacher.client.get<OutcomeReviews>(`/api/links/${linkId}/outcomes`)).body
    expect(before.outcomes).toEqual([expect.objectContaining({ text: OUTCOME, overdue: false, lastJoint: null })])
    expect(before.outcomes[0]!.awaitingSchoolIds.sort()).toEqual(
      [london!.teacher.user.schoolId, nairobi!.teacher.user.schoolId].sort(),
    )
    expect(before.evidenceOptions).toContainEqual(
      expect.objectContaining({ kind: 'assembly', id: assembly.id, title: 'Our school days' }),
    )

    const joint = {
      outcomeIndex: 0,
      scope: 'joint',
      rating: 'met',
      evidence: [{ kind: 'assembly', id: assembly.id }],
      nextSteps: 'Plan a day swap',
    }
    expect((await london!.teacher.client.post(`/api/links/${linkId}/outcomes/reviews`, joint)).body).toMatchObject({
      error: { code: 'SCHOOL_REVIEWS_MISSING' },
    })
    const own = await london!.teacher.client.post<OutcomeReview>(`/api/links/${linkId}/outcomes/reviews`, {
      ...joint,
      scope: 'school',
      rating: 'partly',
    })
    expect(own.status).toBe(201)
    expect(own.body).toMatchObject({
      scope: 'school',
      schoolId: london!.teacher.user.schoolId,
      rating: 'partly',
      evidence: [expect.objectContaining({ title: 'Our school days' })],
    })
    // Evidence must be the link's own: an assembly of another link is refused.
    const other = await createLinkedClasses(server)
    const foreign = (
      await other.sides[0]!.teacher.client.post<Assembly>(`/api/links/${other.link.id}/assemblies`, {
        title: 'Elsewhere',
        startNow: true,
      })
    ).body
    expect(
      (
        await nairobi!.teacher.client.post(`/api/links/${linkId}/outcomes/reviews`, {
          ...joint,
          scope: 'school',
          evidence: [{ kind: 'assembly', id: foreign.id }],
        })
      ).body,
    ).toMatchObject({ error: { code: 'INVALID_PAYLOAD' } })
    expect((await other.sides[0]!.teacher.client.get(`/api/links/${linkId}/outcomes`)).status).toBe(404)
    expect(
      (await london!.pupils[0]!.client.post(`/api/links/${linkId}/outcomes/reviews`, { ...joint, scope: 'school' }))
        .status,
    ).toBe(403)
    expect(
      (await london!.teacher.client.post(`/api/links/${linkId}/outcomes/reviews`, { ...joint, outcomeIndex: 5 }))
        .status,
    ).toBe(404)

    expect(
      (
        await nairobi!.teacher.client.post(`/api/links/${linkId}/outcomes/reviews`, {
          ...joint,
          scope: 'school',
          rating: 'met',
        })
      ).status,
    ).toBe(201)
    expect((await nairobi!.teacher.client.post(`/api/links/${linkId}/outcomes/reviews`, joint)).status).toBe(201)
    const after = (await london!.teacher.client.get<OutcomeReviews>(`/api/links/${linkId}/outcomes`)).body.outcomes[0]!
    expect(after.lastJoint).toMatchObject({ scope: 'joint', rating: 'met', nextSteps: 'Plan a day swap' })
    expect(after.schoolReviews).toEqual([])
    expect(after.history.map((r) => r.scope)).toEqual(['joint', 'school', 'school'])
    // The link's record carries every review, each school's and the joint one, with their evidence.
    const record = (await nairobi!.teacher.client.get<LinkRecord>(`/api/links/${linkId}/export`)).body
    expect(record.outcomeReviews).toEqual([
      expect.objectContaining({
        text: OUTCOME,
        lastJoint: expect.objectContaining({ rating: 'met', nextSteps: 'Plan a day swap' }),
      }),
    ])
    expect(record.outcomeReviews[0]!.history.map((r) => [r.scope, r.rating, r.evidence[0]?.title])).toEqual([
      ['joint', 'met', 'Our school days'],
      ['school', 'met', 'Our school days'],
      ['school', 'partly', 'Our school days'],
    ])
    const overview = (await nairobi!.teacher.client.get<LinkOverview>(`/api/links/${linkId}/overview`)).body
    expect(overview.reviews).toMatchObject({ last: { met: 1, partly: 0, notYet: 0 } })
    expect(overview.reviews.nextDue! > today()).toBe(true)
    expect(overview.health.map((h) => h.kind)).not.toContain('review_overdue')
    // A term later, with no review, the link's health says so to both schools.
    const late = await server.app.services.agreements.overview(
      london!.teacher.user,
      linkId,
      Date.parse(overview.reviews.nextDue!) + 2 * 86_400_000,
    )
    expect(late.health).toContainEqual({ kind: 'review_overdue', dueDate: overview.reviews.nextDue })
    expect(agreement.current.content.evaluation.reviewEveryWeeks).toBe(13)
  })

  it('pupils answer a reflection their teacher opened; the partner school never sees it, by any path', async () => {
    const [london, nairobi] = linked.sides
    const opened = await london!.teacher.client.post<Reflection>(`/api/classes/${london!.schoolClass.id}/reflections`, {
      moment: 'term',
      statements: ['dayAtPartner', 'wouldVisit'],
      question: 'What surprised you?',
    })
    expect(opened.status).toBe(201)
    reflection = opened.body
    expect(
      (
        await nairobi!.teacher.client.post(`/api/classes/${london!.schoolClass.id}/reflections`, {
          moment: 'term',
          statements: ['wouldVisit'],
          question: 'Sneaky?',
        })
      ).status,
    ).toBe(404)
    const [first, second] = london!.pupils
    const sent = await first!.client.post<ReflectionAnswer>(`/api/reflections/${reflection.id}/answers`, {
      faces: { dayAtPartner: 'yes', wouldVisit: 'yes' },
      answer: 'They have lunch under a mango tree',
    })
    expect(sent.status).toBe(201)
    expect(sent.body.status).toBe('held')
    answer = sent.body
    expect((await first!.client.post(`/api/reflections/${reflection.id}/answers`, { faces: {} })).body).toMatchObject({
      error: { code: 'ALREADY_ANSWERED' },
    })
    expect(
      (await second!.client.post(`/api/reflections/${reflection.id}/answers`, { faces: { knowWords: 'yes' } })).body,
    ).toMatchObject({ error: { code: 'INVALID_PAYLOAD' } })
    expect(
      (
        await second!.client.post<ReflectionAnswer>(`/api/reflections/${reflection.id}/answers`, {
          faces: { dayAtPartner: 'unsure', wouldVisit: 'yes' },
        })
      ).body.status,
    ).toBe('published')

    // Her own school: her teacher sees every answer and the counts; a classmate sees only her own.
    const teacherView = (await london!.teacher.client.get<ReflectionView>(`/api/reflections/${reflection.id}`)).body
    expect(teacherView.answers.map((a) => a.answer)).toContain('They have lunch under a mango tree')
    expect(teacherView.summary).toEqual({
      answered: 2,
      classSize: 2,
      counts: { dayAtPartner: { yes: 1, unsure: 1, no: 0 }, wouldVisit: { yes: 2, unsure: 0, no: 0 } },
    })
    const classmate = (await second!.client.get<ReflectionView>(`/api/reflections/${reflection.id}`)).body
    expect(classmate.answers).toEqual([])
    expect(classmate.mine?.faces).toEqual({ dayAtPartner: 'unsure', wouldVisit: 'yes' })
    expect((await london!.teacher.client.get<QueuePage>('/api/moderation/queue')).body.items).toContainEqual(
      expect.objectContaining({ kind: 'reflection_answer', itemId: answer.id }),
    )

    // The partner school: nothing through any read or write path.
    for (const partner of [nairobi!.teacher.client, nairobi!.pupils[0]!.client]) {
      expect((await partner.get(`/api/reflections/${reflection.id}`)).status).toBe(404)
      expect((await partner.get<Reflection[]>('/api/reflections')).body).toEqual([])
      expect((await partner.post(`/api/reflections/${reflection.id}/answers`, { faces: {} })).status).toBe(404)
    }
    expect((await nairobi!.teacher.client.get(`/api/reflections?classId=${london!.schoolClass.id}`)).status).toBe(404)
    expect((await nairobi!.teacher.client.post(`/api/reflections/${reflection.id}/close`)).status).toBe(404)
    for (const action of ['approve', 'hide', 'flag', 'delete']) {
      expect(
        (
          await nairobi!.teacher.client.post(`/api/moderation/reflection_answer/${answer.id}/${action}`, {
            reason: 'x',
          })
        ).status,
      ).toBe(404)
    }
    expect(JSON.stringify((await nairobi!.teacher.client.get('/api/moderation/queue')).body)).not.toContain(answer.id)
    expect(JSON.stringify((await nairobi!.teacher.client.get(`/api/links/${linkId}/export`)).body)).not.toContain(
      'mango',
    )
    expect(JSON.stringify((await nairobi!.teacher.client.get(`/api/links/${linkId}/audit`)).body)).not.toContain(
      answer.id,
    )
    const nairobiPortfolio = (await nairobi!.teacher.client.get<Portfolio>('/api/portfolio')).body
    expect(nairobiPortfolio.figures.reflections).toEqual([])

    expect((await london!.teacher.client.post(`/api/moderation/reflection_answer/${answer.id}/approve`)).status).toBe(
      204,
    )
    expect((await first!.client.get<ReflectionView>(`/api/reflections/${reflection.id}`)).body.mine?.status).toBe(
      'published',
    )
    expect((await nairobi!.teacher.client.get(`/api/reflections/${reflection.id}`)).status).toBe(404)
    // Published, it still stays in its school: the partner can neither hide nor flag it, nor a classmate flag it.
    expect(
      (await nairobi!.teacher.client.post(`/api/moderation/reflection_answer/${answer.id}/hide`, { reason: 'x' }))
        .status,
    ).toBe(404)
    expect(
      (await nairobi!.pupils[0]!.client.post(`/api/moderation/reflection_answer/${answer.id}/flag`, {})).status,
    ).toBe(404)
    expect((await second!.client.post(`/api/moderation/reflection_answer/${answer.id}/flag`, {})).status).toBe(404)
  })

  it('the London portfolio maps the record to the ISA levels, says what is missing, and never names a pupil', async () => {
    const [london, nairobi] = linked.sides
    const teacher = london!.teacher.client
    const agreement = (await teacher.get<Agreement>(`/api/links/${linkId}/agreement`)).body
    const planItem = agreement.current.content.plan[0]!
    expect((await teacher.post(`/api/links/${linkId}/plan/${planItem.id}/done`)).status).toBe(200)
    expect(
      (
        await teacher.put(`/api/links/${linkId}/curriculum`, {
          kind: 'plan_item',
          itemId: planItem.id,
          subjects: ['Geography'],
          sdgs: [4],
          partnerLanguage: true,
        })
      ).status,
    ).toBe(204)
    expect(
      (
        await nairobi!.teacher.client.put(`/api/links/${linkId}/curriculum`, {
          kind: 'plan_item',
          itemId: crypto.randomUUID(),
          subjects: ['Art'],
        })
      ).status,
    ).toBe(404)
    // A round of letters both ways, and a thread whose title a pupil wrote.
    const round = (
      await teacher.post<Round>(`/api/links/${linkId}/rounds`, {
        theme: 'Our homes',
        deadline: soon(60),
        releaseAt: soon(120),
      })
    ).body
    for (const side of linked.sides) {
      const letter = (
        await side.pupils[0]!.client.post<WallItem>(`/api/links/${linkId}/wall`, {
          kind: 'letter',
          body: `Dear friends, from ${side.pupils[0]!.user.displayName}`,
        })
      ).body
      expect((await side.teacher.client.post(`/api/moderation/wall_item/${letter.id}/approve`)).status).toBe(204)
      await side.teacher.client.post(`/api/rounds/${round.id}/early-release`)
    }
    const board = (await teacher.post<{ id: string }>(`/api/links/${linkId}/boards`, { title: 'Games' })).body
    await nairobi!.pupils[1]!.client.post<Post>(`/api/boards/${board.id}/threads`, {
      title: `Games by ${nairobi!.pupils[1]!.user.displayName}`,
      body: 'Tag',
    })
    expect(
      (
        await teacher.put(`/api/links/${linkId}/curriculum`, {
          kind: 'round',
          itemId: round.id,
          subjects: ['English', 'Geography'],
        })
      ).status,
    ).toBe(204)
    // Each school tags with its own curriculum: London's subjects are not Nairobi's.
    const tagged = (await teacher.get<LinkActivities>(`/api/links/${linkId}/activities`)).body
    expect(tagged.activities.find((a) => a.id === planItem.id)).toMatchObject({
      kind: 'plan_item',
      subjects: ['Geography'],
      sdgs: [4],
      partnerLanguage: true,
      classes: [expect.objectContaining({ pupils: 2 })],
    })
    expect(tagged.subjects).toContain('Geography')
    expect(
      (await nairobi!.teacher.client.get<LinkActivities>(`/api/links/${linkId}/activities`)).body.activities.find(
        (a) => a.id === planItem.id,
      )?.subjects,
    ).toEqual([])
    expect(
      (await (await createLinkedClasses(server)).sides[0]!.teacher.client.get(`/api/links/${linkId}/activities`))
        .status,
    ).toBe(404)
    await teacher.put('/api/portfolio/notes', {
      staffDevelopment: 'Two teachers joined a British Council course',
      community: '',
      policy: '',
    })

    const res = await teacher.get<Portfolio>('/api/portfolio')
    expect(res.status).toBe(200)
    const p = res.body
    expect(p.to).toBe(today())
    expect(p.activities.map((a) => [a.kind, a.subjects])).toEqual(
      expect.arrayContaining([
        ['plan_item', ['Geography']],
        ['round', ['English', 'Geography']],
        ['assembly', []],
      ]),
    )
    expect(p.activities.every((a) => a.withPartnerAbroad)).toBe(true)
    expect(p.level).toBe('foundation')
    expect(p.nextLevel).toBe('intermediate')
    const intermediate = p.isa.find((l) => l.level === 'intermediate')!
    expect(intermediate.criteria.find((c) => c.id === 'curriculumActivities')).toMatchObject({
      met: false,
      figures: { have: 2, need: 3, short: 1 },
    })
    expect(intermediate.criteria.find((c) => c.id === 'halfPupils')).toMatchObject({
      met: true,
      figures: { pupils: 2, involved: 2 },
    })
    expect(p.figures.lettersPerRound).toEqual([{ round: 'Our homes', date: today(), sent: 1, received: 1 }])
    expect(p.figures.reflections).toContainEqual(expect.objectContaining({ statement: 'wouldVisit', yes: 2 }))
    expect(p.reviews).toEqual([expect.objectContaining({ outcome: OUTCOME, rating: 'met' })])
    expect(p.etwinning.find((c) => c.id === 'collaboration')?.met).toBe(true)
    expect((await teacher.get('/api/portfolio?from=2026-05-01&to=2026-01-01')).body).toMatchObject({
      error: { code: 'INVALID_PAYLOAD' },
    })
    expect((await london!.pupils[0]!.client.get('/api/portfolio')).status).toBe(403)

    const page = await fetch(`${server.url}/api/portfolio/page`, { headers: { cookie: teacher.cookie } })
    expect(page.headers.get('content-type')).toContain('text/html')
    const html = await page.text()
    expect(html).toContain('The evidence meets the International School Award at Foundation level.')
    expect(html).toContain('Still missing for Intermediate level:')
    expect(html).toContain('Activities tagged with a subject still needed: 1.')
    expect(html).toContain('<svg')
    expect(html).toContain('Two teachers joined a British Council course')
    const zip = unzipSync(
      new Uint8Array(
        await (await fetch(`${server.url}/api/portfolio/zip`, { headers: { cookie: teacher.cookie } })).arrayBuffer(),
      ),
    )
    expect(Object.keys(zip).sort()).toEqual([
      'activities.csv',
      'activities_per_month.csv',
      'criteria.csv',
      'letters_per_round.csv',
      'portfolio.html',
      'pupils.csv',
      'reflections.csv',
      'reviews.csv',
    ])
    expect(strFromU8(zip['letters_per_round.csv']!)).toContain('"Our homes","1","1"')

    // No pupil's name, of either school, in any export; nor a word of a reflection.
    const pupilNames = linked.sides.flatMap((s) => s.pupils.map((x) => x.user.displayName))
    const exports = [JSON.stringify(p), html, ...Object.values(zip).map((file) => strFromU8(file))]
    for (const text of exports) {
      for (const name of pupilNames) expect(text).not.toContain(name)
      expect(text).not.toContain('mango')
    }
  })

  it.skipIf(!fs.existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'))(
    'prints the portfolio as a PDF whose text states the level and what is missing',
    async () => {
      const { extractText, getDocumentProxy } = await import('unpdf')
      const res = await fetch(`${server.url}/api/portfolio/pdf`, {
        headers: { cookie: linked.sides[0]!.teacher.client.cookie },
      })
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('application/pdf')
      const { text } = await extractText(await getDocumentProxy(new Uint8Array(await res.arrayBuffer())), {
        mergePages: true,
      })
      const flat = text.replace(/\s+/g, ' ')
      expect(flat).toContain('International School Award at Foundation level')
      expect(flat).toContain('Still missing for Intermediate level')
      for (const name of linked.sides.flatMap((s) => s.pupils.map((x) => x.user.displayName)))
        expect(flat).not.toContain(name)
    },
    60_000,
  )
})
