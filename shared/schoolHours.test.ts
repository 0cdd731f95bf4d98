import { describe, expect, it } from 'vitest'
import {
  DEFAULT_SCHOOL_DAY,
  localTime,
  pupilSessionEnd,
  schoolHoursOverlap,
  startOfUtcWeek,
  zonedToInstant,
} from './schoolHours.js'

const day = DEFAULT_SCHOOL_DAY
const hours = (minutes: number) => minutes / 60

describe('school-hours overlap', () => {
  it('London and Nairobi share the London morning, five days a week', () => {
    const week = Date.UTC(2026, 10, 23) // Monday 23 November 2026 (London on GMT, Nairobi UTC+3)
    const overlap = schoolHoursOverlap(
      { timeZone: 'Europe/London', schoolDay: day },
      { timeZone: 'Africa/Nairobi', schoolDay: day },
      week,
    )
    // London 08:30–15:30 UTC, Nairobi 05:30–12:30 UTC: 4 hours a day.
    expect(hours(overlap.minutesPerWeek)).toBe(20)
    expect(overlap.windows).toHaveLength(5)
    const first = overlap.windows[0]!
    expect(localTime(first.start, 'Europe/London')).toBe('08:30')
    expect(localTime(first.end, 'Africa/Nairobi')).toBe('15:30')
  })

  it('classes on opposite sides of the date line meet on different weekdays', () => {
    const week = Date.UTC(2026, 10, 23)
    const overlap = schoolHoursOverlap(
      { timeZone: 'Pacific/Auckland', schoolDay: day }, // UTC+13 in November (NZ daylight time)
      { timeZone: 'Pacific/Honolulu', schoolDay: day }, // UTC−10
      week,
    )
    // Auckland's Tuesday to Friday mornings are Honolulu's Monday to Thursday afternoons: 6 h each.
    expect(hours(overlap.minutesPerWeek)).toBe(24)
    const first = overlap.windows[0]!
    const weekday = (instant: number, timeZone: string) =>
      new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'long' }).format(new Date(instant))
    expect(weekday(first.start, 'Pacific/Auckland')).toBe('Tuesday')
    expect(weekday(first.start, 'Pacific/Honolulu')).toBe('Monday')
    expect(localTime(first.start, 'Pacific/Auckland')).toBe('08:30')
    expect(localTime(first.end, 'Pacific/Honolulu')).toBe('15:30')
  })

  it('follows a daylight-saving change: New York springs forward two weeks before London', () => {
    const london = { timeZone: 'Europe/London', schoolDay: day }
    const newYork = { timeZone: 'America/New_York', schoolDay: day }
    // Week of 16 March 2026: New York already on EDT (UTC−4), London still on GMT: 3 h a day.
    expect(hours(schoolHoursOverlap(london, newYork, Date.UTC(2026, 2, 16)).minutesPerWeek)).toBe(15)
    // Week of 13 April 2026: both on summer time (5 h apart): 2 h a day.
    expect(hours(schoolHoursOverlap(london, newYork, Date.UTC(2026, 3, 13)).minutesPerWeek)).toBe(10)
    // Week of 23 March 2026: London changes on Sunday 29 March, inside no school day: still 3 h.
    expect(hours(schoolHoursOverlap(london, newYork, Date.UTC(2026, 2, 23)).minutesPerWeek)).toBe(15)
  })

  it('a wall-clock time on the day of a change maps to the right instant', () => {
    // 29 March 2026, London jumps from 01:00 GMT to 02:00 BST: 09:00 that day is 08:00 UTC.
    expect(new Date(zonedToInstant(Date.UTC(2026, 2, 29), '09:00', 'Europe/London')).toISOString()).toBe(
      '2026-03-29T08:00:00.000Z',
    )
    expect(new Date(zonedToInstant(Date.UTC(2026, 2, 28), '09:00', 'Europe/London')).toISOString()).toBe(
      '2026-03-28T09:00:00.000Z',
    )
  })

  it('classes with no shared hours have none, and the week starts on Monday', () => {
    const overlap = schoolHoursOverlap(
      { timeZone: 'Europe/London', schoolDay: { start: '09:00', end: '12:00' } },
      { timeZone: 'Asia/Tokyo', schoolDay: { start: '09:00', end: '12:00' } },
      Date.UTC(2026, 10, 23),
    )
    expect(overlap.minutesPerWeek).toBe(0)
    expect(new Date(startOfUtcWeek(Date.UTC(2026, 10, 26, 15))).toISOString()).toBe('2026-11-23T00:00:00.000Z')
  })
})

describe('pupilSessionEnd', () => {
  const at = (iso: string) => Date.parse(iso)
  it('ends at the end of the school day in the school’s zone', () => {
    // 10:00 in London in summer (UTC+1): the day ends at 15:30 local, 14:30 UTC.
    expect(new Date(pupilSessionEnd(at('2026-06-10T09:00:00Z'), 'Europe/London', '15:30')).toISOString()).toBe(
      '2026-06-10T14:30:00.000Z',
    )
    // The same instant in Nairobi (UTC+3) is 12:00 there: its day ends at 12:30 UTC.
    expect(new Date(pupilSessionEnd(at('2026-06-10T09:00:00Z'), 'Africa/Nairobi', '15:30')).toISOString()).toBe(
      '2026-06-10T12:30:00.000Z',
    )
  })
  it('after the school day, at the next local midnight', () => {
    expect(new Date(pupilSessionEnd(at('2026-12-01T17:00:00Z'), 'Europe/London', '15:30')).toISOString()).toBe(
      '2026-12-02T00:00:00.000Z',
    )
    expect(new Date(pupilSessionEnd(at('2026-12-01T14:00:00Z'), 'Africa/Nairobi', '15:30')).toISOString()).toBe(
      '2026-12-01T21:00:00.000Z',
    )
  })
})
