import { useTranslation } from 'react-i18next'
import { ApiRequestError } from '../../api/http.js'
import { errorTranslation } from '../../ui/ErrorNotice.js'
import type { OutboxEntry } from './outbox.js'
import './outbox.css'

interface Props {
  entries: readonly OutboxEntry[]
  /** The text the writer sees for an entry (the letter or post itself). */
  preview: (entry: OutboxEntry) => string
  /** Puts a refused entry's text back into the form, so it can be changed and sent again. */
  onEdit: (entry: OutboxEntry) => void
  onDiscard: (entry: OutboxEntry) => void
}

/** What this person wrote here that has not gone yet: waiting for the line, or refused and why. */
export function OutboxList({ entries, preview, onEdit, onDiscard }: Props) {
  const { t } = useTranslation('outbox')
  if (entries.length === 0) return null
  return (
    <section className="card stack outbox" aria-labelledby="outbox-heading">
      <h2 id="outbox-heading">{t('title')}</h2>
      <ul className="plain-list stack">
        {entries.map((entry) => (
          <li key={entry.id} className={`outbox-entry ${entry.status}`} data-testid="outbox-entry">
            <p className="outbox-preview">{preview(entry)}</p>
            {entry.status === 'waiting' ? (
              <p className="notice warn" role="status">
                {t('waiting')}
              </p>
            ) : (
              <Refusal entry={entry} onEdit={onEdit} onDiscard={onDiscard} />
            )}
          </li>
        ))}
      </ul>
    </section>
  )
}

function Refusal({ entry, onEdit, onDiscard }: { entry: OutboxEntry } & Pick<Props, 'onEdit' | 'onDiscard'>) {
  const { t } = useTranslation('outbox')
  const reason = entry.refusal
    ? errorTranslation(new ApiRequestError(entry.refusal.status, entry.refusal.error))
    : errorTranslation(null)
  return (
    <>
      <p className="notice error" role="alert">
        {t('refused', { reason: t(reason.key, reason.values) })}
      </p>
      <div className="row">
        <button type="button" className="secondary" onClick={() => onEdit(entry)}>
          {t('edit')}
        </button>
        <button type="button" className="secondary" onClick={() => onDiscard(entry)}>
          {t('discard')}
        </button>
      </div>
    </>
  )
}
