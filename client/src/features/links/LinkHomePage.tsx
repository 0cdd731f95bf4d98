import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link as RouterLink, useParams } from 'react-router'
import { MAX_CLASSES_PER_LINK, type Link, type LinkOverview } from '../../../../shared/schemas/links.js'
import { apiPost } from '../../api/http.js'
import { useMe } from '../../app/session.js'
import { useFormat } from '../../i18n/format.js'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { Loading, PageHeader } from '../../ui/Page.js'
import { ActivityList, HealthLine, ReviewLine, UpcomingPlan } from './LinkOverviewParts.js'
import { linkKey, linksKey, useOverview } from './api.js'
import { linkSections } from './linkSections.js'
import { useLinkRoom } from './useLinkRoom.js'
import './links.css'

/** "Now" that moves on every minute, so partners' local times stay true on a page left open. */
function useMinute(): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000)
    return () => clearInterval(timer)
  }, [])
  return now
}

export function LinkHomePage() {
  const { t } = useTranslation('links')
  const { linkId = '' } = useParams()
  const overview = useOverview(linkId)
  const me = useMe()
  const { onlineClassIds } = useLinkRoom(linkId)
  if (overview.isPending) return <Loading />
  if (overview.isError) return <ErrorNotice error={overview.error} />
  const { link } = overview.data
  const role = me.data?.user.role
  return (
    <section className="stack">
      <PageHeader
        title={t('home.title')}
        intro={
          <span className={`badge status-${link.status}`} data-testid="link-status">
            {t(`status.${link.status}`)}
          </span>
        }
        actions={
          <RouterLink className="button secondary" to={`/links/${linkId}/agreement`}>
            {t('home.agreement')}
          </RouterLink>
        }
      />
      <Partners link={link} onlineClassIds={onlineClassIds} />
      <HealthLine overview={overview.data} />
      <ReviewLine overview={overview.data} />
      <div className="grid two">
        <UpcomingPlan overview={overview.data} />
        <ActivityList overview={overview.data} />
      </div>
      {linkSections
        .filter((section) => role && section.roles.includes(role))
        .map(({ id, Component }) => (
          <Component key={id} link={link} />
        ))}
      {role === 'teacher' ? <LinkActions overview={overview.data} /> : null}
    </section>
  )
}

function Partners({ link, onlineClassIds }: { link: Link; onlineClassIds: string[] }) {
  const { t } = useTranslation('links')
  const format = useFormat()
  const now = useMinute()
  return (
    <ul className="grid plain-list" aria-label={t('home.partners')}>
      {link.classes.map((c) => {
        const online = onlineClassIds.includes(c.classId)
        const time = format.dateTime(now, 'weekdayTime', c.timeZone)
        return (
          <li
            key={c.classId}
            className="card partner"
            style={{ borderInlineStartColor: `var(--class-${c.colorIndex})` }}
            data-testid={`partner-${c.classId}`}
          >
            <h2>{c.schoolName}</h2>
            <p>
              {c.className} · {c.city}, {c.country}
            </p>
            <p className="muted">
              {t('home.localTime', { time })} ·{' '}
              {t('home.languages', { languages: format.list(c.languages.map((code) => format.language(code))) })}
            </p>
            <p className={online ? 'presence online' : 'presence'} data-testid="presence">
              <span aria-hidden="true" className="dot" />
              {online ? t('home.online') : t('home.offline')}
            </p>
          </li>
        )
      })}
    </ul>
  )
}

function LinkActions({ overview }: { overview: LinkOverview }) {
  const { t } = useTranslation('links')
  const queryClient = useQueryClient()
  const { link } = overview
  const [confirmEnd, setConfirmEnd] = useState(false)
  const change = useMutation({
    mutationFn: (action: 'pause' | 'resume' | 'end') => apiPost<Link>(`/links/${link.id}/${action}`),
    onSuccess: () => {
      setConfirmEnd(false)
      void queryClient.invalidateQueries({ queryKey: linkKey(link.id) })
      void queryClient.invalidateQueries({ queryKey: linksKey, exact: true })
    },
  })
  const ended = link.status === 'ended'
  return (
    <section className="card stack" aria-labelledby="link-actions">
      <h2 id="link-actions">{t('actions.title')}</h2>
      <p className="muted">{t('actions.equal')}</p>
      {change.isError ? <ErrorNotice error={change.error} /> : null}
      <div className="row">
        {!ended && link.classes.length < MAX_CLASSES_PER_LINK ? (
          <RouterLink className="button secondary" to={`/directory?linkId=${link.id}`}>
            {t('actions.invite')}
          </RouterLink>
        ) : null}
        {link.status === 'paused' ? (
          <button type="button" onClick={() => change.mutate('resume')}>
            {t('actions.resume')}
          </button>
        ) : null}
        {link.status === 'active' || link.status === 'forming' ? (
          <button type="button" className="secondary" onClick={() => change.mutate('pause')}>
            {t('actions.pause')}
          </button>
        ) : null}
        <a className="button secondary" href={`/api/links/${link.id}/export`} download>
          {t('actions.export')}
        </a>
        {!ended && !confirmEnd ? (
          <button type="button" className="danger" onClick={() => setConfirmEnd(true)}>
            {t('actions.end')}
          </button>
        ) : null}
      </div>
      {confirmEnd ? (
        <div className="notice error stack" role="alertdialog" aria-labelledby="end-confirm">
          <p id="end-confirm">{t('actions.endConfirm')}</p>
          <div className="row">
            <button type="button" className="danger" onClick={() => change.mutate('end')}>
              {t('actions.endYes')}
            </button>
            <button type="button" className="secondary" onClick={() => setConfirmEnd(false)}>
              {t('actions.cancel')}
            </button>
          </div>
        </div>
      ) : null}
    </section>
  )
}
