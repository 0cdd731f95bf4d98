import { ZxcvbnFactory } from '@zxcvbn-ts/core'
import { adjacencyGraphs, dictionary as commonDictionary } from '@zxcvbn-ts/language-common'
import { dictionary as englishDictionary, translations } from '@zxcvbn-ts/language-en'

/** zxcvbn scores 0–4; 3 means "safely unguessable" against throttled online and most offline guessing. */
export const MIN_PASSWORD_SCORE = 3

export interface PasswordWeakness {
  /** zxcvbn's feedback keys, for the client to translate. */
  warning: string | null
  suggestions: string[]
  /** The same feedback in English, for API readers and logs. */
  text: string
}

let factory: ZxcvbnFactory | undefined
// Building the dictionaries takes about 0.2 s: done at the first check rather than at every start-up.
// Without `translations` zxcvbn answers with keys, which we translate ourselves (English here, any
// language on the client).
const checker = () =>
  (factory ??= new ZxcvbnFactory({
    dictionary: { ...commonDictionary, ...englishDictionary },
    graphs: adjacencyGraphs,
  }))

const english = (group: Record<string, string>, key: string) => group[key] ?? key

/**
 * The inputs whole first (in the order given), then an email's local part, then each word on its own
 * ("Thames Primary" → "thames", "primary"), each once. zxcvbn ranks user inputs by position, so the
 * whole phrases must come first and duplicates must not push them down its list.
 */
function guessableWords(inputs: string[]): string[] {
  const wholes = inputs.map((input) => input.toLowerCase().trim())
  const localParts = wholes.filter((whole) => whole.includes('@')).map((email) => email.split('@')[0] ?? '')
  const words = wholes.flatMap((whole) => whole.split(/[^\p{L}\p{N}]+/u))
  return [...new Set([...wholes, ...localParts, ...words].filter((word) => word.length >= 3))]
}

/**
 * Null when the password is hard enough to guess, else zxcvbn's feedback. `userInputs` (the person's
 * email, name, school) count as easy guesses, so "Thames Primary 2024" is refused for that school.
 */
export function passwordWeakness(password: string, userInputs: string[]): PasswordWeakness | null {
  const result = checker().check(password, guessableWords(userInputs))
  if (result.score >= MIN_PASSWORD_SCORE) return null
  const { warning, suggestions } = result.feedback
  const lines = [
    warning ? english(translations.warnings, warning) : 'This password would be easy to guess.',
    ...suggestions.map((key) => english(translations.suggestions, key)),
  ]
  return { warning: warning ?? null, suggestions, text: lines.join(' ') }
}
