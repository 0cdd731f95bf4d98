import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createInstance, type Resource, type ResourceLanguage, type TFunction } from 'i18next'
import { DEFAULT_LOCALE, isSupportedLocale, SUPPORTED_LOCALES } from '../../../shared/locales.js'

// The portfolio is a document the server prints, in the teacher's language, from the same
// translation files the app uses (read as data, so one text serves the page and the PDF).
const LOCALES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../../client/src/i18n/locales')
const NAMESPACES = ['portfolio', 'reflections'] as const

let ready: Promise<Map<string, TFunction>> | undefined

async function load(): Promise<Map<string, TFunction>> {
  const resources: Resource = {}
  for (const lng of SUPPORTED_LOCALES) {
    const language: ResourceLanguage = {}
    resources[lng] = language
    for (const ns of NAMESPACES)
      language[ns] = JSON.parse(
        await fs.promises.readFile(path.join(LOCALES_DIR, lng, `${ns}.json`), 'utf8'),
      ) as ResourceLanguage
  }
  const i18n = createInstance()
  await i18n.init({
    resources,
    fallbackLng: DEFAULT_LOCALE,
    ns: [...NAMESPACES],
    defaultNS: 'portfolio',
    interpolation: { escapeValue: false },
  })
  return new Map(SUPPORTED_LOCALES.map((lng) => [lng, i18n.getFixedT(lng)]))
}

/** The portfolio's texts in `locale` (English when the locale is not one the app speaks). */
export async function portfolioTexts(locale: string): Promise<TFunction> {
  ready ??= load()
  const texts = await ready
  return texts.get(isSupportedLocale(locale) ? locale : DEFAULT_LOCALE) ?? (texts.get(DEFAULT_LOCALE) as TFunction)
}
