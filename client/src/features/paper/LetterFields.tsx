import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import type { PaperPage, PaperPupil, PaperShownCandidate } from '../../../../shared/schemas/paper.js'
import { choosePupil, findCode, type LetterChoice } from './letters.js'

/** A page turns left (three quarter turns clockwise) or right (one). */
const TURNS = [
  { key: 'letter.turnLeft', quarterTurns: 3, sign: '↺' },
  { key: 'letter.turnRight', quarterTurns: 1, sign: '↻' },
] as const

interface LetterFieldsProps {
  index: number
  pages: PaperPage[]
  pupils: PaperPupil[]
  /** The teacher's own pupils, who may be drawn or photographed on a page, with their photo consent. */
  shownCandidates: PaperShownCandidate[]
  choice: LetterChoice
  onChange(choice: LetterChoice): void
  /** Joins a page to the letter before it, or (joined already) starts a new letter with it (by place in the stack). */
  onToggleJoin(position: number): void
  /** Turns a page a quarter clockwise (1) or anticlockwise (3) on the server. */
  onTurn(mediaId: string, quarterTurns: 1 | 3): void
  turning: boolean
  joined: ReadonlySet<number>
}

/** One letter of the stack: its pages, whose it is and to whom, all with the keyboard or a finger. */
export function LetterFields({
  index,
  pages,
  pupils,
  choice,
  onChange,
  shownCandidates,
  onToggleJoin,
  onTurn,
  turning,
  joined,
}: LetterFieldsProps) {
  const { t } = useTranslation('paper')
  const id = useId()
  const pupil = pupils.find((p) => p.pupilId === choice.pupilId)
  return (
    <fieldset className="card paper-letter" data-testid="paper-letter">
      <legend>{t('letter.legend', { number: index + 1 })}</legend>
      <ol className="plain-list paper-pages" aria-label={t('letter.pages')}>
        {pages.map((page) => (
          <li key={page.mediaId} className="paper-page">
            <img
              src={`/api/media/${page.mediaId}?size=thumb`}
              alt={t('letter.pageAlt', { number: page.position + 1 })}
              width={page.picture.width}
              height={page.picture.height}
            />
            <div className="row paper-turn">
              {TURNS.map(({ key, quarterTurns, sign }) => (
                <button
                  key={key}
                  type="button"
                  className="secondary"
                  disabled={turning}
                  aria-label={t(key, { number: page.position + 1 })}
                  title={t(key, { number: page.position + 1 })}
                  onClick={() => onTurn(page.mediaId, quarterTurns)}
                >
                  <span aria-hidden="true">{sign}</span>
                </button>
              ))}
            </div>
            {page.position === 0 ? null : (
              <button type="button" className="secondary" onClick={() => onToggleJoin(page.position)}>
                {joined.has(page.position)
                  ? t('letter.split', { number: page.position + 1 })
                  : t('letter.join', { number: page.position + 1 })}
              </button>
            )}
          </li>
        ))}
      </ol>
      <div className="paper-fields">
        <label htmlFor={`${id}-code`}>{t('letter.code')}</label>
        <input
          id={`${id}-code`}
          autoComplete="off"
          inputMode="text"
          defaultValue={pages[0]?.sheetCode ?? ''}
          aria-describedby={`${id}-code-hint`}
          onChange={(e) => {
            const found = findCode(pupils, e.target.value)
            if (found) onChange({ ...choice, ...found })
          }}
        />
        <p id={`${id}-code-hint`} className="muted">
          {pages[0]?.sheetCode ? t('letter.codeRead') : t('letter.codeHint')}
        </p>
        <label htmlFor={`${id}-pupil`}>{t('letter.pupil')}</label>
        <select
          id={`${id}-pupil`}
          value={choice.pupilId}
          required
          onChange={(e) => onChange(choosePupil(pupils, choice, e.target.value))}
        >
          <option value="">{t('letter.choosePupil')}</option>
          {pupils.map((p) => (
            <option key={p.pupilId} value={p.pupilId}>
              {p.name}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-penpal`}>{t('letter.penPal')}</label>
        <select
          id={`${id}-penpal`}
          value={choice.penPalId}
          onChange={(e) => onChange({ ...choice, penPalId: e.target.value })}
        >
          <option value="">{t('letter.wholeClass')}</option>
          {(pupil?.penPals ?? []).map((p) => (
            <option key={p.pupilId} value={p.pupilId}>
              {p.name}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-text`}>{t('letter.text')}</label>
        <textarea
          id={`${id}-text`}
          rows={2}
          maxLength={4000}
          value={choice.text}
          onChange={(e) => onChange({ ...choice, text: e.target.value })}
        />
        <ShownPupils
          candidates={shownCandidates}
          shown={choice.shownPupilIds}
          onChange={(shownPupilIds) => onChange({ ...choice, shownPupilIds })}
        />
      </div>
    </fieldset>
  )
}

/**
 * Who the letter's pages show (a drawing or photo of a pupil), folded away because most handwritten
 * pages show nobody: its summary says what will be filed. A pupil without photo consent can be ticked,
 * and the server then refuses the filing with the consent error, so the teacher learns why.
 */
function ShownPupils({
  candidates,
  shown,
  onChange,
}: {
  candidates: PaperShownCandidate[]
  shown: string[]
  onChange(shown: string[]): void
}) {
  const { t } = useTranslation('paper')
  const names = candidates.filter((c) => shown.includes(c.pupilId)).map((c) => c.name)
  return (
    <details className="paper-shown">
      <summary>{names.length ? t('letter.shownSome', { names: names.join(', ') }) : t('letter.shownNobody')}</summary>
      <fieldset>
        <legend>{t('letter.shownLegend')}</legend>
        <p className="muted">{t('letter.shownHint')}</p>
        <ul className="plain-list">
          {candidates.map((c) => (
            <li key={c.pupilId}>
              <label className="row">
                <input
                  type="checkbox"
                  checked={shown.includes(c.pupilId)}
                  onChange={(e) =>
                    onChange(e.target.checked ? [...shown, c.pupilId] : shown.filter((id) => id !== c.pupilId))
                  }
                />
                <bdi>{c.name}</bdi>
                <span className={c.consent ? 'badge' : 'badge off'}>
                  {c.consent ? t('letter.consent') : t('letter.noConsent')}
                </span>
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
    </details>
  )
}
