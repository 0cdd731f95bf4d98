import fs from 'node:fs'
import path from 'node:path'

/** What the client bundle is built from: a change to any of these makes dist/client out of date. */
export const CLIENT_SOURCES = ['client', 'shared', 'vite.config.ts', 'package-lock.json']

/** The newest modification time (ms) of a file, or of any file below a folder; 0 when nothing is there. */
export function newestMtime(target) {
  let stat
  try {
    stat = fs.statSync(target)
  } catch {
    return 0
  }
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = stat.mtimeMs
  for (const entry of fs.readdirSync(target)) {
    if (entry === 'node_modules') continue
    newest = Math.max(newest, newestMtime(path.join(target, entry)))
  }
  return newest
}

/**
 * True when dist/client is missing or older than its sources, so an updated checkout never serves
 * yesterday's build. (A `git pull` gives every changed file a new modification time.)
 */
export function clientBuildIsStale(root) {
  const built = newestMtime(path.join(root, 'dist', 'client', 'index.html'))
  if (!built) return true
  return CLIENT_SOURCES.some((source) => newestMtime(path.join(root, source)) > built)
}
