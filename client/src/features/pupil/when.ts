// The pupil pages' dates and times in one place, so the app's shared date formatter can replace
// these two functions without touching the pages.

/** The time now in a partner's town, e.g. "14:05". */
export function timeIn(timeZone: string, language: string, now = new Date()): string {
  return now.toLocaleTimeString(language, { timeZone, hour: '2-digit', minute: '2-digit' })
}

/** A day and time for a child: "Tuesday 1 December, 14:00". */
export function dayAndTime(iso: string, language: string): string {
  return new Date(iso).toLocaleString(language, { weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' })
}
