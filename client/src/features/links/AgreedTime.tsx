import type { Link } from '../../../../shared/schemas/links.js'
import { useMe } from '../../app/session.js'
import { useFormat, type DateInput, type Partner } from '../../i18n/format.js'

/** The link's partner schools as places with their time zones (one per school, never the reader's own). */
export function partnersOf(link: Link, ownSchoolId: string | undefined): Partner[] {
  const seen = new Set<string>()
  return link.classes
    .filter((c) => c.schoolId !== ownSchoolId)
    .filter((c) => !seen.has(c.schoolId) && Boolean(seen.add(c.schoolId)))
    .map((c) => ({ timeZone: c.timeZone, place: c.city }))
}

/**
 * A time both schools agreed on, in the reader's school's own zone and each partner's, side by side:
 * "Tue 1 Dec, 14:00 your time · 17:00 in Nairobi" (one line per partner school).
 */
export function AgreedTime({ value, link }: { value: DateInput; link: Link }) {
  const format = useFormat()
  const school = useMe().data?.school
  const ownZone = school?.timeZone ?? format.deviceTimeZone()
  const iso = new Date(value).toISOString()
  return (
    <span className="agreed-time" data-testid="agreed-time">
      {format.agreedTime(value, ownZone, partnersOf(link, school?.id)).map((line) => (
        <time key={line} dateTime={iso} className="agreed-time-line">
          {line}
        </time>
      ))}
    </span>
  )
}
