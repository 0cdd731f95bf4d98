import { useTranslation } from 'react-i18next'
import { Link as RouterLink } from 'react-router'
import type { QueueItem } from '../../../../shared/schemas/moderation.js'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { Loading, PageHeader } from '../../ui/Page.js'
import { QueueActions } from './QueueActions.js'
import { usePupilNotices, useQueue } from './api.js'
import '../boards/boards.css'
import { useFormat } from '../../i18n/format.js'
import { authorLabel } from '../privacy/formerPupil.js'

/** One queue per teacher across boards, the wall and assembly chat: what my school's pupils wrote. */
export function ModerationPage() {
  const { t } = useTranslation('moderation')
  const queue = useQueue()
  return (
    <section className="stack">
      <PageHeader title={t('title')} intro={t('intro')} />
      {queue.isPending ? <Loading /> : null}
      {queue.isError ? <ErrorNotice error={queue.error} /> : null}
      {queue.data?.length === 0 ? <p className="notice ok" role="status">{t('empty')}</p> : null}
      <ul className="plain-list stack" aria-label={t('title')}>
        {queue.data?.map((item) => <li key={`${item.kind}-${item.itemId}`}><QueueCard item={item} /></li>)}
      </ul>
      <PupilNotices />
    </section>
  )
}

/** Pupils slowed down for writing too fast: a flood is noticed by their teachers, not just refused. */
function PupilNotices() {
  const { t } = useTranslation('moderation')
  const format = useFormat()
  const notices = usePupilNotices()
  if (!notices.data?.length) return null
  return (
    <section className="card stack" aria-labelledby="pupil-notices">
      <h2 id="pupil-notices">{t('notices.title')}</h2>
      <p className="muted">{t('notices.intro')}</p>
      <ul className="plain-list stack">
        {notices.data.map((n) => (
          <li key={n.id} className="row">
            <strong>{n.pupilName}</strong>
            <span>{t(`notices.kind.${n.kind}`)}</span>
            <time className="muted" dateTime={n.createdAt}>{format.dateTime(n.createdAt, 'dateTimeShort')}</time>
          </li>
        ))}
      </ul>
    </section>
  )
}

function QueueCard({ item }: { item: QueueItem }) {
  const { t } = useTranslation('moderation')
  const format = useFormat()
  return (
    <article className="card stack queue-item" aria-label={t('itemLabel', { name: authorLabel(item.authorName, t) })}>
      <div className="row">
        <strong>{authorLabel(item.authorName, t)}</strong>
        {item.className ? <span className="muted">{item.className}</span> : null}
        <span className="badge">{t(`kind.${item.kind}`)}</span>
        <span className="muted">{t('where', { place: item.place })}</span>
        <span className={item.reason === 'flagged' ? 'badge off' : 'badge'}>{t(`reason.${item.reason}`)}</span>
        <time className="muted" dateTime={item.createdAt}>{format.dateTime(item.createdAt, 'dateTimeShort')}</time>
      </div>
      <blockquote className="quote">{item.excerpt}</blockquote>
      {item.suspiciousWords.length ? <p className="notice suspicious">{t('suspicious', { words: item.suspiciousWords.join(', ') })}</p> : null}
      <QueueActions item={item} />
      {item.kind === 'wall_item' && item.linkId ? <RouterLink to={`/links/${item.linkId}/wall`}>{t('openWall')}</RouterLink> : null}
    </article>
  )
}
