import { useTranslation } from 'react-i18next'
import { Link as RouterLink } from 'react-router'
import { useMe } from '../../app/session.js'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { Loading, PageHeader } from '../../ui/Page.js'
import { useLinks } from './api.js'
import { RequestsSection } from './RequestsSection.js'

export function LinksPage() {
  const { t } = useTranslation('links')
  const links = useLinks()
  const me = useMe()
  const isTeacher = me.data?.user.role === 'teacher'
  return (
    <section className="stack">
      <PageHeader
        title={t('list.title')}
        intro={t('list.intro')}
        actions={
          isTeacher ? (
            <RouterLink className="button" to="/directory">
              {t('list.findPartners')}
            </RouterLink>
          ) : null
        }
      />
      {links.isPending ? <Loading /> : null}
      {links.isError ? <ErrorNotice error={links.error} /> : null}
      {links.data?.length === 0 ? (
        <p className="notice">{isTeacher ? t('list.emptyTeacher') : t('list.empty')}</p>
      ) : null}
      <ul className="grid plain-list" aria-label={t('list.title')}>
        {links.data?.map((link) => (
          <li key={link.id} className="card stack">
            <h2>
              <RouterLink to={`/links/${link.id}`}>
                {link.classes.map((c) => `${c.schoolName} (${c.className})`).join(' · ')}
              </RouterLink>
            </h2>
            <span className={`badge status-${link.status}`}>{t(`status.${link.status}`)}</span>
          </li>
        ))}
      </ul>
      {isTeacher ? <RequestsSection /> : null}
    </section>
  )
}
