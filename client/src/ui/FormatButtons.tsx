import { useTranslation } from 'react-i18next'
import { applyFormat, type Format } from './formatText.js'

const LOOK: Record<Format, { label: string; style?: React.CSSProperties }> = {
  bold: { label: 'B', style: { fontWeight: 800 } },
  italic: { label: 'I', style: { fontStyle: 'italic', fontFamily: 'Georgia, serif' } },
  list: { label: '•—' },
}

/** Bold, slanted and list buttons for the writing box `targetId`: formatting without marks to learn. */
export function FormatButtons({
  targetId,
  value,
  onChange,
}: {
  targetId: string
  value: string
  onChange(text: string): void
}) {
  const { t } = useTranslation()
  const press = (format: Format) => {
    const box = document.getElementById(targetId)
    if (!(box instanceof HTMLTextAreaElement)) return
    const edit = applyFormat(format, {
      text: value,
      selectionStart: box.selectionStart,
      selectionEnd: box.selectionEnd,
    })
    onChange(edit.text)
    // After React has written the new text: back to the box with the words still chosen.
    requestAnimationFrame(() => {
      box.focus()
      box.setSelectionRange(edit.selectionStart, edit.selectionEnd)
    })
  }
  return (
    <div className="row format-buttons" role="toolbar" aria-label={t('common:format.label')} aria-controls={targetId}>
      {(['bold', 'italic', 'list'] as const).map((format) => (
        <button
          key={format}
          type="button"
          className="secondary small"
          onClick={() => press(format)}
          aria-label={t(`common:format.${format}`)}
          title={t(`common:format.${format}`)}
        >
          <span aria-hidden="true" style={LOOK[format].style}>
            {LOOK[format].label}
          </span>
        </button>
      ))}
    </div>
  )
}
