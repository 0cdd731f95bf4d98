import { describe, expect, it } from 'vitest'
import { applyFormat } from './formatText.js'

describe('formatting buttons', () => {
  it('makes the chosen words bold and keeps them chosen', () => {
    expect(applyFormat('bold', { text: 'We light lamps', selectionStart: 9, selectionEnd: 14 })).toEqual({
      text: 'We light **lamps**',
      selectionStart: 11,
      selectionEnd: 16,
    })
  })
  it('puts the marks at the cursor, ready to type between them', () => {
    expect(applyFormat('italic', { text: 'Hello ', selectionStart: 6, selectionEnd: 6 })).toEqual({
      text: 'Hello __',
      selectionStart: 7,
      selectionEnd: 7,
    })
  })
  it('starts every chosen line of a list once', () => {
    const text = 'Our pets:\ncat\n- dog\nfish'
    expect(applyFormat('list', { text, selectionStart: 11, selectionEnd: text.length }).text).toBe(
      'Our pets:\n- cat\n- dog\n- fish',
    )
    expect(applyFormat('list', { text: 'one', selectionStart: 3, selectionEnd: 3 }).text).toBe('- one')
  })
})
