/** What a formatting button does to the text and the selection in a writing box (pure, so it is tested alone). */
export type Format = 'bold' | 'italic' | 'list'

export interface Edit {
  text: string
  selectionStart: number
  selectionEnd: number
}

const MARKS: Record<'bold' | 'italic', string> = { bold: '**', italic: '_' }

/**
 * Bold and slanted wrap the chosen words (or put the marks where the cursor is, ready to type into);
 * a list starts each chosen line with "- ". Children press buttons; they never have to learn the marks.
 */
export function applyFormat(format: Format, { text, selectionStart: start, selectionEnd: end }: Edit): Edit {
  if (format === 'list') {
    const lineStart = text.lastIndexOf('\n', start - 1) + 1
    const chosen = text.slice(lineStart, end)
    const listed = chosen
      .split('\n')
      .map((line) => (line.startsWith('- ') ? line : `- ${line}`))
      .join('\n')
    return {
      text: text.slice(0, lineStart) + listed + text.slice(end),
      selectionStart: lineStart + listed.length,
      selectionEnd: lineStart + listed.length,
    }
  }
  const mark = MARKS[format]
  const chosen = text.slice(start, end)
  const wrapped = `${mark}${chosen}${mark}`
  return {
    text: text.slice(0, start) + wrapped + text.slice(end),
    selectionStart: start + mark.length,
    selectionEnd: start + mark.length + chosen.length,
  }
}
