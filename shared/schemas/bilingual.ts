import { z } from 'zod'
import { sameLanguage } from '../locales.js'
import { languageTagSchema, textSchema } from './common.js'

export { sameLanguage } from '../locales.js'

/**
 * The same text in a second language (the partner class's), on a wall letter or a board post: the
 * reader sees hers first, the other a tap away.
 */
export const secondTextSchema = z.object({ language: languageTagSchema, body: textSchema(4000) })
export type SecondText = z.infer<typeof secondTextSchema>

/** What a writer may send with a text: the language it is in (her interface language when not given) and a second text. */
export const bilingualInputFields = {
  language: languageTagSchema.optional(),
  secondText: secondTextSchema.optional(),
}

/** A refinement for an input with a second text: it must be in another language than the first. */
export const secondTextInAnotherLanguage: [
  (i: { language?: string; secondText?: SecondText }) => boolean,
  { path: PropertyKey[]; message: string },
] = [
  (i) => !i.secondText || !sameLanguage(i.secondText.language, i.language ?? ''),
  { path: ['secondText', 'language'], message: 'Choose another language than the first text’s' },
]
