import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import SQLite from 'better-sqlite3'
import { ConfigError, loadConfig } from '../config.js'

/** What a backup folder holds: the embedded database, the media folder and this manifest. */
export interface BackupManifest {
  madeAt: string
  database: string
  media: string
  pictures: number
  /** Pictures the database names whose files were already gone when the copy was taken. */
  missingPictures: string[]
}

const DATABASE_FILE = 'bridges.sqlite'
const MEDIA_FOLDER = 'media'
const MANIFEST_FILE = 'bridges-backup.json'

/**
 * A consistent copy of the embedded database (SQLite's online backup: safe while the server runs and
 * writes, page by page, each step a consistent snapshot restarted if a write lands mid-step) and then
 * the media folder. Database first: a picture's file is written before its row, so every picture the
 * copied database names was already on disk when the folder is copied.
 */
export async function backup(
  source: { databaseFile: string; mediaDir: string },
  target: string,
): Promise<BackupManifest> {
  if (!fs.existsSync(source.databaseFile)) throw new Error(`There is no database at ${source.databaseFile}`)
  fs.mkdirSync(target, { recursive: true })
  const database = path.join(target, DATABASE_FILE)
  if (fs.existsSync(database)) throw new Error(`${target} already holds a backup: choose an empty folder`)
  const live = new SQLite(source.databaseFile, { readonly: true, fileMustExist: true })
  try {
    await live.backup(database)
  } finally {
    live.close()
  }
  const media = path.join(target, MEDIA_FOLDER)
  if (fs.existsSync(source.mediaDir)) fs.cpSync(source.mediaDir, media, { recursive: true })
  else fs.mkdirSync(media)
  const copy = new SQLite(database, { readonly: true })
  let ids: string[]
  try {
    ids = (copy.prepare('select id from media').all() as { id: string }[]).map((row) => row.id)
  } finally {
    copy.close()
  }
  const manifest: BackupManifest = {
    madeAt: new Date().toISOString(),
    database: DATABASE_FILE,
    media: MEDIA_FOLDER,
    pictures: ids.length,
    missingPictures: ids.filter((id) => !fs.existsSync(path.join(media, `${id}.webp`))),
  }
  fs.writeFileSync(path.join(target, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n')
  return manifest
}

/**
 * Brings a backup back into an empty data folder (stop the server first). Refuses to overwrite a
 * database that is there, so a restore never destroys what it was meant to protect.
 */
export function restore(source: string, target: { databaseFile: string; mediaDir: string }): BackupManifest {
  const manifestFile = path.join(source, MANIFEST_FILE)
  if (!fs.existsSync(manifestFile)) throw new Error(`${source} is not a Bridges backup (no ${MANIFEST_FILE})`)
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as BackupManifest
  for (const suffix of ['', '-wal', '-shm']) {
    if (fs.existsSync(target.databaseFile + suffix))
      throw new Error(
        `${target.databaseFile + suffix} exists: restore into an empty data folder, or move it away first`,
      )
  }
  fs.mkdirSync(path.dirname(target.databaseFile), { recursive: true })
  fs.copyFileSync(path.join(source, manifest.database), target.databaseFile)
  const check = new SQLite(target.databaseFile)
  try {
    const result = check.pragma('integrity_check', { simple: true })
    if (result !== 'ok') throw new Error(`The restored database failed its integrity check: ${String(result)}`)
  } finally {
    check.close()
  }
  fs.cpSync(path.join(source, manifest.media), target.mediaDir, { recursive: true })
  return manifest
}

/** `npm run backup -- <folder>` and `npm run restore -- <folder>`, with DATA_DIR and MEDIA_DIR as the server reads them. */
async function main(argv: string[]): Promise<void> {
  const [command, folder] = argv
  if ((command !== 'backup' && command !== 'restore') || !folder) {
    console.error('Usage: npm run backup -- <empty folder>  |  npm run restore -- <backup folder>')
    process.exit(2)
  }
  const config = loadConfig()
  if (config.databaseUrl) {
    console.error(
      'DATABASE_URL is set: back up PostgreSQL with pg_dump (see the README), and MEDIA_DIR with your file backups.',
    )
    process.exit(2)
  }
  const files = { databaseFile: path.join(config.dataDir, DATABASE_FILE), mediaDir: config.mediaDir }
  const target = path.resolve(folder)
  if (command === 'backup') {
    const manifest = await backup(files, target)
    console.log(`Backed up the database and ${manifest.pictures} pictures to ${target}`)
    if (manifest.missingPictures.length)
      console.warn(`${manifest.missingPictures.length} pictures were removed while the copy was being taken`)
  } else {
    const manifest = restore(target, files)
    console.log(`Restored the backup of ${manifest.madeAt} into ${config.dataDir}`)
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof ConfigError || error instanceof Error ? error.message : String(error))
    process.exit(1)
  })
}
