/**
 * Words that make a teacher look twice: mostly a child giving away how to be found or contacted
 * (the first safeguarding risk in a school exchange), then unkindness. A match only marks the post
 * in the queue; a teacher decides. Lists are per language and matched on whole words.
 */
const WORD_LISTS: Record<string, string[]> = {
  en: [
    'address',
    'live at',
    'street',
    'road',
    'postcode',
    'phone',
    'number',
    'whatsapp',
    'snapchat',
    'instagram',
    'tiktok',
    'facebook',
    'email',
    'meet',
    'secret',
    'password',
    'stupid',
    'idiot',
    'hate',
    'ugly',
    'kill',
    'shut up',
  ],
  cy: [
    'cyfeiriad',
    'byw yn',
    'stryd',
    'heol',
    'cod post',
    'ffôn',
    'rhif',
    'cyfrinach',
    'cyfrinair',
    'cwrdd',
    'twp',
    'casáu',
    'hyll',
    'lladd',
    'cau dy geg',
  ],
  sw: ['anwani', 'simu', 'namba', 'siri', 'mjinga', 'chuki'],
}

const CONTACT_PATTERNS: [string, RegExp][] = [
  ['email address', /[\w.+-]+@[\w-]+\.[\w.]+/],
  ['phone number', /(?:\+?\d[\s-]?){8,}/],
  ['web link', /https?:\/\/|www\./i],
]

/** Suspicious words and contact details found in a text, checking every language's list. */
export function findSuspicious(text: string): string[] {
  const lower = text.toLowerCase()
  const found = new Set<string>()
  for (const words of Object.values(WORD_LISTS)) {
    for (const word of words) {
      const pattern = new RegExp(`(^|[^\\p{L}])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}])`, 'u')
      if (pattern.test(lower)) found.add(word)
    }
  }
  for (const [label, pattern] of CONTACT_PATTERNS) if (pattern.test(text)) found.add(label)
  return [...found]
}
