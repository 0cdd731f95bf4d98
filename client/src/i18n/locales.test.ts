import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { SUPPORTED_LOCALES } from '../../../shared/locales.js'

const root = path.join(import.meta.dirname, 'locales')

/** Dotted keys of a nested translation object; plural forms count as one key. */
function keysOf(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix.replace(/_(one|other|zero|two|few|many)$/, '')]
  return Object.entries(value).flatMap(([key, child]) => keysOf(child, prefix ? `${prefix}.${key}` : key))
}

const read = (lng: string, ns: string) => JSON.parse(fs.readFileSync(path.join(root, lng, `${ns}.json`), 'utf8')) as unknown
const namespaces = fs.readdirSync(path.join(root, 'en')).map((file) => file.replace(/\.json$/, ''))

describe('locale files', () => {
  it.each(SUPPORTED_LOCALES.flatMap((lng) => namespaces.map((ns) => [lng, ns] as const)))(
    '%s/%s has exactly the keys of en',
    (lng, ns) => {
      const file = path.join(root, lng, `${ns}.json`)
      expect(fs.existsSync(file), `${file} is missing`).toBe(true)
      expect(new Set(keysOf(read(lng, ns)))).toEqual(new Set(keysOf(read('en', ns))))
    },
  )

  it('every translation key used in the client source exists in en', () => {
    const sources = fs.readdirSync(path.join(root, '..', '..'), { recursive: true, encoding: 'utf8' })
      .filter((file) => /\.tsx?$/.test(file) && !file.endsWith('.test.ts'))
      .map((file) => fs.readFileSync(path.join(root, '..', '..', file), 'utf8'))
    const known = new Set(namespaces.flatMap((ns) => keysOf(read('en', ns)).map((key) => `${ns}:${key}`)))
    const missing: string[] = []
    for (const source of sources) {
      const defaultNs = /useTranslation\('([\w-]+)'\)/.exec(source)?.[1] ?? 'common'
      // Only literal keys can be checked statically; computed keys are covered by the browser tests.
      for (const match of source.matchAll(/\bt\(\s*'([\w.:-]+)'/g)) {
        const key = match[1]!
        const full = key.includes(':') ? key : `${defaultNs}:${key}`
        if (!known.has(full)) missing.push(full)
      }
    }
    expect(missing).toEqual([])
  })
})
