/** Interface languages whose formats follow a region: Bridges' English is British English. */
const FORMAT_LOCALE: Record<string, string> = { en: 'en-GB' }
/**
 * Where a browser has no dates of its own for a language (Debian's Chromium has none for Welsh, Gaelic
 * or Irish), the formats of the region that speaks it, instead of Intl's American English ("Dec 1,
 * 06:27 PM" on a Welsh page).
 */
const REGION_FALLBACK: Record<string, string> = { cy: 'en-GB', gd: 'en-GB', ga: 'en-IE' }

/** The locale a language's dates, numbers and lists are formatted in, in this browser. */
export function formatLocale(lng: string): string {
  const regional = FORMAT_LOCALE[lng]
  if (regional) return regional
  const fallback = REGION_FALLBACK[lng]
  return fallback && Intl.DateTimeFormat.supportedLocalesOf([lng]).length === 0 ? fallback : lng
}
