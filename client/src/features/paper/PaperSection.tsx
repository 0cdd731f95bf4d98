import { useTranslation } from 'react-i18next'
import { Link as RouterLink } from 'react-router'
import type { Link } from '../../../../shared/schemas/links.js'
import { useMe } from '../../app/session.js'
import { usePaperSummary } from './api.js'
import './paper.css'

/**
 * The link home's post-bag: per round, each class's letters that came on paper and online, so a
 * class writing by hand never looks "behind". Teachers also find the way to bring a stack in.
 */
export function PaperSection({ link }: { link: Link }) {
  const { t } = useTranslation('paper')
  const me = useMe()
  const summary = usePaperSummary(link.id)
  const rounds = summary.data?.rounds ?? []
  return (
    <section className="card stack" aria-labelledby="paper-heading">
      <h2 id="paper-heading">{t('section.title')}</h2>
      {rounds.length === 0 ? <p className="muted">{t('section.noRounds')}</p> : null}
      {rounds.map((round) => (
        <div key={round.roundId} className="stack paper-round" data-testid="paper-round">
          <h3>{round.theme}</h3>
          <ul className="plain-list">
            {round.classes.map((c) => (
              <li key={c.classId} data-testid={`paper-counts-${c.classId}`}>
                <bdi>{c.className}</bdi>: {t('section.paper', { paper: c.paper })} ·{' '}
                {t('section.online', { online: c.online })}
              </li>
            ))}
          </ul>
        </div>
      ))}
      {me.data?.user.role === 'teacher' && link.status === 'active' ? (
        <div className="row">
          <RouterLink className="button" to={`/links/${link.id}/paper`}>
            {t('section.bringIn')}
          </RouterLink>
        </div>
      ) : null}
    </section>
  )
}
