import type { Criterion, IsaLevel, Portfolio, PortfolioActivity } from '../../../shared/schemas/portfolio.js'

/** What the record holds, counted, before it is mapped to the award's levels. */
export interface EvidenceCounts {
  activities: PortfolioActivity[]
  pupils: number
  pupilsInvolved: number
  /** Own classes' age bands that took part, e.g. "7–8". */
  ageBands: number
  jointReviews: number
  jointReviewsMet: number
  reflectionsAnswered: number
  /** Rounds in which letters went both ways. */
  exchangedRounds: number
  threads: number
}

const LEVELS: Exclude<IsaLevel, 'none'>[] = ['foundation', 'intermediate', 'accreditation']
const criterion = (id: string, have: number, need: number, extra: Record<string, number | string> = {}): Criterion => ({
  id,
  met: have >= need,
  figures: { have, need, short: Math.max(0, need - have), ...extra },
})

/**
 * The British Council's International School Award, level by level, as the issue states it:
 * Foundation — one curriculum-based international activity; Intermediate — at least three, one with a
 * partner abroad, half the pupils involved; Accreditation — a year of activities (we count months
 * with activity: six or more) spread across subjects (three or more) and ages (two or more age
 * bands), most with partners abroad, one with a language element, and an impact evaluation (a joint
 * review of the agreed outcomes and pupils' reflections).
 */
export function isaCriteria(c: EvidenceCounts): Portfolio['isa'] {
  const curricular = c.activities.filter((a) => a.subjects.length > 0)
  const abroad = c.activities.filter((a) => a.withPartnerAbroad).length
  const share = c.pupils === 0 ? 0 : Math.round((100 * c.pupilsInvolved) / c.pupils)
  const months = new Set(c.activities.map((a) => a.date.slice(0, 7))).size
  const subjects = new Set(c.activities.flatMap((a) => a.subjects)).size
  const mostAbroad = c.activities.length === 0 ? 0 : Math.round((100 * abroad) / c.activities.length)
  const byLevel: Record<Exclude<IsaLevel, 'none'>, Criterion[]> = {
    foundation: [criterion('curriculumActivity', curricular.length, 1)],
    intermediate: [
      criterion('curriculumActivities', curricular.length, 3),
      criterion('partnerAbroad', abroad, 1),
      criterion('halfPupils', share, 50, { pupils: c.pupils, involved: c.pupilsInvolved }),
    ],
    accreditation: [
      criterion('yearOfActivity', months, 6),
      criterion('subjects', subjects, 3),
      criterion('ages', c.ageBands, 2),
      {
        id: 'mostAbroad',
        met: mostAbroad > 50,
        figures: { have: mostAbroad, need: 51, short: Math.max(0, 51 - mostAbroad) },
      },
      criterion('language', c.activities.filter((a) => a.partnerLanguage).length, 1),
      {
        id: 'impact',
        met: c.jointReviews > 0 && c.reflectionsAnswered > 0,
        figures: { reviews: c.jointReviews, reflections: c.reflectionsAnswered },
      },
    ],
  }
  return LEVELS.map((level) => ({ level, met: byLevel[level].every((x) => x.met), criteria: byLevel[level] }))
}

/** The highest level whose criteria, and every lower level's, are all met. */
export function levelOf(isa: Portfolio['isa']): { level: IsaLevel; nextLevel: IsaLevel | null } {
  let level: IsaLevel = 'none'
  for (const l of isa) {
    if (!l.met) return { level, nextLevel: l.level }
    level = l.level
  }
  return { level, nextLevel: null }
}

/** eTwinning's quality-label criteria, each with what the record shows of it. */
export function etwinningCriteria(c: EvidenceCounts): Criterion[] {
  const curricular = c.activities.filter((a) => a.subjects.length > 0).length
  const tools = [
    c.activities.some((a) => a.kind === 'assembly'),
    c.activities.some((a) => a.kind === 'round'),
    c.threads > 0,
  ].filter(Boolean).length
  return [
    {
      id: 'collaboration',
      met: c.jointReviews > 0 && c.exchangedRounds > 0,
      figures: { reviews: c.jointReviews, rounds: c.exchangedRounds },
    },
    criterion('technology', tools, 2),
    criterion('pedagogy', c.reflectionsAnswered, 1),
    criterion('curricularIntegration', curricular, 1),
    criterion('results', c.jointReviewsMet, 1),
  ]
}
