/**
 * The interface texts as one module per language (issue 13: a pupil's first download). A Vite plugin:
 * `virtual:locales` lists the languages, each a lazy import of `virtual:locale/<lng>`, which holds the
 * texts every page needs and loaders for the large namespaces that load with their pages. The app shell
 * carries 13 loaders instead of one per language and namespace (182, about 3 KB gzipped); vite.config.ts
 * still names the chunks (`locale-<lng>`, `locale-<lng>-<namespace>`). New languages and namespaces are
 * picked up from the folders, as before.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Plugin } from 'vite'

const LOCALES_DIR = path.resolve(import.meta.dirname, 'src/i18n/locales')
const LIST = 'virtual:locales'
const LANGUAGE = /^virtual:locale\/([\w-]+)$/

const languages = () =>
  fs
    .readdirSync(LOCALES_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()

const namespacesOf = (lng: string) =>
  fs
    .readdirSync(path.join(LOCALES_DIR, lng))
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.slice(0, -'.json'.length))
    .sort()

const json = (value: unknown) => JSON.stringify(value)

function listModule(defaultLocale: string): string {
  const loaders = languages().map((lng) => `  ${json(lng)}: () => import(${json(`virtual:locale/${lng}`)}),`)
  return [
    `export const namespaces = ${json(namespacesOf(defaultLocale))}`,
    `export const languages = {\n${loaders.join('\n')}\n}`,
  ].join('\n')
}

function languageModule(lng: string, lazyNamespaces: string[]): string {
  const file = (ns: string) => json(path.join(LOCALES_DIR, lng, `${ns}.json`))
  const all = namespacesOf(lng)
  const eager = all.filter((ns) => !lazyNamespaces.includes(ns))
  const later = all.filter((ns) => lazyNamespaces.includes(ns))
  return [
    ...eager.map((ns, i) => `import ns${i} from ${file(ns)}`),
    `export const texts = { ${eager.map((ns, i) => `${json(ns)}: ns${i}`).join(', ')} }`,
    `export const later = {`,
    ...later.map((ns) => `  ${json(ns)}: () => import(${file(ns)}).then((m) => m.default),`),
    `}`,
  ].join('\n')
}

export function localeModules(options: { defaultLocale: string; lazyNamespaces: string[] }): Plugin {
  return {
    name: 'bridges:locale-modules',
    resolveId(id) {
      return id === LIST || LANGUAGE.test(id) ? `\0${id}` : null
    },
    load(id) {
      if (!id.startsWith('\0')) return null
      const name = id.slice(1)
      if (name === LIST) {
        this.addWatchFile(LOCALES_DIR)
        return listModule(options.defaultLocale)
      }
      const lng = LANGUAGE.exec(name)?.[1]
      return lng ? languageModule(lng, options.lazyNamespaces) : null
    },
  }
}

/** The chunk a language module belongs in (vite.config.ts groups): `locale-<lng>`, with its texts. */
export const languageOfModule = (id: string): string | null => /^\0virtual:locale\/([\w-]+)$/.exec(id)?.[1] ?? null
