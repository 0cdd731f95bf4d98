// For unit tests in Node: the client's formatter on a bare i18next instance with the real locale files.
import fs from 'node:fs'
import path from 'node:path'
import { createInstance } from 'i18next'
import { formatterFor, type Formatter } from './format.js'

export async function testFormatter(lng: string): Promise<Formatter> {
  const dir = path.join(import.meta.dirname, 'locales', lng)
  const common = fs.existsSync(dir)
    ? (JSON.parse(fs.readFileSync(path.join(dir, 'common.json'), 'utf8')) as object)
    : {}
  const i18n = createInstance()
  await i18n.init({
    lng,
    fallbackLng: false,
    resources: { [lng]: { common } },
    defaultNS: 'common',
    interpolation: { escapeValue: false },
  })
  return formatterFor(i18n, i18n.t, lng)
}
