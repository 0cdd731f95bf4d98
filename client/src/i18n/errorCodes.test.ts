import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ERROR_CODES } from '../../../shared/errors.js'
import { SUPPORTED_LOCALES } from '../../../shared/locales.js'

const root = path.join(import.meta.dirname, 'locales')
const repo = path.join(import.meta.dirname, '..', '..', '..')
const messages = (lng: string) =>
  JSON.parse(fs.readFileSync(path.join(root, lng, 'errors.json'), 'utf8')) as Record<string, unknown>

/** Every error code written as a literal in the server's source (refusals, the error handler, socket guards). */
function codesInServerSource(): Set<string> {
  const dir = path.join(repo, 'server')
  const files = fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  const found = new Set<string>()
  for (const file of files) {
    const source = fs.readFileSync(path.join(dir, file), 'utf8')
    for (const match of source.matchAll(/(?:DomainError\(\s*|\{ code: )'([A-Z_]+)'(?=,\s*(?:message\b|'|`))/g))
      found.add(match[1]!)
  }
  return found
}

describe('every refusal the server can send says what happened', () => {
  it.each(SUPPORTED_LOCALES)('%s translates every error code', (lng) => {
    const translated = messages(lng)
    const missing = ERROR_CODES.filter(
      (code) => typeof translated[code] !== 'string' || !(translated[code] as string).trim(),
    )
    expect(missing).toEqual([])
  })

  it('the server sends only codes of the shared list (so each one above has a message)', () => {
    const sent = [...codesInServerSource()]
    expect(sent.length).toBeGreaterThan(20)
    expect(sent.filter((code) => !(ERROR_CODES as readonly string[]).includes(code))).toEqual([])
  })

  it('no two codes share one message: a refusal is never told as another', () => {
    const en = messages('en')
    const byMessage = new Map<string, string[]>()
    for (const code of ERROR_CODES)
      byMessage.set(en[code] as string, [...(byMessage.get(en[code] as string) ?? []), code])
    expect([...byMessage.values()].filter((codes) => codes.length > 1)).toEqual([])
  })
})
