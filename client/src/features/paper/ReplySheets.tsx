import { useTranslation } from 'react-i18next'
import type { ReplySheet } from '../../../../shared/schemas/paper.js'
import { useReplySheets } from './api.js'
import './paper.css'
import { SheetQr } from './SheetQr.js'

/**
 * The paper half of a round: for each of the teacher's pupils and each pen pal, the pen pal's letters
 * with all their pages, then a reply sheet with a question to answer and the code that files the reply.
 */
export function ReplySheets({ roundId }: { roundId: string }) {
  const { t } = useTranslation('paper')
  const sheets = useReplySheets(roundId)
  if (!sheets.data?.sheets.length) return null
  return (
    <section className="reply-sheets" aria-labelledby="reply-sheets-title">
      <h2 id="reply-sheets-title" className="no-print">
        {t('sheets.title')}
      </h2>
      {sheets.data.sheets.map((sheet) => (
        <Sheet key={`${sheet.pupilId}:${sheet.penPalId}`} sheet={sheet} />
      ))}
    </section>
  )
}

function Sheet({ sheet }: { sheet: ReplySheet }) {
  const { t } = useTranslation('paper')
  return (
    <article className="reply-sheet" data-testid="reply-sheet">
      <h3>{t('sheets.forPupil', { pupil: sheet.pupilName, penPal: sheet.penPalName })}</h3>
      {sheet.letters.length === 0 ? (
        <p className="muted">{t('sheets.noLetter', { penPal: sheet.penPalName })}</p>
      ) : null}
      {sheet.letters.map((letter) => (
        <div key={letter.itemId} className="sheet-letter">
          {/* Display size, loaded at once: a lazy picture below the fold would print blank. */}
          {letter.pages.map((page, i) => (
            <img
              key={page.id}
              src={`/api/media/${page.id}`}
              alt={t('sheets.pageAlt', { penPal: sheet.penPalName, number: i + 1 })}
              width={page.width}
              height={page.height}
            />
          ))}
          {letter.body ? (
            <p className="print-body" dir="auto">
              {letter.body}
            </p>
          ) : null}
        </div>
      ))}
      <div className="reply-page">
        <h3>{t('sheets.replyTo', { penPal: sheet.penPalName })}</h3>
        <p className="sheet-question">
          {sheet.question
            ? t('sheets.question', { question: sheet.question })
            : t('sheets.defaultQuestion', { penPal: sheet.penPalName })}
        </p>
        <div className="sheet-lines" aria-hidden="true" />
        <div className="sheet-code">
          <p>
            {t('sheets.from', { pupil: sheet.pupilName, className: sheet.className })} ·{' '}
            <strong data-testid="sheet-code">{t('sheets.code', { code: sheet.code })}</strong>
          </p>
          <SheetQr code={sheet.code} label={t('sheets.qr', { code: sheet.code })} />
        </div>
      </div>
    </article>
  )
}
