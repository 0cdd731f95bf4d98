import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import type { DataInventory } from '../../../../shared/schemas/dataInventory.js'
import { apiGet } from '../../api/http.js'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { Loading, PageHeader } from '../../ui/Page.js'

/**
 * What Bridges stores, and why: for schools and parents. Made from the live database (every table
 * that holds personal data, and its columns) and the school's settings, so it cannot drift.
 */
export function WhatIsStoredPage() {
  const { t } = useTranslation('privacy')
  const inventory = useQuery({
    queryKey: ['privacy', 'inventory'],
    queryFn: () => apiGet<DataInventory>('/privacy/inventory'),
  })
  if (inventory.isPending) return <Loading />
  if (inventory.isError) return <ErrorNotice error={inventory.error} />
  const { categories, retentionMonths, sessionDays } = inventory.data
  return (
    <section className="stack">
      <PageHeader title={t('stored.title')} intro={t('stored.intro')} />
      {categories.map((category) => (
        <article key={category.id} className="card stack" aria-labelledby={`stored-${category.id}`}>
          <h2 id={`stored-${category.id}`}>{t(`stored.categories.${category.id}.what`)}</h2>
          <dl className="stack">
            <dt>{t('stored.purpose')}</dt>
            <dd>{t(`stored.categories.${category.id}.purpose`)}</dd>
            <dt>{t('stored.who')}</dt>
            <dd>{t(`stored.categories.${category.id}.who`)}</dd>
            <dt>{t('stored.kept')}</dt>
            <dd>
              {category.retention === 'linkRetention'
                ? t('stored.retentionSchool', { count: retentionMonths })
                : t(`stored.categories.${category.id}.kept`, { sessionDays })}
            </dd>
            <dt>{t('stored.fields')}</dt>
            <dd>
              {category.tables.map((table) => (
                <code key={table.name} className="stored-table">
                  {`${table.name} (${table.columns.join(', ')})`}{' '}
                </code>
              ))}
            </dd>
          </dl>
        </article>
      ))}
    </section>
  )
}
