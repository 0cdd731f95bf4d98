/**
 * When two classes are in school at the same time, computed from their time zones and school days.
 * Pure and dependency-free so the server filters the directory with it and the client shows it.
 * Works in real instants (UTC milliseconds), so daylight-saving changes and the date line fall out of
 * the arithmetic instead of being special cases.
 */

export interface SchoolDay {
  /** Local start of the school day, "HH:MM". */
  start: string
  /** Local end of the school day, "HH:MM". */
  end: string
}

export interface SchoolSchedule {
  timeZone: string
  schoolDay: SchoolDay
  /** Local weekdays with lessons, 1 = Monday … 7 = Sunday. Monday to Friday unless given. */
  weekdays?: number[]
}

export interface Interval {
  start: number
  end: number
}

export interface Overlap {
  /** Minutes per week when both classes are in school. */
  minutesPerWeek: number
  /** Each shared window in the week that starts at `from`, in UTC milliseconds. */
  windows: Interval[]
}

export const DEFAULT_SCHOOL_DAY: SchoolDay = { start: '08:30', end: '15:30' }
const DAY_MS = 86_400_000
const MONDAY_TO_FRIDAY = [1, 2, 3, 4, 5]

const partsFormatters = new Map<string, Intl.DateTimeFormat>()
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = partsFormatters.get(timeZone)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    partsFormatters.set(timeZone, formatter)
  }
  return formatter
}

/** The zone's offset from UTC at an instant, in milliseconds (positive east of Greenwich). */
export function offsetAt(instant: number, timeZone: string): number {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(new Date(instant))
      .map((p) => [p.type, p.value]),
  )
  const asUtc = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  )
  return asUtc - Math.floor(instant / 1000) * 1000
}

/** The instant at which a local wall-clock time happens in a zone (the later one in a repeated hour). */
export function zonedToInstant(localDateUtcMidnight: number, hhmm: string, timeZone: string): number {
  const [hours = 0, minutes = 0] = hhmm.split(':').map(Number)
  const wallClock = localDateUtcMidnight + (hours * 60 + minutes) * 60_000
  let instant = wallClock - offsetAt(wallClock, timeZone)
  // A second pass corrects the guess when a daylight-saving change lies between the two offsets.
  instant = wallClock - offsetAt(instant, timeZone)
  return instant
}

/** The local calendar date (as a UTC midnight) of an instant in a zone. */
function localDate(instant: number, timeZone: string): number {
  const local = instant + offsetAt(instant, timeZone)
  return Math.floor(local / DAY_MS) * DAY_MS
}

/** ISO weekday (1 = Monday) of a UTC-midnight date value. */
const isoWeekday = (dateUtcMidnight: number) => ((new Date(dateUtcMidnight).getUTCDay() + 6) % 7) + 1

/** Every school-day interval of a class that touches [from, to). */
export function schoolIntervals(schedule: SchoolSchedule, from: number, to: number): Interval[] {
  const weekdays = schedule.weekdays ?? MONDAY_TO_FRIDAY
  const intervals: Interval[] = []
  // One day either side: a class across the date line is already (or still) in yesterday's or tomorrow's school day.
  for (
    let day = localDate(from, schedule.timeZone) - DAY_MS;
    day <= localDate(to, schedule.timeZone) + DAY_MS;
    day += DAY_MS
  ) {
    if (!weekdays.includes(isoWeekday(day))) continue
    const start = zonedToInstant(day, schedule.schoolDay.start, schedule.timeZone)
    const end = zonedToInstant(day, schedule.schoolDay.end, schedule.timeZone)
    const clipped = { start: Math.max(start, from), end: Math.min(end, to) }
    if (clipped.end > clipped.start) intervals.push(clipped)
  }
  return intervals
}

/** The times in the week starting at `from` when both classes are in school. */
export function schoolHoursOverlap(a: SchoolSchedule, b: SchoolSchedule, from: number): Overlap {
  const to = from + 7 * DAY_MS
  const windows: Interval[] = []
  for (const x of schoolIntervals(a, from, to)) {
    for (const y of schoolIntervals(b, from, to)) {
      const start = Math.max(x.start, y.start)
      const end = Math.min(x.end, y.end)
      if (end > start) windows.push({ start, end })
    }
  }
  windows.sort((p, q) => p.start - q.start)
  const minutesPerWeek = Math.round(windows.reduce((sum, w) => sum + (w.end - w.start), 0) / 60_000)
  return { minutesPerWeek, windows }
}

/** Local "HH:MM" of an instant in a zone, for showing a shared window in each class's own time. */
export function localTime(instant: number, timeZone: string, locale = 'en-GB'): string {
  return new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
    new Date(instant),
  )
}

/** Start of the current ISO week (Monday 00:00 UTC) — a stable reference week for comparisons. */
export function startOfUtcWeek(now: number): number {
  const midnight = Math.floor(now / DAY_MS) * DAY_MS
  return midnight - (isoWeekday(midnight) - 1) * DAY_MS
}

/**
 * When a pupil's sign-in made at `now` ends, so the next child at a shared class computer does not
 * find her still signed in: at the end of today's school day in her school's zone, or, signed in
 * after it (an after-school club, homework), at the next local midnight.
 */
export function pupilSessionEnd(now: number, timeZone: string, dayEndsAt: string): number {
  const today = localDate(now, timeZone)
  const end = zonedToInstant(today, dayEndsAt, timeZone)
  return end > now ? end : zonedToInstant(today + DAY_MS, '00:00', timeZone)
}
