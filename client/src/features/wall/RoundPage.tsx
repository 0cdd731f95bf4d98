import { useTranslation } from 'react-i18next'
import { Link as RouterLink, useParams } from 'react-router'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { Loading, PageHeader } from '../../ui/Page.js'
import { WallItemCard } from './WallItemCard.js'
import { useRoundReport } from './api.js'
import '../boards/boards.css'
import './wall.css'

/** The teacher's round: who has written and who has not, and each class's letters collated. */
export function RoundPage() {
  const { t } = useTranslation('wall')
  const { roundId = '' } = useParams()
  const report = useRoundReport(roundId)
  if (report.isPending) return <Loading />
  if (report.isError) return <ErrorNotice error={report.error} />
  const { round, classes } = report.data
  return (
    <section className="stack">
      <PageHeader
        title={t('rounds.reportTitle', { theme: round.theme })}
        intro={t(`rounds.status.${round.status}`)}
        actions={
          <>
            <RouterLink className="button" to={`/rounds/${round.id}/print`}>
              {t('rounds.print')}
            </RouterLink>
            <RouterLink className="button secondary" to={`/links/${round.linkId}/wall`}>
              {t('back')}
            </RouterLink>
          </>
        }
      />
      {classes.map((c) => (
        <section key={c.classId} className="card stack" aria-labelledby={`class-${c.classId}`}>
          <h2 id={`class-${c.classId}`}>
            {c.schoolName} · {c.className}
          </h2>
          {c.pupils.length ? (
            <ul className="plain-list writers" aria-label={t('rounds.writers')}>
              {c.pupils.map((p) => (
                <li key={p.pupilId} className={p.letters ? 'written' : 'not-written'}>
                  {p.letters
                    ? t('rounds.hasWritten', { name: p.name, count: p.letters })
                    : t('rounds.notWritten', { name: p.name })}
                </li>
              ))}
            </ul>
          ) : null}
          {c.items.length === 0 ? (
            <p className="muted">{round.status === 'open' ? t('rounds.hiddenUntilRelease') : t('rounds.noLetters')}</p>
          ) : null}
          {c.items.map((item) => (
            <WallItemCard key={item.id} item={item} replies={[]} />
          ))}
        </section>
      ))}
    </section>
  )
}
