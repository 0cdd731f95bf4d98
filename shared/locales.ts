/**
 * Interface languages. Each has client/src/i18n/locales/<lng>/ (every namespace of English, with the
 * plural forms its CLDR rules need) and client/src/i18n/meta/<lng>.json (its own name, direction and
 * whether a native speaker has reviewed it); client/src/i18n/locales.test.ts holds them to that.
 */
export const SUPPORTED_LOCALES = ['en', 'cy', 'gd', 'ga', 'fr', 'es', 'pt', 'ar', 'ur', 'bn', 'hi', 'sw', 'am'] as const
export type Locale = (typeof SUPPORTED_LOCALES)[number]
export const DEFAULT_LOCALE: Locale = 'en'

const RIGHT_TO_LEFT = new Set(['ar', 'he', 'fa', 'ur', 'ps', 'sd', 'yi', 'dv', 'ckb'])

const primaryLanguage = (tag: string) => tag.toLowerCase().split('-')[0] ?? ''

/** Text direction for a BCP 47 tag, so layouts can mirror for right-to-left scripts. */
export function directionOf(languageTag: string): 'ltr' | 'rtl' {
  return RIGHT_TO_LEFT.has(primaryLanguage(languageTag)) ? 'rtl' : 'ltr'
}

export function isSupportedLocale(value: string): value is Locale {
  return (SUPPORTED_LOCALES as readonly string[]).includes(value)
}

/** True when two language tags name the same language (`pt` and `pt-BR`): a second text must be in another. */
export function sameLanguage(a: string, b: string): boolean {
  return primaryLanguage(a) === primaryLanguage(b)
}
