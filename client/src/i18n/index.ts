import i18next, { type Resource } from 'i18next'
import { initReactI18next } from 'react-i18next'
import { DEFAULT_LOCALE, SUPPORTED_LOCALES, directionOf, isSupportedLocale, type Locale } from '../../../shared/locales.js'

// Every JSON under locales/<lng>/<namespace>.json, bundled: the app works offline-first on slow links.
const files = import.meta.glob<{ default: Record<string, unknown> }>('./locales/*/*.json', { eager: true })

export const resources: Resource = {}
for (const [file, module] of Object.entries(files)) {
  const match = /\.\/locales\/([^/]+)\/([^/]+)\.json$/.exec(file)
  if (!match) continue
  const [, lng, ns] = match as unknown as [string, string, string]
  resources[lng] ??= {}
  resources[lng][ns] = module.default
}

const STORAGE_KEY = 'bridges.locale'

/** The language chosen on this device before anyone signs in. */
export function storedLocale(): Locale {
  const stored = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null
  if (stored && isSupportedLocale(stored)) return stored
  const browser = typeof navigator !== 'undefined' ? navigator.language.split('-')[0] ?? '' : ''
  return isSupportedLocale(browser) ? browser : DEFAULT_LOCALE
}

export function applyLocale(locale: Locale): void {
  localStorage.setItem(STORAGE_KEY, locale)
  document.documentElement.lang = locale
  document.documentElement.dir = directionOf(locale)
  if (i18next.language !== locale) void i18next.changeLanguage(locale)
}

export const NAMESPACES = Object.keys(resources[DEFAULT_LOCALE] ?? {})

void i18next.use(initReactI18next).init({
  resources,
  lng: storedLocale(),
  fallbackLng: DEFAULT_LOCALE,
  supportedLngs: [...SUPPORTED_LOCALES],
  ns: NAMESPACES,
  defaultNS: 'common',
  interpolation: { escapeValue: false },
  returnNull: false,
  saveMissing: true,
  // Reported loudly so the browser tests fail on a key that is missing from a locale file.
  missingKeyHandler: (lngs, ns, key) => console.error(`i18n missing key: ${lngs.join(',')} ${ns}:${key}`),
})
document.documentElement.lang = i18next.language
document.documentElement.dir = directionOf(i18next.language)

export default i18next
