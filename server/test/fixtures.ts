import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** The shared test images (../shared/fixtures beside the repository). */
export const fixturesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/fixtures')
export const fixturesSkipReason = fs.existsSync(fixturesDir)
  ? undefined
  : `Picture tests skipped: ${fixturesDir} is missing.`
export const fixture = (name: string): Buffer => fs.readFileSync(path.join(fixturesDir, name))

/** A multipart body with one file, as a browser form sends it. */
export function multipart(file: Buffer, filename: string, type = 'image/jpeg'): { body: Buffer; contentType: string } {
  const boundary = `----bridges${Math.random().toString(16).slice(2)}`
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`,
  )
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`)
  return { body: Buffer.concat([head, file, tail]), contentType: `multipart/form-data; boundary=${boundary}` }
}
