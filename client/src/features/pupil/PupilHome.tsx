import { useQuery, useQueryClient } from '@tanstack/react-query'
import { lazy, Suspense, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link as RouterLink } from 'react-router'
import type { PupilHome as Home, PupilLink, PupilNews } from '../../../../shared/schemas/pupil.js'
import { apiGet, apiPost } from '../../api/http.js'
import { useMe } from '../../app/session.js'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { Icon, type IconName } from '../../ui/Icon.js'
import { Loading } from '../../ui/Page.js'
import { useReflections } from '../reflections/api.js'
import { useFormat } from '../../i18n/format.js'
import './pupil.css'

// Loaded only for a home that has a partner picture to show (it is not part of every first page).
const Picture = lazy(() => import('../media/Picture.js').then((m) => ({ default: m.Picture })))

export const pupilHomeKey = ['pupil', 'home'] as const

/** Where a piece of news is: one tap from her home. */
export const newsPath = (n: PupilNews) =>
  n.where === 'wall' ? `/links/${n.linkId}/wall#item-${n.id}` : `/threads/${n.threadId ?? n.id}#post-${n.id}`

const NEWS_ICON: Record<PupilNews['kind'], IconName> = { letter: 'letter', reply: 'chat', approved: 'star' }

/** A pupil's home: her partner class, what is new for her, and big buttons straight to the wall and the board. */
export function PupilHome() {
  const { t } = useTranslation('pupil')
  const me = useMe()
  const home = useQuery({ queryKey: pupilHomeKey, queryFn: () => apiGet<Home>('/pupil/home') })
  useEffect(() => {
    document.title = t('title')
  }, [t])
  if (!me.data) return <Loading />
  const link = home.data?.links.find((l) => l.status === 'active') ?? home.data?.links[0]
  return (
    <section className="stack pupil-home">
      <h1 className="welcome">
        {t('welcome', { name: me.data.user.displayName })} <Icon name="wave" />
      </h1>
      {home.isPending ? <Loading /> : null}
      {home.isError ? <ErrorNotice error={home.error} /> : null}
      {home.data && !link ? <p className="card">{t('noPartner')}</p> : null}
      {link ? <BigButtons link={link} /> : null}
      <OpenReflection />
      {home.data && link ? <News news={home.data.news} /> : null}
      {home.data?.links.map((l) => (
        <PartnerCard key={l.linkId} link={l} />
      ))}
    </section>
  )
}

function BigButtons({ link }: { link: PupilLink }) {
  const { t } = useTranslation('pupil')
  if (link.status !== 'active') return <p className="notice">{t('notActive')}</p>
  return (
    <nav className="big-buttons" aria-label={t('doSomething')}>
      <RouterLink className="big-button" to={`/links/${link.linkId}/wall?write=letter`}>
        <Icon name="pencil" size="1.6em" /> {t('writeLetter')}
      </RouterLink>
      {link.boardId ? (
        <RouterLink className="big-button" to={`/boards/${link.boardId}?write=post`}>
          <Icon name="chat" size="1.6em" /> {t('postOnBoard')}
        </RouterLink>
      ) : null}
      <RouterLink className="big-button" to={`/links/${link.linkId}/wall`}>
        <Icon name="picture" size="1.6em" /> {t('openWall')}
      </RouterLink>
    </nav>
  )
}

/** Her teacher opened a reflection for her class: one tap from home to answer it. */
function OpenReflection() {
  const { t } = useTranslation('pupil')
  const open = useReflections().data?.filter((r) => r.closedAt === null) ?? []
  const first = open[0]
  if (!first) return null
  return (
    <RouterLink
      className="big-button reflection-button"
      to={open.length > 1 ? '/reflections' : `/reflections/${first.id}`}
    >
      <Icon name="wave" size="1.6em" /> {t('reflection')}
    </RouterLink>
  )
}

function News({ news }: { news: PupilNews[] }) {
  const { t } = useTranslation('pupil')
  // Opening any of it counts as having looked; the list itself stays until she comes back.
  const queryClient = useQueryClient()
  const seen = () =>
    void apiPost('/pupil/home/seen')
      .then(() => queryClient.invalidateQueries({ queryKey: pupilHomeKey }))
      .catch(() => undefined)
  return (
    <section className="card stack" aria-labelledby="news-heading">
      <h2 id="news-heading">
        <Icon name="bell" /> {t('news.title')}
      </h2>
      {news.length === 0 ? <p className="muted">{t('news.none')}</p> : null}
      <ul className="plain-list stack news-list">
        {news.map((n) => (
          <li key={`${n.where}-${n.id}`}>
            <RouterLink className="news-item" to={newsPath(n)} onClick={seen}>
              <span className="news-icon">
                <Icon name={NEWS_ICON[n.kind]} size="1.6em" />
              </span>
              <span className="stack tight">
                <strong>
                  {t(`news.${n.kind}${n.kind === 'letter' && n.toMe ? 'ToMe' : ''}`, { name: n.authorName })}
                </strong>
                {/* Her partner's words keep their own direction: an English letter on an Arabic page ends with its full stop. */}
                <span className="muted" dir="auto">
                  {n.excerpt}
                </span>
              </span>
            </RouterLink>
          </li>
        ))}
      </ul>
    </section>
  )
}

function PartnerCard({ link }: { link: PupilLink }) {
  const { t } = useTranslation('pupil')
  const format = useFormat()
  const now = useMinute()
  return (
    <section className="card stack partner-card" aria-label={t('partner.title')}>
      {link.partners.map((p) => (
        <div key={p.classId} className="partner" style={{ borderInlineStartColor: `var(--class-${p.colorIndex})` }}>
          <h2>
            <Icon name="friends" /> {t('partner.class', { className: p.className })}
          </h2>
          <p>{t('partner.where', { school: p.schoolName, city: p.city })}</p>
          <p>
            <Icon name="clock" /> {t('partner.time', { time: format.dateTime(now, 'time', p.timeZone), city: p.city })}
          </p>
        </div>
      ))}
      {link.partnerPicture ? (
        <figure className="partner-picture">
          {/* Through Picture, so a class with the data saver on taps before even the thumbnail loads. */}
          <Suspense fallback={null}>
            <Picture
              mediaId={link.partnerPicture.picture.id}
              media={link.partnerPicture.picture}
              alt={link.partnerPicture.caption}
            />
          </Suspense>
          <figcaption dir="auto">{link.partnerPicture.caption}</figcaption>
        </figure>
      ) : null}
      {link.nextAssembly ? (
        <p>
          <Icon name="video" />{' '}
          {t('assembly', {
            title: link.nextAssembly.title,
            when: format.dateTime(link.nextAssembly.startsAt, 'dayTime'),
          })}
        </p>
      ) : null}
    </section>
  )
}

/** The current time, refreshed each minute (the partner's clock). */
function useMinute(): Date {
  const [now, setNow] = useState(() => new Date())
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), 60_000)
    return () => window.clearInterval(timer)
  }, [])
  return now
}
