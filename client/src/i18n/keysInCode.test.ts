// The translation keys the client's code uses against the English files, read by i18next-parser's own
// lexer (the maintained extractor, which knows useTranslation('ns'), `ns:key` and t's options): a key
// used in code but missing from English fails, and so does an English key nothing uses, so translators
// never translate dead text. Keys built at run time (t(`status.${s}`)) are seen by their static prefix.
import fs from 'node:fs'
import path from 'node:path'
import type { EventEmitter } from 'node:events'
import * as i18nextParser from 'i18next-parser'
import { describe, expect, it } from 'vitest'

interface ExtractedKey {
  key: string
  namespace?: string
  count?: unknown
}
interface Lexer extends EventEmitter {
  extract(content: string, filename: string): ExtractedKey[]
}
const { JsxLexer } = i18nextParser as unknown as { JsxLexer: new (options: Record<string, unknown>) => Lexer }

const src = path.join(import.meta.dirname, '..')
const localesDir = path.join(import.meta.dirname, 'locales', 'en')
const DEFAULT_NS = 'common'

type Tree = { [key: string]: string | Tree }
const leaves = (tree: Tree, prefix = ''): string[] =>
  Object.entries(tree).flatMap(([key, child]) =>
    typeof child === 'string' ? [prefix + key] : leaves(child, `${prefix}${key}.`),
  )

/** English keys as `ns:key`, plural forms folded into their base key. */
const english = new Set(
  fs.readdirSync(localesDir).flatMap((file) => {
    const ns = file.replace(/\.json$/, '')
    const tree = JSON.parse(fs.readFileSync(path.join(localesDir, file), 'utf8')) as Tree
    return leaves(tree).map((key) => `${ns}:${key.replace(/_(zero|one|two|few|many|other)$/, '')}`)
  }),
)

const sources = fs
  .readdirSync(src, { recursive: true, encoding: 'utf8' })
  .filter((file) => /\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file))
  .map((file) => ({ file, content: fs.readFileSync(path.join(src, file), 'utf8') }))

/**
 * Documents the server writes from the same files (the portfolio, a subject access export, calendar
 * feeds): their `t('key')` calls are read the same way, with the namespace and section they use.
 */
const serverDir = path.join(import.meta.dirname, '..', '..', '..', 'server', 'features')
const serverSources = fs
  .readdirSync(serverDir, { recursive: true, encoding: 'utf8' })
  .filter((file) => /\.ts$/.test(file) && !/\.test\.ts$/.test(file))
  .map((file) => ({ file, content: fs.readFileSync(path.join(serverDir, file), 'utf8') }))
  .flatMap(({ file, content }) => {
    const section = /privacyTranslator\([^,]+,\s*'([\w.]+)'\)/.exec(content)?.[1]
    if (section) return [{ file, content, prefix: `privacy:${section}.` }]
    if (file.startsWith('portfolio') && /TFunction|portfolioTexts|Translate/.test(content))
      return [{ file, content, prefix: 'portfolio:' }]
    return []
  })

/** What the lexer reads in one file, as `ns:key`. */
function literalKeys(file: string, content: string): string[] {
  const lexer = new JsxLexer({ functions: ['t'], namespaceFunctions: ['useTranslation', 'withTranslation'] })
  lexer.on('warning', () => {}) // "not a string literal": the run-time keys, handled below
  return lexer
    .extract(content, file)
    .map(({ key, namespace }) => (key.includes(':') ? key : `${namespace ?? DEFAULT_NS}:${key}`))
}

/** The namespace a file's bare keys belong to: its first useTranslation('ns'). */
const fileNamespace = (content: string) => /useTranslation\(\s*['"]([\w-]+)['"]/.exec(content)?.[1] ?? DEFAULT_NS
const qualify = (key: string, ns: string) => (key.includes(':') ? key : `${ns}:${key}`)

/** Keys the code builds at run time: the static start of a template literal (`status.${s}`) and keys spelled out as strings outside t() (navigation labels, ternaries). */
function runTimeUses(content: string): { prefixes: string[]; literals: string[] } {
  const ns = fileNamespace(content)
  const prefixes = [...content.matchAll(/`([\w-]+:)?([\w.-]*)\$\{/g)]
    .filter((match) => match[1] || match[2]!.endsWith('.'))
    .map((match) => qualify(`${match[1] ?? ''}${match[2]!}`, match[1] ? '' : ns))
  const literals = [...content.matchAll(/'([\w-]+:)?([\w-]+(?:\.[\w-]+)*)'/g)].map((match) =>
    qualify(`${match[1] ?? ''}${match[2]!}`, ns),
  )
  return { prefixes, literals }
}

describe('translation keys in the code (i18next-parser)', () => {
  const used = [
    ...sources.flatMap(({ file, content }) => literalKeys(file, content).map((key) => ({ file, key }))),
    ...serverSources.flatMap(({ file, content, prefix }) =>
      literalKeys(file, content).map((key) => ({
        file,
        key: key.replace(/^common:/, prefix.endsWith(':') ? prefix : prefix),
      })),
    ),
  ]
  const serverRunTime = serverSources.map(({ content, prefix }) => {
    const uses = runTimeUses(content)
    const local = (key: string) => prefix + key.replace(/^[\w-]+:/, '')
    return { prefixes: uses.prefixes.map(local), literals: uses.literals.map(local) }
  })
  const runTime = [...sources.map(({ content }) => runTimeUses(content)), ...serverRunTime]
  const prefixes = runTime.flatMap((uses) => uses.prefixes)
  const literals = new Set(runTime.flatMap((uses) => uses.literals))

  it('finds the keys (a sanity check of the extractor itself)', () => {
    expect(used.length).toBeGreaterThan(300)
    expect(used.map(({ key }) => key)).toContain('accounts:pupil.title')
  })

  it('every key used in the code exists in English', () => {
    const missing = used.filter(({ key }) => !english.has(key)).map(({ file, key }) => `${key} (${file})`)
    expect([...new Set(missing)]).toEqual([])
  })

  it('every English key is used by the code', () => {
    const found = new Set(used.map(({ key }) => key))
    const unused = [...english].filter(
      (key) => !found.has(key) && !literals.has(key) && !prefixes.some((prefix) => key.startsWith(prefix)),
    )
    expect(unused).toEqual([])
  })
})
