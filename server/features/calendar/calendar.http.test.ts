import { randomUUID } from 'node:crypto'
import ICAL from 'ical.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Agreement } from '../../../shared/schemas/agreements.js'
import type { CalendarFeed } from '../../../shared/schemas/privacy.js'
import { testDialects } from '../../test/databases.js'
import { createLinkViaApi, type ApiLinkSide } from '../../test/links.js'
import { NAIROBI, LONDON } from '../../test/people.js'
import { startTestServer, type TestServer } from '../../test/server.js'

/** The events of a feed, read by a maintained iCalendar parser. */
function eventsOf(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text))
  return {
    zone: calendar.getFirstPropertyValue('x-wr-timezone'),
    events: calendar.getAllSubcomponents('vevent').map((component) => new ICAL.Event(component)),
  }
}

/** The wall-clock time of an instant in a time zone, as the school's own calendar shows it. */
const wallClock = (date: Date, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(date)

describe.each(testDialects())('class calendar feeds on $name', (dialect) => {
  let server: TestServer
  let sides: ApiLinkSide[]
  let linkId: string
  beforeAll(async () => {
    server = await startTestServer({ storage: await dialect.open() })
    ;({ linkId, sides } = await createLinkViaApi(server, [LONDON, NAIROBI]))
  })
  afterAll(() => server?.close())

  const feedOf = async (side: ApiLinkSide) => {
    const feed = await side.teacher.client.get<CalendarFeed>(`/api/classes/${side.schoolClass.id}/calendar`)
    expect(feed.status).toBe(200)
    const res = await fetch(server.url + feed.body.url)
    expect(res.headers.get('content-type')).toMatch(/^text\/calendar/)
    return { url: feed.body.url, ...eventsOf(await res.text()) }
  }

  it('holds the assemblies, plan items and round dates of the class’s links at the right time in both schools’ zones', async () => {
    const [london, nairobi] = sides as [ApiLinkSide, ApiLinkSide]
    // 10:00 in London on a winter day is 13:00 in Nairobi; in summer London is an hour ahead of UTC.
    const winter = await london.teacher.client.post<{ id: string }>(`/api/links/${linkId}/assemblies`, {
      title: 'Winter hello',
      startsAt: '2099-01-15T10:00:00Z',
      durationMinutes: 45,
      agenda: 'Songs',
    })
    expect(winter.status).toBe(201)
    await london.teacher.client.post(`/api/links/${linkId}/assemblies`, {
      title: 'Summer hello',
      startsAt: '2099-07-15T09:00:00Z',
    })
    await nairobi.teacher.client.post(`/api/links/${linkId}/rounds`, {
      theme: 'Our weather',
      deadline: '2099-02-01T16:00:00Z',
      releaseAt: '2099-02-03T08:00:00Z',
    })
    const agreement = (await london.teacher.client.get<Agreement>(`/api/links/${linkId}/agreement`)).body
    const edited = await london.teacher.client.put(`/api/links/${linkId}/agreement`, {
      baseVersion: agreement.current.version,
      content: {
        ...agreement.current.content,
        plan: [
          { id: randomUUID(), date: '2099-03-01', activity: 'Festival letters', outcome: 'Every pupil writes one' },
        ],
      },
    })
    expect(edited.status).toBe(200)

    const londonFeed = await feedOf(london)
    const nairobiFeed = await feedOf(nairobi)
    expect(londonFeed.zone).toBe('Europe/London')
    expect(nairobiFeed.zone).toBe('Africa/Nairobi')
    for (const feed of [londonFeed, nairobiFeed]) {
      const winterEvent = feed.events.find((e) => e.summary.startsWith('Assembly: Winter hello'))!
      expect(winterEvent.summary).toContain(london.schoolClass.name)
      expect(winterEvent.summary).toContain(nairobi.teacher.school.name)
      expect(winterEvent.description).toBe('Songs')
      expect(winterEvent.endDate.toJSDate().getTime() - winterEvent.startDate.toJSDate().getTime()).toBe(45 * 60_000)
      const summer = feed.events.find((e) => e.summary.startsWith('Assembly: Summer hello'))!
      expect(wallClock(winterEvent.startDate.toJSDate(), 'Europe/London')).toBe('15/01/2099, 10:00')
      expect(wallClock(winterEvent.startDate.toJSDate(), 'Africa/Nairobi')).toBe('15/01/2099, 13:00')
      expect(wallClock(summer.startDate.toJSDate(), 'Europe/London')).toBe('15/07/2099, 10:00')
      expect(wallClock(summer.startDate.toJSDate(), 'Africa/Nairobi')).toBe('15/07/2099, 12:00')
      const deadline = feed.events.find((e) => e.summary.startsWith('Writing deadline: Our weather'))!
      expect(deadline.startDate.toJSDate().toISOString()).toBe('2099-02-01T16:00:00.000Z')
      expect(
        feed.events
          .find((e) => e.summary.startsWith('Letters delivered: Our weather'))!
          .startDate.toJSDate()
          .toISOString(),
      ).toBe('2099-02-03T08:00:00.000Z')
      const plan = feed.events.find((e) => e.summary.startsWith('Festival letters'))!
      // A plan item is a whole day, the same date wherever the calendar is.
      expect(plan.startDate.isDate).toBe(true)
      expect(plan.startDate.toString()).toBe('2099-03-01')
    }
  })

  it('is private: only the class’s teachers get the address, a new one shuts the old, a wrong one finds nothing', async () => {
    const [london, nairobi] = sides as [ApiLinkSide, ApiLinkSide]
    expect((await nairobi.teacher.client.get(`/api/classes/${london.schoolClass.id}/calendar`)).status).toBe(404)
    const before = await feedOf(london)
    const again = await feedOf(london)
    expect(again.url).toBe(before.url)
    const reset = await london.teacher.client.post<CalendarFeed>(`/api/classes/${london.schoolClass.id}/calendar/reset`)
    expect(reset.body.url).not.toBe(before.url)
    expect((await fetch(server.url + before.url)).status).toBe(404)
    expect((await fetch(server.url + reset.body.url)).status).toBe(200)
    expect((await fetch(`${server.url}/api/calendars/${'x'.repeat(32)}.ics`)).status).toBe(404)
    expect((await fetch(`${server.url}/api/calendars/short.ics`)).status).toBe(400)
  })
})
