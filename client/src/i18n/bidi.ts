/** Right-to-left letters: Hebrew, Arabic (with Urdu's), Syriac, Thaana, N'Ko and their presentation forms. */
const RTL_LETTER = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFC]/
const FSI = '\u2068'
const PDI = '\u2069'

/**
 * A value put into a translated sentence, isolated (FSI … PDI, what `<bdi>` does in markup) when it
 * could reorder the sentence around it: on a right-to-left page every value — "Amara Smith (Year 5)"
 * inside an Urdu sentence keeps its brackets and the full stop stays at the sentence's end — and on a
 * left-to-right page a value holding right-to-left letters (an Arabic name in an English sentence).
 * i18next calls it for every {{value}} (its `escape` hook; React escapes HTML itself).
 */
export function isolate(value: unknown, pageDirection: 'ltr' | 'rtl'): string {
  const text = String(value)
  if (text === '' || text.startsWith(FSI)) return text
  return pageDirection === 'rtl' || RTL_LETTER.test(text) ? `${FSI}${text}${PDI}` : text
}
