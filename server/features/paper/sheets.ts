import { createHash } from 'node:crypto'

/** Letters that cannot be misread on a photographed sheet: no 0/O, 1/I, 2/Z, 5/S, 8/B. */
const ALPHABET = 'ACDEFGHJKLMNPQRTUVWXY34679'

/**
 * The code printed on a pupil's reply sheet to her pen pal. Derived from the pair (nothing to store),
 * so the teacher who photographs the answered sheet types it and the letter files itself.
 */
export function sheetCode(linkId: string, pupilId: string, penPalId: string): string {
  const digest = createHash('sha256').update(`${linkId}:${pupilId}:${penPalId}`).digest()
  let code = ''
  for (let i = 0; i < 6; i++) code += ALPHABET[(digest[i] ?? 0) % ALPHABET.length]
  return `${code.slice(0, 3)}-${code.slice(3)}`
}

/** One question from a letter for its reader to answer: its last sentence that ends in "?". */
export function questionOf(text: string): string | null {
  const sentences = text.match(/[^.!?\n]*\?/g) ?? []
  const last = sentences.at(-1)?.trim()
  return last && last.length > 1 ? last : null
}
