import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { DEFAULT_LOCALE, isSupportedLocale } from '../../../shared/locales.js'

// The same translations the app's pages use (the `privacy` namespace), read as data: the export is
// written in the pupil's language wherever the app is.
const localesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../client/src/i18n/locales')

type Texts = { [key: string]: string | Texts }
const cache = new Map<string, Texts>()

function textsOf(locale: string): Texts {
  let texts = cache.get(locale)
  if (!texts) {
    texts = JSON.parse(fs.readFileSync(path.join(localesDir, locale, 'privacy.json'), 'utf8')) as Texts
    cache.set(locale, texts)
  }
  return texts
}

function lookup(texts: Texts, key: string): string | undefined {
  let node: string | Texts | undefined = texts
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined
  return typeof node === 'string' ? node : undefined
}

/**
 * Texts of one section of the `privacy` namespace in `locale` where it exists, English for anything
 * missing: `{{name}}` placeholders are filled from `vars`.
 */
export function privacyTranslator(
  locale: string,
  section: string,
): { locale: string; t: (key: string, vars?: Record<string, string>) => string } {
  const lng = isSupportedLocale(locale) ? locale : DEFAULT_LOCALE
  return {
    locale: lng,
    t: (key, vars = {}) => {
      const text =
        lookup(textsOf(lng), `${section}.${key}`) ?? lookup(textsOf(DEFAULT_LOCALE), `${section}.${key}`) ?? key
      return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => vars[name] ?? '')
    },
  }
}
