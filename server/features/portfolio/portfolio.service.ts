import type { User } from '../../../shared/schemas/accounts.js'
import type { Link } from '../../../shared/schemas/links.js'
import type {
  LinkActivities,
  Portfolio,
  PortfolioActivity,
  PortfolioNotes,
  PortfolioPicture,
  PortfolioQuery,
} from '../../../shared/schemas/portfolio.js'
import { DEFAULT_SUBJECTS } from '../../../shared/schemas/outcomeReviews.js'
import { forbidden, notFound } from '../../domain/errors.js'
import { nowIso } from '../../domain/ids.js'
import type { AssembliesService } from '../assemblies/assemblies.service.js'
import type { LinkEvidence } from '../linkRecord/evidence.js'
import type { AgreementsService } from '../links/agreements.service.js'
import type { LinkAccess } from '../links/linkAccess.js'
import type { MediaService } from '../media/media.service.js'
import type { PhotoConsent } from '../media/photoConsent.js'
import type { OutcomesRepository, StoredCurriculum } from '../links/outcomes.repository.js'
import type { ReflectionsService } from '../reflections/reflections.service.js'
import type { SchoolsRepository } from '../schools/schools.repository.js'
import type { WallService } from '../wall/wall.service.js'
import { etwinningCriteria, isaCriteria, levelOf, type EvidenceCounts } from './portfolio.criteria.js'
import type { PortfolioRepository } from './portfolio.repository.js'

export interface PortfolioDeps {
  portfolio: PortfolioRepository
  schools: SchoolsRepository
  linkAccess: LinkAccess
  agreements: AgreementsService
  evidence: LinkEvidence
  assemblies: AssembliesService
  wall: WallService
  outcomes: OutcomesRepository
  reflections: ReflectionsService
  consent: PhotoConsent
  media: MediaService
}

/** At most this many pictures in a portfolio: a few pages of a PDF, not an album. */
const MAX_PICTURES = 12

const DAY_MS = 86_400_000
const NO_TAGS = { subjects: [], sdgs: [], partnerLanguage: false }

/** Default range: the last 12 months up to today. */
export function rangeOf(query: PortfolioQuery, now = Date.now()): { from: string; to: string } {
  const to = query.to ?? new Date(now).toISOString().slice(0, 10)
  const from = query.from ?? new Date(Date.parse(to) - 365 * DAY_MS).toISOString().slice(0, 10)
  return { from, to }
}

const inRange = (date: string, r: { from: string; to: string }) =>
  date.slice(0, 10) >= r.from && date.slice(0, 10) <= r.to
const linkName = (link: Link, schoolId: string) =>
  [...new Set(link.classes.filter((c) => c.schoolId !== schoolId).map((c) => c.schoolName))].join(', ')

/**
 * A school's evidence of its international work for a date range, mapped to the International School
 * Award and eTwinning's quality label. Everything is read through the features' services with the
 * teacher's own rights; pupils appear only as counts and classes only by name and age, never a
 * pupil's name (of either school).
 */
export class PortfolioService {
  constructor(private readonly deps: PortfolioDeps) {}

  async build(user: User, query: PortfolioQuery, now = Date.now()): Promise<Portfolio> {
    if (user.role !== 'teacher') throw forbidden('Only teachers make the portfolio')
    const range = rangeOf(query, now)
    const school = await this.deps.schools.findSchool(user.schoolId)
    if (!school) throw notFound('School')
    const classes = await this.deps.schools.listClassesOfSchool(user.schoolId)
    const pupilsOf = new Map(classes.map((c) => [c.id, c.pupilCount]))
    const links = await this.deps.linkAccess.linksOf(user)
    const tags = new Map<string, StoredCurriculum>()
    for (const t of await this.deps.outcomes.curriculumOf(
      user.schoolId,
      links.map((l) => l.id),
    ))
      tags.set(`${t.kind}:${t.itemId}`, t)
    const activities: PortfolioActivity[] = []
    const involvedClasses = new Set<string>()
    const writers = new Set<string>()
    const lettersPerRound: Portfolio['figures']['lettersPerRound'] = []
    const pictures: PortfolioPicture[] = []
    let threads = 0
    for (const link of links) {
      const own = link.classes.filter((c) => c.schoolId === user.schoolId)
      const partners = link.classes.filter((c) => c.schoolId !== user.schoolId)
      const base = {
        linkId: link.id,
        partners: partners.map((c) => ({ schoolName: c.schoolName, country: c.country })),
        withPartnerAbroad: partners.some((c) => c.country !== school.country),
      }
      const classRow = (classIds: readonly string[]) =>
        own
          .filter((c) => classIds.includes(c.classId))
          .map((c) => ({
            className: c.className,
            ages: `${c.ageMin}–${c.ageMax}`,
            pupils: pupilsOf.get(c.classId) ?? 0,
          }))
      const add = (kind: PortfolioActivity['kind'], id: string, title: string, date: string, classIds: string[]) => {
        const t = tags.get(`${kind}:${id}`) ?? NO_TAGS
        activities.push({
          ...base,
          kind,
          id,
          title,
          date: date.slice(0, 10),
          subjects: t.subjects,
          sdgs: t.sdgs,
          partnerLanguage: t.partnerLanguage,
          classes: classRow(classIds),
        })
      }
      const { agreement } = await this.deps.agreements.agreementFor(user, link.id)
      for (const item of agreement.current.content.plan) {
        if (!agreement.doneItemIds.includes(item.id) || !inRange(item.date, range)) continue
        add(
          'plan_item',
          item.id,
          item.activity,
          item.date,
          own.map((c) => c.classId),
        )
        own.forEach((c) => involvedClasses.add(c.classId))
      }
      const parts = await this.deps.evidence.parts(user, link.id)
      threads += parts.threads.filter((t) => t.status === 'published' && inRange(t.createdAt, range)).length
      for (const assembly of parts.assemblies) {
        const held = assembly.openedAt
        if (!held || !inRange(held, range)) continue
        const attended = [
          ...new Set((await this.deps.assemblies.attendance(user, assembly.id)).map((a) => a.classId)),
        ].filter((id) => own.some((c) => c.classId === id))
        attended.forEach((id) => involvedClasses.add(id))
        add('assembly', assembly.id, assembly.title, held, attended)
      }
      const { items } = await this.deps.wall.listAll(user, link.id)
      for (const shared of [...items, ...parts.threads]) {
        if (!shared.media || shared.status !== 'published' || !inRange(shared.createdAt, range)) continue
        pictures.push({
          mediaId: shared.media.id,
          date: shared.createdAt.slice(0, 10),
          linkName: linkName(link, user.schoolId),
          byPupil: shared.authorRole === 'pupil',
          className: shared.className,
          width: shared.media.width,
          height: shared.media.height,
        })
      }
      for (const round of parts.rounds) {
        if (round.status !== 'released' || !round.releasedAt || !inRange(round.releasedAt, range)) continue
        const letters = items.filter((i) => i.roundId === round.id && i.parentId === null && i.status === 'published')
        const ownPupilLetters = letters.filter((i) => i.schoolId === user.schoolId && i.authorRole === 'pupil')
        ownPupilLetters.forEach((i) => writers.add(i.authorId))
        const classIds = [...new Set(ownPupilLetters.map((i) => i.classId).filter((id): id is string => Boolean(id)))]
        add('round', round.id, round.theme, round.releasedAt, classIds)
        const sent = letters.filter((i) => i.schoolId === user.schoolId).length
        lettersPerRound.push({
          round: round.theme,
          date: round.releasedAt.slice(0, 10),
          sent,
          received: letters.length - sent,
        })
      }
    }
    activities.sort((a, b) => a.date.localeCompare(b.date))
    let pupilsInvolved = 0
    for (const classId of involvedClasses) pupilsInvolved += pupilsOf.get(classId) ?? 0
    for (const c of classes.filter((c) => !involvedClasses.has(c.id))) {
      const pupilIds = new Set((await this.deps.schools.listPupils(c.id)).map((p) => p.id))
      pupilsInvolved += [...writers].filter((id) => pupilIds.has(id)).length
    }
    const reviews = (await this.deps.outcomes.reviewsOfLinks(links.map((l) => l.id))).filter(
      (r) => r.scope === 'joint' && inRange(r.reviewedAt, range),
    )
    const reflections = (await this.deps.reflections.summariesOf(user)).filter((r) =>
      inRange(r.reflection.openedAt, range),
    )
    const counts: EvidenceCounts = {
      activities,
      pupils: classes.reduce((n, c) => n + c.pupilCount, 0),
      pupilsInvolved,
      ageBands: new Set(activities.flatMap((a) => a.classes.filter((c) => c.pupils > 0).map((c) => c.ages))).size,
      jointReviews: reviews.length,
      jointReviewsMet: reviews.filter((r) => r.rating === 'met').length,
      reflectionsAnswered: reflections.filter((r) => r.summary.answered > 0).length,
      exchangedRounds: lettersPerRound.filter((r) => r.sent > 0 && r.received > 0).length,
      threads,
    }
    const isa = isaCriteria(counts)
    const perMonth = new Map<string, number>()
    for (const a of activities) {
      const link = links.find((l) => l.id === a.linkId)
      const key = `${a.date.slice(0, 7)}\u0000${link ? linkName(link, user.schoolId) : ''}`
      perMonth.set(key, (perMonth.get(key) ?? 0) + 1)
    }
    return {
      school: { id: school.id, name: school.name, country: school.country },
      ...range,
      generatedAt: nowIso(),
      ...levelOf(isa),
      isa,
      etwinning: etwinningCriteria(counts),
      activities,
      figures: {
        pupils: counts.pupils,
        pupilsInvolved,
        activitiesPerMonth: [...perMonth].map(([key, count]) => {
          const [month = '', name = ''] = key.split('\u0000')
          return { month, linkName: name, count }
        }),
        lettersPerRound,
        reflections: reflections.flatMap(({ reflection, summary }) =>
          reflection.statements.map((statement) => ({
            date: reflection.openedAt.slice(0, 10),
            className: reflection.className,
            statement,
            ...(summary.counts[statement] ?? { yes: 0, unsure: 0, no: 0 }),
          })),
        ),
      },
      reviews: reviews.map((r) => {
        const link = links.find((l) => l.id === r.linkId)
        return {
          linkName: link ? linkName(link, user.schoolId) : '',
          outcome: r.outcome,
          rating: r.rating,
          at: r.reviewedAt.slice(0, 10),
          nextSteps: r.nextSteps,
        }
      }),
      notes: await this.deps.portfolio.notesOf(user.schoolId),
      pictures: await this.exportablePictures(pictures),
    }
  }

  /** The newest pictures the photo-consent rule lets an export carry. */
  private async exportablePictures(pictures: PortfolioPicture[]): Promise<PortfolioPicture[]> {
    const allowed = await this.deps.consent.exportable(pictures.map((p) => p.mediaId))
    return pictures
      .filter((p) => allowed.has(p.mediaId))
      .sort((a, b) => b.date.localeCompare(a.date))
      .slice(0, MAX_PICTURES)
  }

  /** The processed bytes (WebP, metadata dropped) of a built portfolio's pictures, for its page, PDF and ZIP. */
  async pictureBytes(portfolio: Portfolio): Promise<Map<string, Buffer>> {
    const bytes = new Map<string, Buffer>()
    for (const p of portfolio.pictures) {
      const found = await this.deps.media.bytesOf(p.mediaId)
      if (found) bytes.set(p.mediaId, found)
    }
    return bytes
  }

  /** One link's activities (all time) with my school's tags: what a teacher tags with subjects and SDGs. */
  async activitiesOf(user: User, linkId: string): Promise<LinkActivities> {
    await this.deps.linkAccess.teacherMembershipOf(user, linkId)
    const all = await this.build(user, { from: '2000-01-01' })
    const used = all.activities.flatMap((a) => a.subjects)
    return {
      subjects: [...new Set([...DEFAULT_SUBJECTS, ...used])],
      activities: all.activities.filter((a) => a.linkId === linkId),
    }
  }

  async notes(user: User): Promise<PortfolioNotes> {
    if (user.role !== 'teacher') throw forbidden('Only teachers make the portfolio')
    return this.deps.portfolio.notesOf(user.schoolId)
  }

  async saveNotes(user: User, notes: PortfolioNotes): Promise<PortfolioNotes> {
    if (user.role !== 'teacher') throw forbidden('Only teachers make the portfolio')
    await this.deps.portfolio.saveNotes(user.schoolId, notes, user.id, nowIso())
    return this.deps.portfolio.notesOf(user.schoolId)
  }
}
