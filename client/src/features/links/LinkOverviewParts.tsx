import { useTranslation } from 'react-i18next'
import { Link as RouterLink } from 'react-router'
import type { Activity, LinkOverview } from '../../../../shared/schemas/links.js'
import { useFormat } from '../../i18n/format.js'

/** The link-health line: both schools see the same warnings. */
export function HealthLine({ overview }: { overview: LinkOverview }) {
  const { t } = useTranslation('links')
  if (overview.link.status === 'paused' || overview.link.status === 'ended') {
    return (
      <p className="notice" role="status" data-testid="health">
        {t(`health.${overview.link.status}`)}
      </p>
    )
  }
  if (overview.health.length === 0)
    return (
      <p className="notice ok" role="status" data-testid="health">
        {t('health.good')}
      </p>
    )
  return (
    <ul className="notice warn plain-list" role="status" data-testid="health">
      {overview.health.map((issue) => {
        switch (issue.kind) {
          case 'signatures_needed':
            return <li key={issue.kind}>{t('health.signatures', { count: issue.count })}</li>
          case 'contact_overdue':
            return (
              <li key={issue.kind}>
                {t('health.contact', { days: issue.daysSinceContact, every: issue.contactEveryDays })}
              </li>
            )
          case 'plan_overdue':
            return (
              <li key={issue.kind}>
                {t('health.plan', { count: issue.count, activity: issue.firstActivity, date: issue.firstDate })}
              </li>
            )
          case 'review_overdue':
            return <li key={issue.kind}>{t('health.review', { date: issue.dueDate })}</li>
        }
      })}
    </ul>
  )
}

export function UpcomingPlan({ overview }: { overview: LinkOverview }) {
  const { t } = useTranslation('links')
  const format = useFormat()
  return (
    <section className="card stack" aria-labelledby="upcoming-heading">
      <h2 id="upcoming-heading">{t('home.upcoming')}</h2>
      {overview.upcoming.length === 0 ? <p className="muted">{t('home.noUpcoming')}</p> : null}
      <ol className="plain-list stack">
        {overview.upcoming.map((item) => (
          <li key={item.id}>
            <strong>{format.day(item.date, 'dayMonth')}</strong> — {item.activity}
            {item.outcome ? <div className="muted">{t('home.outcome', { outcome: item.outcome })}</div> : null}
          </li>
        ))}
      </ol>
    </section>
  )
}

export function ActivityList({ overview }: { overview: LinkOverview }) {
  const { t } = useTranslation('links')
  const format = useFormat()
  return (
    <section className="card stack" aria-labelledby="activity-heading">
      <h2 id="activity-heading">{t('home.activity')}</h2>
      {overview.activity.length === 0 ? <p className="muted">{t('home.noActivity')}</p> : null}
      <ul className="plain-list stack" data-testid="activity">
        {overview.activity.map((a) => (
          <li key={a.id}>
            {activitySentence(t, a)} <span className="muted">· {format.dateTime(a.createdAt, 'dateTime')}</span>
          </li>
        ))}
      </ul>
    </section>
  )
}

function activitySentence(t: (key: string, values?: Record<string, unknown>) => string, a: Activity): string {
  return t(`activity.${a.kind}`, { ...a.params, actor: a.actorName ?? t('activity.someone') })
}

/** The next review of the agreed outcomes and how the last joint one went, with the way to review. */
export function ReviewLine({ overview }: { overview: LinkOverview }) {
  const { t } = useTranslation('links')
  const format = useFormat()
  const { nextDue, last } = overview.reviews
  return (
    <section className="card stack" aria-labelledby="review-heading" data-testid="review-line">
      <h2 id="review-heading">{t('reviewLine.title')}</h2>
      <p>{nextDue ? t('reviewLine.next', { date: format.day(nextDue) }) : t('reviewLine.none')}</p>
      <p>
        {last
          ? t('reviewLine.last', {
              date: format.dateTime(last.at, 'date'),
              met: last.met,
              partly: last.partly,
              notYet: last.notYet,
            })
          : t('reviewLine.noLast')}
      </p>
      <p>
        <RouterLink to={`/links/${overview.link.id}/outcomes`}>{t('reviewLine.open')}</RouterLink>
      </p>
    </section>
  )
}
