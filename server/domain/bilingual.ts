import { sameLanguage, type SecondText } from '../../shared/schemas/bilingual.js'
import { DomainError } from './errors.js'

/** The columns a bilingual item (a wall letter, a board post) stores its second text in. */
export interface SecondTextColumns {
  secondLanguage: string | null
  secondBody: string | null
}

/** The second text as clients see it, or null when the item has none. */
export function secondTextOf(record: SecondTextColumns): SecondText | null {
  return record.secondLanguage && record.secondBody
    ? { language: record.secondLanguage, body: record.secondBody }
    : null
}

/** The columns to store for a second text (none clears it). */
export function secondTextColumns(second: SecondText | undefined | null): SecondTextColumns {
  return { secondLanguage: second?.language ?? null, secondBody: second?.body ?? null }
}

/** Refuses a second text in the language the item was written in: it would say nothing new. */
export function assertAnotherLanguage(written: string, second: SecondText | undefined | null): void {
  if (second && written && sameLanguage(second.language, written))
    throw new DomainError('INVALID_PAYLOAD', 'The second text must be in another language than the first', {
      fields: { language: 'another language' },
    })
}

/** The text a moderator reads: the second language is moderated with the first, as both reach the partner class. */
export function moderatedText(...parts: (string | null | undefined)[]): string {
  return parts.filter(Boolean).join('\n')
}
