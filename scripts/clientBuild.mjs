import { createHash } from 'node:crypto'
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

/** Where a build made by `npm start` records the content hash of the sources it was built from. */
export const STAMP_FILE = path.join('dist', 'client', '.source-hash')

/** A hash of every source file's path and content: changes with the code, whatever the files' dates. */
export function sourceHash(root) {
  const hash = createHash('sha256')
  const visit = (relative) => {
    const full = path.join(root, relative)
    let stat
    try {
      stat = fs.statSync(full)
    } catch {
      return
    }
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(full).sort()) if (entry !== 'node_modules') visit(path.join(relative, entry))
      return
    }
    hash.update(relative.split(path.sep).join('/')).update('\0').update(fs.readFileSync(full)).update('\0')
  }
  for (const source of CLIENT_SOURCES) visit(source)
  return hash.digest('hex')
}

/** Records which sources the build in dist/client was made from. */
export function writeBuildStamp(root, hash = sourceHash(root)) {
  fs.writeFileSync(path.join(root, STAMP_FILE), hash + '\n')
}

/**
 * True when dist/client is missing or was built from other sources, so an updated checkout never
 * serves yesterday's build. A build `npm start` made carries the hash of its sources, so a copy that
 * keeps old dates (an archive, rsync -a) still counts as changed; any other build is judged by dates
 * (a `git pull` gives every changed file a new modification time).
 */
export function clientBuildIsStale(root) {
  const built = newestMtime(path.join(root, 'dist', 'client', 'index.html'))
  if (!built) return true
  let stamp
  try {
    stamp = fs.readFileSync(path.join(root, STAMP_FILE), 'utf8').trim()
  } catch {
    stamp = undefined
  }
  if (stamp) return stamp !== sourceHash(root)
  return CLIENT_SOURCES.some((source) => newestMtime(path.join(root, source)) > built)
}
