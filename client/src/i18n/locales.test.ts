// Every interface language against English and against CLDR: the same keys (nested ones included),
// the same interpolation variables, and for each plural key exactly the forms that language's
// Intl.PluralRules knows (Welsh and Arabic six, Irish five, Hindi two). i18next picks the form with
// Intl.PluralRules, so a form missing here is a sentence shown as a bare key on that language's pages.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { SUPPORTED_LOCALES, directionOf } from '../../../shared/locales.js'
import { localeMetaSchema } from './localeMeta.js'

const root = path.join(import.meta.dirname, 'locales')
const PLURAL = /^(.*)_(zero|one|two|few|many|other)$/

type Tree = { [key: string]: string | Tree }
const read = (lng: string, ns: string) =>
  JSON.parse(fs.readFileSync(path.join(root, lng, `${ns}.json`), 'utf8')) as Tree
const namespaces = fs
  .readdirSync(path.join(root, 'en'))
  .map((file) => file.replace(/\.json$/, ''))
  .sort()

/** Dotted leaf keys with their texts. */
function leaves(tree: Tree, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([key, child]): [string, string][] => {
    const dotted = prefix ? `${prefix}.${key}` : key
    return typeof child === 'string' ? [[dotted, child]] : leaves(child, dotted)
  })
}

/** A namespace as base key → its forms (`''` for a key without plural forms) → text. */
function shape(tree: Tree): Map<string, Map<string, string>> {
  const keys = new Map<string, Map<string, string>>()
  for (const [key, text] of leaves(tree)) {
    const plural = PLURAL.exec(key)
    const base = plural ? plural[1]! : key
    if (!keys.has(base)) keys.set(base, new Map())
    keys.get(base)!.set(plural ? plural[2]! : '', text)
  }
  return keys
}

/** `{{name}}`, `{{date, datetime}}` and `$t(other.key)`: what a text needs from the code. */
export function variablesOf(text: string): string[] {
  const names = [...text.matchAll(/\{\{\s*-?\s*([\w.]+)\s*(?:,[^}]*)?\}\}/g)].map((match) => match[1]!)
  const nested = [...text.matchAll(/\$t\(([^,)]+)/g)].map((match) => `$t(${match[1]!.trim()})`)
  return [...new Set([...names, ...nested])].sort()
}

const categoriesOf = (lng: string) => new Intl.PluralRules(lng).resolvedOptions().pluralCategories.map(String).sort()

describe.each(SUPPORTED_LOCALES)('locale %s', (lng) => {
  it('has a metadata file with its own name and direction', () => {
    const file = path.join(import.meta.dirname, 'meta', `${lng}.json`)
    expect(fs.existsSync(file), `${file} is missing`).toBe(true)
    const meta = localeMetaSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')))
    expect(meta.dir).toBe(directionOf(lng))
  })

  it.each(namespaces)(`${lng}/%s has every key of English, the same variables and CLDR's plural forms`, (ns) => {
    const file = path.join(root, lng, `${ns}.json`)
    expect(fs.existsSync(file), `${file} is missing`).toBe(true)
    const english = shape(read('en', ns))
    const translated = shape(read(lng, ns))
    expect([...translated.keys()].sort(), 'keys').toEqual([...english.keys()].sort())
    const problems: string[] = []
    for (const [key, englishForms] of english) {
      const forms = translated.get(key)!
      const isPlural = !englishForms.has('')
      if (isPlural) {
        // `_zero` is i18next's own "none at all" form in every language; a key English gives it keeps it.
        const wanted = [...new Set([...categoriesOf(lng), ...(englishForms.has('zero') ? ['zero'] : [])])].sort()
        const got = [...forms.keys()].sort()
        if (got.join() !== wanted.join())
          problems.push(`${key}: forms ${got.join(',')} but ${lng} needs ${wanted.join(',')}`)
      } else if (!forms.has('')) problems.push(`${key}: plural forms where English has one text`)
      const englishVariables = variablesOf([...englishForms.values()].join(' '))
      for (const [form, text] of forms) {
        // A form for none, one or two may say it in words instead of {{count}} ("Dim yn aros", "un ateb").
        const optional = isPlural && ['zero', 'one', 'two'].includes(form) ? 'count' : ''
        const got = variablesOf(text).filter((name) => name !== optional)
        const expected = englishVariables.filter((name) => name !== optional)
        if (got.join() !== expected.join())
          problems.push(
            `${key}${form ? `_${form}` : ''}: variables ${got.join(',') || '(none)'} but English has ${expected.join(',') || '(none)'}`,
          )
      }
    }
    expect(problems).toEqual([])
  })
})

describe('the checks themselves', () => {
  it('cover all thirteen interface languages, Arabic and Urdu right to left', () => {
    expect([...SUPPORTED_LOCALES].sort()).toEqual([
      'am',
      'ar',
      'bn',
      'cy',
      'en',
      'es',
      'fr',
      'ga',
      'gd',
      'hi',
      'pt',
      'sw',
      'ur',
    ])
    expect(SUPPORTED_LOCALES.filter((lng) => directionOf(lng) === 'rtl')).toEqual(['ar', 'ur'])
  })

  it('know CLDR: Welsh and Arabic have six plural forms, Irish five, Hindi two', () => {
    expect(categoriesOf('cy')).toEqual(['few', 'many', 'one', 'other', 'two', 'zero'])
    expect(categoriesOf('ar')).toHaveLength(6)
    expect(categoriesOf('ga')).toEqual(['few', 'many', 'one', 'other', 'two'])
    expect(categoriesOf('hi')).toEqual(['one', 'other'])
  })

  it('see interpolation variables, formatted ones and nested keys', () => {
    expect(variablesOf('{{count}} of {{ name }} on {{date, datetime(dateStyle: short)}} $t(common:appName)')).toEqual([
      '$t(common:appName)',
      'count',
      'date',
      'name',
    ])
  })
})
