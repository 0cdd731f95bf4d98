import i18next from 'i18next'
import resourcesToBackend from 'i18next-resources-to-backend'
import { initReactI18next } from 'react-i18next'
import { DEFAULT_LOCALE, SUPPORTED_LOCALES, directionOf, isSupportedLocale, type Locale } from '../../../shared/locales.js'

type Namespace = Record<string, unknown>

// Every JSON under locales/<lng>/<namespace>.json, loaded when its language is first needed: on a slow
// school line a pupil downloads her own language only. The build puts each language's files in one
// chunk (vite.config.ts), so a language costs one request, not one per namespace.
const files = import.meta.glob<{ default: Namespace }>('./locales/*/*.json')

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

export const NAMESPACES = Object.keys(files)
  .map((file) => /\.\/locales\/([^/]+)\/([^/]+)\.json$/.exec(file))
  .filter((match) => match?.[1] === DEFAULT_LOCALE)
  .map((match) => match![2]!)

const loadNamespace = async (lng: string, ns: string): Promise<Namespace> => {
  const load = files[`./locales/${lng}/${ns}.json`]
  if (!load) throw new Error(`no translations for ${lng}/${ns}`)
  return (await load()).default
}

const initial = storedLocale()
void i18next
  .use(resourcesToBackend(loadNamespace))
  .use(initReactI18next)
  .init({
    lng: initial,
    // English stays the fallback: a Welsh plural form missing from a file shows the English text
    // rather than a key. So a Welsh reader loads English as well; an English reader loads only English.
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
// i18next sets its language once the texts have arrived; the page says which it will be from the start.
document.documentElement.lang = initial
document.documentElement.dir = directionOf(initial)

export default i18next
