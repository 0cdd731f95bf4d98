import { useTranslation } from 'react-i18next'
import { Link as RouterLink } from 'react-router'
import type { Link } from '../../../../shared/schemas/links.js'

/** The link home's way to the exchange wall. */
export function WallSection({ link }: { link: Link }) {
  const { t } = useTranslation('wall')
  return (
    <section className="card stack" aria-labelledby="wall-heading">
      <h2 id="wall-heading">{t('title')}</h2>
      <p>{t('sectionIntro')}</p>
      <div className="row">
        <RouterLink className="button" to={`/links/${link.id}/wall`}>
          {t('openWall')}
        </RouterLink>
      </div>
    </section>
  )
}
