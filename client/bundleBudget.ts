/**
 * What a pupil's first visit downloads — the sign-in page, then her home — read from Vite's manifest:
 * the entry chunk with everything it imports statically, plus the chunks those pages load on the way
 * (her language's texts). The live connection is not among them: it opens with the first page that shows
 * something live (client/src/app/socket.tsx). Shared by the budget test (client/bundleBudget.test.ts) and
 * `npm run bench:weight`.
 */
import fs from 'node:fs'
import path from 'node:path'
import { gzipSync } from 'node:zlib'

export interface ManifestChunk {
  file: string
  name?: string
  src?: string
  isEntry?: boolean
  isDynamicEntry?: boolean
  imports?: string[]
  dynamicImports?: string[]
  css?: string[]
}
export type Manifest = Record<string, ManifestChunk>

/**
 * Chunks fetched on a pupil's first pages besides the entry's static imports, by manifest key or chunk
 * name. Her pages themselves (sign-in, home) are listed too in case they ever become lazy chunks.
 */
export const FIRST_PAGE_CHUNKS = [
  'src/features/accounts/SignInPage.tsx',
  'src/features/pupil/PupilHome.tsx',
  'locale-en',
]

/**
 * Chunks a pupil's first pages fetch only once her page has shown itself (client/src/app/idle.ts `whenIdle`):
 * none today. They would count in the first pages' total, not in what stands between her and a usable page.
 */
export const IDLE_CHUNKS: string[] = []

export function readManifest(outDir: string): Manifest {
  return JSON.parse(fs.readFileSync(path.join(outDir, '.vite', 'manifest.json'), 'utf8')) as Manifest
}

/** The files (JS and CSS) a pupil's first pages load: every chunk reached by static imports from the starting points. */
export function firstPageFiles(manifest: Manifest): { js: string[]; css: string[] } {
  const byName = new Map(Object.entries(manifest).map(([key, chunk]) => [chunk.name ?? key, key]))
  const starts = [
    'index.html',
    ...FIRST_PAGE_CHUNKS.map((id) => (manifest[id] ? id : byName.get(id))).filter((key): key is string => Boolean(key)),
  ]
  const seen = new Set<string>()
  const visit = (key: string) => {
    if (seen.has(key) || !manifest[key]) return
    seen.add(key)
    for (const next of manifest[key].imports ?? []) visit(next)
  }
  starts.forEach(visit)
  const chunks = [...seen].map((key) => manifest[key]!)
  return {
    js: [...new Set(chunks.map((chunk) => chunk.file).filter((file) => file.endsWith('.js')))],
    css: [...new Set(chunks.flatMap((chunk) => chunk.css ?? []))],
  }
}

export const gzippedBytes = (outDir: string, file: string): number =>
  gzipSync(fs.readFileSync(path.join(outDir, file)), { level: 9 }).length

export function firstPageWeight(outDir: string): {
  jsGzip: number
  /** The JavaScript her page runs before it is usable: all of jsGzip but the IDLE_CHUNKS. */
  jsBeforeIdleGzip: number
  cssGzip: number
  files: Record<string, number>
} {
  const manifest = readManifest(outDir)
  const { js, css } = firstPageFiles(manifest)
  const idle = new Set(
    Object.values(manifest)
      .filter((chunk) => chunk.name && IDLE_CHUNKS.includes(chunk.name))
      .map((chunk) => chunk.file),
  )
  const files = Object.fromEntries([...js, ...css].map((file) => [file, gzippedBytes(outDir, file)]))
  const sum = (list: string[]) => list.reduce((total, file) => total + (files[file] ?? 0), 0)
  return { jsGzip: sum(js), jsBeforeIdleGzip: sum(js.filter((file) => !idle.has(file))), cssGzip: sum(css), files }
}
