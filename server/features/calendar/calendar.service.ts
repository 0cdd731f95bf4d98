import { randomBytes } from 'node:crypto'
import ical from 'ical-generator'
import type { User } from '../../../shared/schemas/accounts.js'
import { agreementContentSchema } from '../../../shared/schemas/agreements.js'
import type { CalendarFeed } from '../../../shared/schemas/privacy.js'
import { forbidden, notFound } from '../../domain/errors.js'
import type { LinkAccess } from '../links/linkAccess.js'
import { privacyTranslator } from '../privacy/texts.js'
import type { SchoolsRepository } from '../schools/schools.repository.js'
import { assertTeacher } from '../schools/schools.service.js'
import type { CalendarRepository } from './calendar.repository.js'

const feedPath = (token: string) => `/api/calendars/${token}.ics`

/**
 * Each class's private calendar feed (iCalendar): the assemblies, plan items and exchange-round dates
 * of every link it is in. The address carries a secret only the class's teachers see and can replace;
 * times are written in UTC, so every calendar shows them right in its own zone.
 */
export class CalendarService {
  constructor(
    private readonly calendars: CalendarRepository,
    private readonly schools: SchoolsRepository,
    private readonly linkAccess: Pick<LinkAccess, 'linkById'>,
  ) {}

  /** The feed's address (made on first request). */
  async feed(user: User, classId: string): Promise<CalendarFeed> {
    await this.assertTeaches(user, classId)
    const token = (await this.calendars.tokenOf(classId)) ?? (await this.newToken(classId))
    return { url: feedPath(token) }
  }

  /** A new address; the old one stops working at once. */
  async reset(user: User, classId: string): Promise<CalendarFeed> {
    await this.assertTeaches(user, classId)
    return { url: feedPath(await this.newToken(classId)) }
  }

  /** The iCalendar text behind a secret address; NOT_FOUND for any other. */
  async render(token: string): Promise<string> {
    const schoolClass = await this.calendars.classByToken(token)
    if (!schoolClass) throw notFound('Calendar')
    const record = await this.schools.findClass(schoolClass.id)
    const { t } = privacyTranslator(record?.languages[0] ?? 'en', 'calendar.feed')
    const linkIds = await this.calendars.linkIdsOfClass(schoolClass.id)
    const names = new Map<string, string>()
    for (const id of linkIds) {
      const link = await this.linkAccess.linkById(id)
      if (link) names.set(id, link.classes.map((c) => `${c.className} (${c.schoolName})`).join(' · '))
    }
    const calendar = ical({
      name: t('name', { className: schoolClass.name }),
      prodId: { company: 'Bridges', product: 'class-calendar' },
    })
    calendar.x('X-WR-TIMEZONE', schoolClass.timeZone)
    for (const a of await this.calendars.assembliesOf(linkIds)) {
      const start = new Date(a.startsAt)
      calendar.createEvent({
        id: `assembly-${a.id}@bridges`,
        start,
        end: new Date(start.getTime() + a.durationMinutes * 60_000),
        summary: t('assembly', { title: a.title, link: names.get(a.linkId) ?? '' }),
        description: a.agenda,
      })
    }
    for (const r of await this.calendars.roundsOf(linkIds)) {
      const link = names.get(r.linkId) ?? ''
      calendar.createEvent({
        id: `round-deadline-${r.id}@bridges`,
        start: new Date(r.deadline),
        end: new Date(r.deadline),
        summary: t('deadline', { theme: r.theme, link }),
      })
      calendar.createEvent({
        id: `round-release-${r.id}@bridges`,
        start: new Date(r.releaseAt),
        end: new Date(r.releaseAt),
        summary: t('release', { theme: r.theme, link }),
      })
    }
    for (const agreement of await this.calendars.agreementsOf(linkIds)) {
      const parsed = agreementContentSchema.safeParse(JSON.parse(agreement.content))
      if (!parsed.success) continue
      for (const item of parsed.data.plan) {
        // A plan item is a day, not a moment: an all-day event on that date wherever the calendar is.
        calendar.createEvent({
          id: `plan-${agreement.linkId}-${item.id}@bridges`,
          start: new Date(`${item.date}T00:00:00Z`),
          allDay: true,
          summary: t('plan', { activity: item.activity, link: names.get(agreement.linkId) ?? '' }),
          description: item.outcome,
        })
      }
    }
    return calendar.toString()
  }

  private async assertTeaches(user: User, classId: string): Promise<void> {
    assertTeacher(user)
    const record = await this.schools.findClass(classId)
    if (!record || record.schoolId !== user.schoolId) throw notFound('Class')
    if (!(await this.schools.isTeacherOfClass(user.id, classId))) throw forbidden('You do not teach this class')
  }

  private async newToken(classId: string): Promise<string> {
    for (;;) {
      const token = randomBytes(24).toString('base64url')
      if (await this.calendars.setToken(classId, token)) return token
    }
  }
}
