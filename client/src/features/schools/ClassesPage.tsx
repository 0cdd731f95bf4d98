import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { useMe } from '../../app/session.js'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { Loading, PageHeader } from '../../ui/Page.js'
import { useClasses } from './api.js'
import { CreateClassForm } from './CreateClassForm.js'

export function ClassesPage() {
  const { t } = useTranslation('schools')
  const me = useMe()
  const classes = useClasses()
  return (
    <section className="stack">
      <PageHeader title={t('classes.title')} intro={me.data?.school.name} />
      {classes.isPending ? <Loading /> : null}
      {classes.isError ? <ErrorNotice error={classes.error} /> : null}
      {classes.data?.length === 0 ? <p className="notice">{t('classes.empty')}</p> : null}
      <ul className="grid" aria-label={t('classes.listLabel')} style={{ listStyle: 'none', padding: 0 }}>
        {classes.data?.map((c) => (
          <li key={c.id} className="card stack">
            <h2><Link to={`/classes/${c.id}`}>{c.name}</Link></h2>
            <p className="muted">{t('classes.summary', { min: c.ageMin, max: c.ageMax, count: c.pupilCount })}</p>
            <p>{t('classes.code')}: <strong>{c.code}</strong></p>
          </li>
        ))}
      </ul>
      <CreateClassForm />
    </section>
  )
}
