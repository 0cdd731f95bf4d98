import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import { useMe } from '../../app/session.js'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { Loading, PageHeader } from '../../ui/Page.js'
import type { Locale } from '../../../../shared/locales.js'
import { directionOf } from '../../../../shared/locales.js'
import type { Pupil, SchoolClass } from '../../../../shared/schemas/schools.js'
import { useClass, usePupils } from './api.js'

/** One card per active pupil, to print and cut out: the class code and the pupil's own code. */
export function SignInCardsPage() {
  const { t } = useTranslation('schools')
  const { classId = '' } = useParams()
  const me = useMe()
  const schoolClass = useClass(classId)
  const pupils = usePupils(classId)
  if (schoolClass.isPending || pupils.isPending) return <Loading />
  if (schoolClass.isError || pupils.isError) return <ErrorNotice error={schoolClass.error ?? pupils.error} />
  const active = pupils.data.filter((p) => p.active)
  return (
    <section>
      <PageHeader
        title={t('cards.title', { name: schoolClass.data.name })}
        intro={t('cards.intro')}
        actions={
          <>
            <Link className="button secondary" to={`/classes/${classId}`}>
              {t('cards.back')}
            </Link>
            <button type="button" onClick={() => window.print()}>
              {t('cards.print')}
            </button>
          </>
        }
      />
      {active.length === 0 ? <p className="notice">{t('pupils.empty')}</p> : null}
      <CardSheet
        pupils={active}
        schoolName={me.data?.school.name ?? ''}
        schoolClass={schoolClass.data}
        language={schoolClass.data.defaultLocale ?? undefined}
      />
    </section>
  )
}

interface SheetProps {
  pupils: Pupil[]
  schoolName: string
  schoolClass: SchoolClass
  /** The class's default language: the cards speak to the pupils in it. */
  language: Locale | undefined
}

function CardSheet({ pupils, schoolName, schoolClass, language }: SheetProps) {
  const { t } = useTranslation('schools', language ? { lng: language } : {})
  return (
    <ul
      className="cards-sheet"
      lang={language}
      dir={language ? directionOf(language) : undefined}
      aria-label={t('cards.listLabel')}
      style={{ listStyle: 'none', padding: 0 }}
    >
      {pupils.map((pupil) => (
        <li key={pupil.id} className="signin-card" data-testid="signin-card">
          <div className="pupil-name">{pupil.displayName}</div>
          <div className="muted">
            {schoolName} · {schoolClass.name}
          </div>
          <dl>
            <dt>{t('cards.classCode')}</dt>
            <dd data-testid="class-code">{schoolClass.code}</dd>
            <dt>{t('cards.personalCode')}</dt>
            <dd data-testid="personal-code">{pupil.personalCode}</dd>
          </dl>
          <p className="muted">{t('cards.howTo', { address: window.location.origin })}</p>
        </li>
      ))}
    </ul>
  )
}
