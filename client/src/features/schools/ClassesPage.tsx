import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { SchoolClass } from '../../../../shared/schemas/schools.js'
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
  const [created, setCreated] = useState<SchoolClass | null>(null)
  // A new class is shown where it landed in the list, and focused, so the teacher sees what happened.
  useEffect(() => {
    if (!created || !classes.data?.some((c) => c.id === created.id)) return
    const link = document.getElementById(`class-${created.id}`)
    link?.scrollIntoView({ block: 'center' })
    link?.focus()
  }, [created, classes.data])
  return (
    <section className="stack">
      <PageHeader title={t('classes.title')} intro={me.data?.school.name} />
      {classes.isPending ? <Loading /> : null}
      {classes.isError ? <ErrorNotice error={classes.error} /> : null}
      {classes.data?.length === 0 ? <p className="notice">{t('classes.empty')}</p> : null}
      <ul className="grid" aria-label={t('classes.listLabel')} style={{ listStyle: 'none', padding: 0 }}>
        {classes.data?.map((c) => (
          <li key={c.id} className={c.id === created?.id ? 'card stack just-created' : 'card stack'}>
            <h2>
              <Link id={`class-${c.id}`} to={`/classes/${c.id}`}>
                {c.name}
              </Link>
            </h2>
            {c.id === created?.id ? (
              <p className="badge" role="status">
                {t('create.done', { name: c.name })}
              </p>
            ) : null}
            <p className="muted">{t('classes.summary', { min: c.ageMin, max: c.ageMax, count: c.pupilCount })}</p>
            <p>
              {t('classes.code')}: <strong>{c.code}</strong>
            </p>
          </li>
        ))}
      </ul>
      <CreateClassForm onCreated={setCreated} />
    </section>
  )
}
