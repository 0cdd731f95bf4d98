import { useTranslation } from 'react-i18next'
import type { Link } from '../../../../shared/schemas/links.js'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { ShowOlder } from '../../ui/ShowOlder.js'
import { useAudit } from './api.js'
import { useFormat } from '../../i18n/format.js'

/** Every moderation action in the link, for all its teachers: who, what, when, why. */
export function AuditSection({ link }: { link: Link }) {
  const { t } = useTranslation('moderation')
  const format = useFormat()
  const audit = useAudit(link.id)
  const entries = audit.data?.pages.flatMap((page) => page.items)
  return (
    <details className="card">
      <summary>
        <h2 className="inline-heading">{t('audit.title')}</h2>
      </summary>
      {audit.isError ? <ErrorNotice error={audit.error} /> : null}
      {entries?.length === 0 ? <p className="muted">{t('audit.empty')}</p> : null}
      <ul className="plain-list stack" data-testid="audit">
        {entries?.map((entry) => (
          <li key={entry.id}>
            {t('audit.line', {
              actor: entry.actorName,
              action: t(`audit.action.${entry.action}`),
              excerpt: entry.excerpt,
            })}
            {entry.reason ? ` — ${t('audit.reason', { reason: entry.reason })}` : ''}{' '}
            <span className="muted">{format.dateTime(entry.createdAt, 'dateTimeShort')}</span>
          </li>
        ))}
      </ul>
      {audit.hasNextPage ? (
        <ShowOlder
          label={t('older.audit')}
          loading={audit.isFetchingNextPage}
          onMore={() => void (audit.isFetchingNextPage || audit.fetchNextPage())}
        />
      ) : null}
    </details>
  )
}
