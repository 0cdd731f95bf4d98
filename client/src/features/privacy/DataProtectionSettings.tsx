import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { MAX_RETENTION_MONTHS, MIN_RETENTION_MONTHS } from '../../../../shared/schemas/privacy.js'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { Field } from '../../ui/Field.js'
import { useDataProtection, usePrivacyLog, useSetRetention } from './api.js'
import { useFormat } from '../../i18n/format.js'

function RetentionForm({ current }: { current: number }) {
  const { t } = useTranslation('privacy')
  const save = useSetRetention()
  const [months, setMonths] = useState(String(current))
  return (
    <form
      className="stack"
      onSubmit={(event) => {
        event.preventDefault()
        save.mutate(Number(months))
      }}
    >
      <Field
        label={t('settings.retention')}
        hint={t('settings.retentionHint')}
        type="number"
        min={MIN_RETENTION_MONTHS}
        max={MAX_RETENTION_MONTHS}
        required
        value={months}
        onChange={(e) => setMonths(e.target.value)}
      />
      {save.isError ? <ErrorNotice error={save.error} /> : null}
      {save.isSuccess ? <p role="status">{t('settings.saved')}</p> : null}
      <div className="row">
        <button type="submit" disabled={save.isPending || !months}>
          {t('settings.save')}
        </button>
        <Link to="/privacy">{t('settings.whatIsStored')}</Link>
      </div>
    </form>
  )
}

/** The school's retention period and its data-protection record (removals, downloads, retention sweeps). */
export function DataProtectionSettings() {
  const { t } = useTranslation('privacy')
  const format = useFormat()
  const settings = useDataProtection()
  const log = usePrivacyLog()
  return (
    <section className="card stack" aria-labelledby="data-protection">
      <h2 id="data-protection">{t('settings.title')}</h2>
      {settings.isError ? <ErrorNotice error={settings.error} /> : null}
      {settings.data ? <RetentionForm current={settings.data.retentionMonths} /> : null}
      <h3>{t('settings.log')}</h3>
      {log.isError ? <ErrorNotice error={log.error} /> : null}
      {log.data?.length === 0 ? <p className="muted">{t('settings.logEmpty')}</p> : null}
      {log.data?.length ? (
        <ul className="stack" aria-label={t('settings.log')}>
          {log.data.map((entry) => (
            <li key={entry.id}>
              <strong>{t(`settings.actions.${entry.action}`)}</strong> · {entry.actorName ?? t('settings.byJob')} ·{' '}
              {format.dateTime(entry.createdAt, 'dateTime')}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  )
}
