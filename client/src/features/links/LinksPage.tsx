import { useTranslation } from 'react-i18next'
import { Link as RouterLink } from 'react-router'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { Loading, PageHeader } from '../../ui/Page.js'
import { useLinks } from './api.js'

export function LinksPage() {
  const { t } = useTranslation('links')
  const links = useLinks()
  return (
    <section className="stack">
      <PageHeader title={t('list.title')} intro={t('list.intro')} />
      {links.isPending ? <Loading /> : null}
      {links.isError ? <ErrorNotice error={links.error} /> : null}
      {links.data?.length === 0 ? <p className="notice">{t('list.empty')}</p> : null}
      <ul className="grid" style={{ listStyle: 'none', padding: 0 }} aria-label={t('list.title')}>
        {links.data?.map((link) => (
          <li key={link.id} className="card stack">
            <h2>
              <RouterLink to={`/links/${link.id}`}>
                {link.classes.map((c) => `${c.schoolName} (${c.className})`).join(' · ')}
              </RouterLink>
            </h2>
            <span className="badge">{t(`status.${link.status}`)}</span>
          </li>
        ))}
      </ul>
    </section>
  )
}
