import type { i18n as I18n, TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import { formatLocale } from './formatLocale.js'

/**
 * The one place the client formats dates, times, numbers and lists: i18next's built-in Intl formatters
 * (cached per language and options), always in the reader's interface language. Nothing else in the
 * client calls toLocale*String or builds an Intl formatter.
 */
export type DateInput = string | number | Date

export interface Partner {
  timeZone: string
  place: string
}

/** The device's own time zone, where a school's is not known (signed out, or a picker's first choice). */
export const deviceTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone

export { formatLocale }

const toDate = (value: DateInput) => (value instanceof Date ? value : new Date(value))

/** Date/time styles the pages use; each is Intl.DateTimeFormat options. */
export const DATE_STYLES = {
  /** Tue 1 Dec 2026, 14:00 */
  dateTime: { dateStyle: 'medium', timeStyle: 'short' },
  /** 01/12/2026, 14:00 — dense lists for teachers */
  dateTimeShort: { dateStyle: 'short', timeStyle: 'short' },
  /** Tuesday 1 December 2026 at 14:00 */
  dateTimeFull: { dateStyle: 'full', timeStyle: 'short' },
  /** 1 Dec 2026 */
  date: { dateStyle: 'medium' },
  /** 1 December */
  dayMonth: { day: 'numeric', month: 'long' },
  /** 14:00 */
  time: { hour: '2-digit', minute: '2-digit' },
  /** Tue 14:00 */
  weekdayTime: { weekday: 'short', hour: '2-digit', minute: '2-digit' },
  /** Tuesday 1 December, 14:00 — for a child */
  dayTime: { weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' },
  /** Tue 1 Dec, 14:00 */
  agreed: { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' },
} satisfies Record<string, Intl.DateTimeFormatOptions>
export type DateStyle = keyof typeof DATE_STYLES

export interface Formatter {
  lng: string
  /** The device's own time zone, where a school's is not known. */
  deviceTimeZone(): string
  /** A moment in one of the house styles, in `timeZone` (default: the device's). */
  dateTime(value: DateInput, style: DateStyle, timeZone?: string): string
  /** A calendar day (`2026-12-01`), the same date wherever it is read. */
  day(isoDate: string, style?: 'date' | 'dayMonth'): string
  number(value: number, options?: Intl.NumberFormatOptions): string
  list(values: string[], options?: Intl.ListFormatOptions): string
  /** A language's name in the reader's language ("Swahili", "Saesneg"), from its code. */
  language(code: string): string
  /** "Tue 1 Dec, 14:00 your time · 17:00 in Nairobi": one line per partner, own school's zone first. */
  agreedTime(value: DateInput, ownTimeZone: string, partners: Partner[]): string[]
}

const extended = new WeakSet<object>()
/** Adds `languagename` (Intl.DisplayNames) beside i18next's own number, datetime and list formats. */
function withLanguageNames(i18n: I18n) {
  const formatter = i18n.services.formatter
  if (!formatter || extended.has(formatter)) return
  extended.add(formatter)
  formatter.addCached('languagename', (lng) => {
    const names = new Intl.DisplayNames(lng ? [lng] : [], { type: 'language', fallback: 'code' })
    return (code: string) => names.of(code) ?? code
  })
}

/** A formatter for one language, from an initialised i18next instance. */
export function formatterFor(i18n: I18n, t: TFunction, lng = i18n.language): Formatter {
  withLanguageNames(i18n)
  const locale = formatLocale(lng)
  const format = <T>(value: T, name: string, options: object): string =>
    String(i18n.services.formatter!.format(value, name, locale, options))
  const dateTime = (value: DateInput, style: DateStyle, timeZone?: string) =>
    format(toDate(value), 'datetime', { ...DATE_STYLES[style], ...(timeZone ? { timeZone } : {}) })
  const sameDay = (value: Date, a: string, b: string) =>
    format(value, 'datetime', { timeZone: a, dateStyle: 'short' }) ===
    format(value, 'datetime', { timeZone: b, dateStyle: 'short' })
  return {
    lng,
    deviceTimeZone,
    dateTime,
    day: (isoDate, style = 'date') =>
      format(new Date(`${isoDate}T12:00:00Z`), 'datetime', { ...DATE_STYLES[style], timeZone: 'UTC' }),
    number: (value, options = {}) => format(value, 'number', options),
    language: (code) => format(code, 'languagename', {}),
    list: (values, options = { type: 'conjunction' }) => format(values, 'list', options),
    agreedTime: (value, ownTimeZone, partners) => {
      const when = toDate(value)
      const own = dateTime(when, 'agreed', ownTimeZone)
      return partners.map(({ timeZone, place }) => {
        // The partner's weekday only when it is another day there ("Wed 01:00 in Auckland").
        const partner = dateTime(when, sameDay(when, ownTimeZone, timeZone) ? 'time' : 'weekdayTime', timeZone)
        return t('common:agreedTime', { own, partner, place })
      })
    },
  }
}

/** The formatter in the reader's language; re-renders when she changes language. */
export function useFormat(): Formatter {
  const { t, i18n } = useTranslation()
  return formatterFor(i18n, t)
}
