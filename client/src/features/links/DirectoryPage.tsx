import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useSearchParams } from 'react-router'
import { REGIONS } from '../../../../shared/regions.js'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { Field } from '../../ui/Field.js'
import { Loading, PageHeader } from '../../ui/Page.js'
import { ShowOlder } from '../../ui/ShowOlder.js'
import { useClasses } from '../schools/api.js'
import { useDirectory, useLink } from './api.js'
import { DirectoryResultCard } from './DirectoryResultCard.js'

const FILTERS = [
  'overlapWith',
  'country',
  'region',
  'ageMin',
  'ageMax',
  'language',
  'theme',
  'minOverlapHours',
] as const

/** Teachers find partner classes: filter by place, age, language, theme and shared school hours. */
export function DirectoryPage() {
  const { t } = useTranslation('links')
  const [params, setParams] = useSearchParams()
  const classes = useClasses()
  const linkId = params.get('linkId') ?? ''
  const link = useLink(linkId)
  const [draft, setDraft] = useState(
    () => Object.fromEntries(FILTERS.map((f) => [f, params.get(f) ?? ''])) as Record<(typeof FILTERS)[number], string>,
  )
  const search = new URLSearchParams([...params.entries()].filter(([key, value]) => key !== 'linkId' && value !== ''))
  const results = useDirectory(search.toString())
  const found = results.data?.pages.flatMap((p) => p.items) ?? []
  const apply = (event: FormEvent) => {
    event.preventDefault()
    const next = new URLSearchParams(Object.entries(draft).filter(([, v]) => v !== ''))
    if (linkId) next.set('linkId', linkId)
    setParams(next)
  }
  const set = (key: (typeof FILTERS)[number]) => (event: { target: { value: string } }) =>
    setDraft({ ...draft, [key]: event.target.value })
  const inviteFrom = linkId
    ? (link.data?.classes ?? [])
        .filter((c) => classes.data?.some((mine) => mine.id === c.classId))
        .map((c) => ({ id: c.classId, name: c.className }))
    : (classes.data ?? []).map((c) => ({ id: c.id, name: c.name }))
  return (
    <section className="stack">
      <PageHeader title={t('directory.title')} intro={linkId ? t('directory.introGrow') : t('directory.intro')} />
      <form className="card stack" onSubmit={apply} aria-label={t('directory.filters')}>
        <div className="filters">
          <div className="field">
            <label htmlFor="overlapWith">{t('directory.overlapWith')}</label>
            <select id="overlapWith" value={draft.overlapWith} onChange={set('overlapWith')}>
              <option value="">{t('directory.anyClass')}</option>
              {classes.data?.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
          <Field
            label={t('directory.minOverlapHours')}
            type="number"
            min={0}
            max={60}
            value={draft.minOverlapHours}
            onChange={set('minOverlapHours')}
          />
          <Field
            label={t('directory.country')}
            hint={t('directory.countryHint')}
            maxLength={2}
            value={draft.country}
            onChange={set('country')}
          />
          <div className="field">
            <label htmlFor="region">{t('directory.region')}</label>
            <select id="region" value={draft.region} onChange={set('region')}>
              <option value="">{t('directory.anyRegion')}</option>
              {REGIONS.map((r) => (
                <option key={r} value={r}>
                  {t(`regions.${r}`)}
                </option>
              ))}
            </select>
          </div>
          <Field
            label={t('directory.ageMin')}
            type="number"
            min={3}
            max={19}
            value={draft.ageMin}
            onChange={set('ageMin')}
          />
          <Field
            label={t('directory.ageMax')}
            type="number"
            min={3}
            max={19}
            value={draft.ageMax}
            onChange={set('ageMax')}
          />
          <Field
            label={t('directory.language')}
            hint={t('directory.languageHint')}
            value={draft.language}
            onChange={set('language')}
          />
          <Field label={t('directory.theme')} value={draft.theme} onChange={set('theme')} />
        </div>
        <div className="row">
          <button type="submit">{t('directory.search')}</button>
        </div>
      </form>
      {results.isPending ? <Loading /> : null}
      {results.isError ? <ErrorNotice error={results.error} /> : null}
      {results.data && found.length === 0 && !results.hasNextPage ? (
        <p role="status" className="muted">
          {t('directory.none')}
        </p>
      ) : null}
      <ul className="stack plain-list" aria-label={t('directory.results')}>
        {found.map((entry) => (
          <li key={entry.classId}>
            <DirectoryResultCard
              entry={entry}
              inviteFrom={inviteFrom}
              linkId={linkId || undefined}
              preferredClassId={draft.overlapWith}
            />
          </li>
        ))}
      </ul>
      {results.hasNextPage ? (
        <ShowOlder
          label={t('directory.more')}
          loading={results.isFetchingNextPage}
          onMore={() => void (results.isFetchingNextPage || results.fetchNextPage())}
        />
      ) : null}
    </section>
  )
}
