import { useTranslation } from 'react-i18next'
import { useParams } from 'react-router'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { Loading } from '../../ui/Page.js'
import { useRoundReport } from './api.js'
import './wall.css'
import { authorLabel } from '../privacy/formerPupil.js'
import { ReplySheets } from '../paper/ReplySheets.js'

/** A round's letters on paper: for a class with few devices, to read, answer by hand and photograph back. */
export function PrintRoundPage() {
  const { t } = useTranslation('wall')
  const { roundId = '' } = useParams()
  const report = useRoundReport(roundId)
  if (report.isPending) return <Loading />
  if (report.isError) return <ErrorNotice error={report.error} />
  const { round, classes } = report.data
  return (
    <section className="print-round">
      <div className="no-print row">
        <button type="button" onClick={() => window.print()}>
          {t('print.button')}
        </button>
      </div>
      <h1>{t('print.title', { theme: round.theme })}</h1>
      {classes.map((c) =>
        c.items.map((item) => (
          <article key={item.id} className="print-letter" data-testid="print-letter">
            <p className="print-from">
              {t('print.from', { name: authorLabel(item.authorName, t), className: c.className, school: c.schoolName })}
              {item.toPupilName ? ` — ${t('print.to', { name: item.toPupilName })}` : ''}
            </p>
            {/* Paper wants the display size, loaded at once: a lazy picture below the fold would print blank. */}
            {item.mediaId ? (
              <img
                src={`/api/media/${item.mediaId}`}
                alt={item.caption}
                width={item.media?.width}
                height={item.media?.height}
                decoding="async"
              />
            ) : null}
            {item.caption ? (
              <p>
                <em>{item.caption}</em>
              </p>
            ) : null}
            <p className="print-body">{item.body}</p>
            <div className="print-reply" aria-hidden="true">
              <span>{t('print.replyHere')}</span>
            </div>
          </article>
        )),
      )}
      <ReplySheets roundId={roundId} />
    </section>
  )
}
