import { useTranslation } from 'react-i18next'
import { useMe } from '../../app/session.js'
import { Loading } from '../../ui/Page.js'

/** A pupil's home: simple, friendly, picture-first. Features add their tiles here. */
export function PupilHome() {
  const { t } = useTranslation('pupil')
  const me = useMe()
  if (!me.data) return <Loading />
  return (
    <section className="stack">
      <h1 className="welcome">{t('welcome', { name: me.data.user.displayName })}</h1>
      <p className="muted">{t('school', { school: me.data.school.name })}</p>
      <div className="card">
        <p>{t('intro')}</p>
      </div>
    </section>
  )
}
