import { createInstance } from 'i18next'
import { describe, expect, it } from 'vitest'
import { isolate } from './bidi.js'

describe('names and other values inside translated sentences', () => {
  it('are isolated on right-to-left pages, and on left-to-right pages when they hold right-to-left letters', () => {
    expect(isolate('Amara Smith', 'rtl')).toBe('\u2068Amara Smith\u2069')
    expect(isolate('Amara Smith', 'ltr')).toBe('Amara Smith')
    expect(isolate('عائشہ', 'ltr')).toBe('\u2068عائشہ\u2069')
    expect(isolate(3, 'rtl')).toBe('\u20683\u2069')
    expect(isolate('', 'rtl')).toBe('')
  })

  it('keep the full stop of an Urdu sentence at its end when a Latin name with brackets is its last word', async () => {
    const i18n = createInstance()
    await i18n.init({
      lng: 'ur',
      resources: { ur: { translation: { by: 'بھیجنے والا: {{name}}.' } } },
      interpolation: { escapeValue: true, escape: (value: unknown) => isolate(value, i18n.dir()) },
    })
    const sentence = i18n.t('by', { name: 'Amara (Year 5)' })
    expect(sentence).toBe('بھیجنے والا: \u2068Amara (Year 5)\u2069.')
    // The bidi algorithm treats the isolate as one neutral: the closing bracket belongs to the name and the
    // full stop to the Urdu sentence, whatever letters the name holds.
    expect(sentence.endsWith('\u2069.')).toBe(true)
  })
})
