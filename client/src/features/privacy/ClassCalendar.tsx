import { useTranslation } from 'react-i18next'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { Field } from '../../ui/Field.js'
import { useCalendarFeed, useResetCalendar } from './api.js'

/** The class's private calendar address, to paste into a calendar app; a teacher can replace it. */
export function ClassCalendar({ classId }: { classId: string }) {
  const { t } = useTranslation('privacy')
  const feed = useCalendarFeed(classId)
  const reset = useResetCalendar(classId)
  const address = feed.data ? new URL(feed.data.url, window.location.origin).toString() : ''
  return (
    <section className="card stack no-print" aria-labelledby="class-calendar">
      <h2 id="class-calendar">{t('calendar.title')}</h2>
      <p className="muted">{t('calendar.intro')}</p>
      {feed.isError ? <ErrorNotice error={feed.error} /> : null}
      <Field label={t('calendar.address')} readOnly value={address} onFocus={(e) => e.currentTarget.select()} />
      {reset.isError ? <ErrorNotice error={reset.error} /> : null}
      <div className="row">
        <button
          type="button"
          className="secondary"
          onClick={() => reset.mutate()}
          disabled={reset.isPending}
          aria-describedby="calendar-reset-hint"
        >
          {t('calendar.reset')}
        </button>
        <span id="calendar-reset-hint" className="hint">
          {t('calendar.resetHint')}
        </span>
      </div>
    </section>
  )
}
