import i18next from 'i18next'
import resourcesToBackend from 'i18next-resources-to-backend'
import { initReactI18next } from 'react-i18next'
import { languages, namespaces } from 'virtual:locales'
import {
  DEFAULT_LOCALE,
  SUPPORTED_LOCALES,
  directionOf,
  isSupportedLocale,
  type Locale,
} from '../../../shared/locales.js'
import { isolate } from './bidi.js'
import type { LocaleMeta } from './localeMeta.js'
import { LAZY_NAMESPACES } from './lazyNamespaces.js'
import { warmIntl } from './warmIntl.js'

type Namespace = Record<string, unknown>

// Every JSON under locales/<lng>/<namespace>.json, loaded when its language is first needed: on a slow
// school line a pupil downloads her own language only, in one request (client/localeModules.ts).
// The language menu's names, directions and "draft translation" marks: a few bytes each, so all in the page.
const metaFiles = import.meta.glob<LocaleMeta>('./meta/*.json', { eager: true, import: 'default' })

/** The menu's entry for every interface language: its own name (endonym) and whether it is a draft. */
export const LANGUAGES = SUPPORTED_LOCALES.map((locale) => {
  const meta = metaFiles[`./meta/${locale}.json`]
  return { locale, name: meta?.name ?? locale, dir: directionOf(locale), reviewed: meta?.reviewed ?? false }
})

const STORAGE_KEY = 'bridges.locale'
/** Set when the language was chosen on this device while signed out: the next sign-in keeps it. */
const CHOSEN_KEY = 'bridges.locale.chosen'

const storage = () => (typeof localStorage !== 'undefined' ? localStorage : null)

/** The language chosen on this device before anyone signs in. */
export function storedLocale(): Locale {
  const stored = storage()?.getItem(STORAGE_KEY)
  if (stored && isSupportedLocale(stored)) return stored
  const browser = typeof navigator !== 'undefined' ? (navigator.language.split('-')[0] ?? '') : ''
  return isSupportedLocale(browser) ? browser : DEFAULT_LOCALE
}

export function applyLocale(locale: Locale): void {
  storage()?.setItem(STORAGE_KEY, locale)
  document.documentElement.lang = locale
  document.documentElement.dir = directionOf(locale)
  if (i18next.language !== locale) void i18next.changeLanguage(locale)
}

/**
 * The rule for a language chosen before signing in: a choice made on the sign-in page (the menu, while
 * signed out) goes with the next sign-in and becomes the account's language; with no such choice the
 * account's stored language wins, so a pupil on a shared class computer gets her own. Signed in, the
 * menu changes the account directly.
 */
export function chooseLocaleSignedOut(locale: Locale): void {
  storage()?.setItem(CHOSEN_KEY, locale)
  applyLocale(locale)
}

/** The signed-out choice to send with a sign-in, if one was made; consumed by the sign-in. */
export function localeChosenForSignIn(): Locale | undefined {
  const chosen = storage()?.getItem(CHOSEN_KEY)
  return chosen && isSupportedLocale(chosen) ? chosen : undefined
}

export function forgetSignedOutChoice(): void {
  storage()?.removeItem(CHOSEN_KEY)
}

export const NAMESPACES = namespaces

/**
 * Texts only the pages that use them load (useTranslation('portfolio') fetches them on the way): a
 * school's portfolio, data protection, reflections, links, school and class settings, assemblies, the
 * moderation queue, and the board's, wall's, video's and outbox's texts — none of which a pupil's first
 * pages (sign-in, her home) show. Each has its own chunk per language, the board's and wall's texts one
 * together (vite.config.ts); a page's route fetches them beside its code (client/src/app/routes.tsx). A key
 * of these read from another namespace's component must name the namespace in that component's
 * useTranslation list, so that it loads.
 */
export { LAZY_NAMESPACES }

const loadNamespace = async (lng: string, ns: string): Promise<Namespace> => {
  const language = await languages[lng]?.()
  const texts = language?.texts[ns] ?? (await language?.later[ns]?.())
  if (!texts) throw new Error(`no translations for ${lng}/${ns}`)
  return texts
}

const initial = storedLocale()
// The dates her first page shows: their locale data loads off the main thread while the page is built.
warmIntl(initial)
void i18next
  .use(resourcesToBackend(loadNamespace))
  .use(initReactI18next)
  .init({
    lng: initial,
    // No fallback language: every locale has every key and every CLDR plural form of its language
    // (client/src/i18n/locales.test.ts), so a Welsh or Arabic reader downloads her own texts only.
    fallbackLng: false,
    supportedLngs: [...SUPPORTED_LOCALES],
    load: 'currentOnly',
    ns: NAMESPACES.filter((ns) => !LAZY_NAMESPACES.includes(ns)),
    defaultNS: 'common',
    // React escapes HTML itself; i18next's escape hook isolates names and other values instead, so a
    // Latin name in an Urdu sentence (or an Arabic one in English) never reorders its punctuation.
    interpolation: { escapeValue: true, escape: (value: unknown) => isolate(value, i18next.dir()) },
    returnNull: false,
    saveMissing: true,
    // Reported loudly so the browser tests fail on a key that is missing from a locale file.
    missingKeyHandler: (lngs, ns, key) => console.error(`i18n missing key: ${lngs.join(',')} ${ns}:${key}`),
  })
// i18next sets its language once the texts have arrived; the page says which it will be from the start.
document.documentElement.lang = initial
document.documentElement.dir = directionOf(initial)

export default i18next
