import { useTranslation } from 'react-i18next'
import { useParams } from 'react-router'
import { useMe } from '../../app/session.js'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { Loading, PageHeader } from '../../ui/Page.js'
import { useLink } from './api.js'
import { linkSections } from './linkSections.js'

export function LinkHomePage() {
  const { t } = useTranslation('links')
  const { linkId = '' } = useParams()
  const link = useLink(linkId)
  const me = useMe()
  if (link.isPending) return <Loading />
  if (link.isError) return <ErrorNotice error={link.error} />
  const role = me.data?.user.role
  return (
    <section className="stack">
      <PageHeader title={t('home.title')} intro={t(`status.${link.data.status}`)} />
      <ul className="grid" style={{ listStyle: 'none', padding: 0 }} aria-label={t('home.partners')}>
        {link.data.classes.map((c) => (
          <li key={c.classId} className="card" style={{ borderInlineStart: `8px solid var(--class-${c.colorIndex})` }}>
            <h2>{c.schoolName}</h2>
            <p>{c.className} · {c.city}, {c.country}</p>
          </li>
        ))}
      </ul>
      {linkSections
        .filter((section) => role && section.roles.includes(role))
        .map(({ id, Component }) => <Component key={id} link={link.data} />)}
    </section>
  )
}
