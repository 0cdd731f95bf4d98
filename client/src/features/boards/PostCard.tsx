import { useTranslation } from 'react-i18next'
import { Link as RouterLink } from 'react-router'
import type { Post } from '../../../../shared/schemas/boards.js'
import { useMe } from '../../app/session.js'
import { StatusBadge } from '../../ui/StatusBadge.js'
import { Picture } from '../media/Picture.js'
import { BilingualText } from '../bilingual/BilingualText.js'
import { PostActions } from './PostActions.js'
import { PostSecondText } from './PostSecondText.js'
import { useFormat } from '../../i18n/format.js'
import { authorLabel } from '../privacy/formerPupil.js'

/** One post, marked with its author's class colour and its moderation state. */
export function PostCard({ post, asThreadLink = false }: { post: Post; asThreadLink?: boolean }) {
  const { t } = useTranslation('boards')
  const format = useFormat()
  const mine = useMe().data?.user.id === post.authorId
  const colour = post.colorIndex === null ? 'var(--line)' : `var(--class-${post.colorIndex})`
  return (
    <article
      id={`post-${post.id}`}
      tabIndex={-1}
      className={`card post status-${post.status}`}
      style={{ borderInlineStartColor: colour }}
      aria-label={t('post.label', { name: authorLabel(post.authorName, t) })}
      data-testid="post"
    >
      <header className="row post-meta">
        <strong>{authorLabel(post.authorName, t)}</strong>
        <span className="muted">
          {post.className ? `${post.className} · ` : ''}
          {post.schoolName}
        </span>
        <time className="muted" dateTime={post.createdAt}>
          {format.dateTime(post.createdAt, 'dateTime')}
        </time>
        {post.pinned ? <span className="badge">{t('post.pinned')}</span> : null}
        {post.locked ? <span className="badge">{t('post.locked')}</span> : null}
        <StatusBadge status={post.status} mine={mine} label={t(`status.${post.status}`)} />
        {post.flagged ? <span className="badge off">{t('post.flagged')}</span> : null}
      </header>
      {post.title ? (
        <h3>{asThreadLink ? <RouterLink to={`/threads/${post.id}`}>{post.title}</RouterLink> : post.title}</h3>
      ) : null}
      <BilingualText item={post} />
      {post.mediaId ? (
        <Picture
          mediaId={post.mediaId}
          media={post.media}
          alt={t('post.picture', { name: authorLabel(post.authorName, t) })}
        />
      ) : null}
      {post.editNote ? <p className="muted edit-note">{t('post.edited', { note: post.editNote })}</p> : null}
      {post.status === 'rejected' && post.rejectReason ? (
        <p className="notice error">{t('post.rejected', { reason: post.rejectReason })}</p>
      ) : null}
      {post.status === 'held' && !mine ? <p className="muted">{t('post.held')}</p> : null}
      {asThreadLink ? <p className="muted">{t('post.replies', { count: post.replyCount })}</p> : null}
      <PostActions post={post} />
      <PostSecondText post={post} />
    </article>
  )
}
