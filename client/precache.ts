/**
 * What the service worker precaches on a pupil's first visit (issue 13: slow school lines): the app
 * shell and the pages a pupil reads offline — sign-in, her home, the link page, boards, threads, the wall
 * and her pen pals — with the chunks they import. Not the teachers' pages (classes, moderation, the
 * agreement, rounds, print…), not the call (simple-peer), and not the thirteen languages' texts: the
 * worker caches a chunk the first time a page uses it (her own language included, see sw.ts `warm`), so a
 * teacher's pages still work offline once opened. Used by vite.config.ts and tested in bundleBudget.test.ts.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Manifest } from './bundleBudget.js'

/** Manifest keys (sources under client/) of the pages a pupil reads with no connection. */
export const PUPIL_OFFLINE_PAGES = [
  'src/features/accounts/SignInPage.tsx',
  'src/features/pupil/PupilHome.tsx',
  'src/features/links/LinksPage.tsx',
  'src/features/links/LinkHomePage.tsx',
  'src/features/boards/BoardPage.tsx',
  'src/features/boards/ThreadPage.tsx',
  'src/features/wall/WallPage.tsx',
  'src/features/wall/PenPalsPage.tsx',
]

/** Chunks those pages import lazily and a pupil needs offline too: the post renderer (markdown, sanitiser). */
export const PUPIL_OFFLINE_LAZY_CHUNKS = ['src/features/boards/renderPost.ts']

/** The built JS and CSS files a pupil's offline pages need: the entry and those pages, with their static imports, no language chunk. */
export function pupilChunkFiles(manifest: Manifest): Set<string> {
  const seen = new Set<string>()
  const visit = (key: string) => {
    const chunk = manifest[key]
    if (!chunk || seen.has(key)) return
    seen.add(key)
    for (const next of chunk.imports ?? []) visit(next)
  }
  ;['index.html', ...PUPIL_OFFLINE_PAGES, ...PUPIL_OFFLINE_LAZY_CHUNKS].forEach(visit)
  return new Set(
    [...seen]
      .map((key) => manifest[key]!)
      .filter((chunk) => !chunk.name?.startsWith('locale-'))
      .flatMap((chunk) => [chunk.file, ...(chunk.css ?? [])]),
  )
}

/** Keeps a precache entry when it is not code (the shell, icons) or is one of the pupil's files. */
export function keepInPrecache(outDir: string): (url: string) => boolean {
  const manifestFile = path.join(outDir, '.vite', 'manifest.json')
  const pupil = fs.existsSync(manifestFile)
    ? pupilChunkFiles(JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Manifest)
    : null
  return (url) => !/\.(js|css)$/.test(url) || pupil === null || pupil.has(url.replace(/^\//, ''))
}
