import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { STICKERS, type WallItem } from '../../../../shared/schemas/wall.js'
import { apiPost } from '../../api/http.js'
import { useIdempotencyKeys } from '../../api/useIdempotencyKeys.js'
import { useMe } from '../../app/session.js'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { StatusBadge } from '../../ui/StatusBadge.js'
import { Picture } from '../media/Picture.js'
import { CameOnPaper } from '../paper/CameOnPaper.js'
import { VideoPostcard } from '../video/VideoPostcard.js'
import { VideoReply } from '../video/VideoComposer.js'
import { useConsent, wallKey } from './api.js'
import { BilingualText } from '../bilingual/BilingualText.js'
import { SecondTextEditor } from '../bilingual/SecondTextEditor.js'
import { useFormat } from '../../i18n/format.js'
import { authorLabel } from '../privacy/formerPupil.js'

const STICKER_EMOJI: Record<(typeof STICKERS)[number], string> = {
  star: '⭐',
  heart: '❤️',
  smile: '😊',
  wave: '👋',
  rainbow: '🌈',
  clap: '👏',
}

/** A letter or picture on the wall, its replies and stickers, and what the viewer may do with it. */
export function WallItemCard({ item, replies }: { item: WallItem; replies: WallItem[] }) {
  const { t } = useTranslation('wall')
  const format = useFormat()
  const meId = useMe().data?.user.id
  const colour = item.colorIndex === null ? 'var(--line)' : `var(--class-${item.colorIndex})`
  return (
    <article
      id={`item-${item.id}`}
      tabIndex={-1}
      className={`card wall-item status-${item.status}`}
      style={{ borderInlineStartColor: colour }}
      aria-label={t('item.label', { name: authorLabel(item.authorName, t) })}
      data-testid="wall-item"
    >
      <header className="row post-meta">
        <strong>
          <bdi>{authorLabel(item.authorName, t)}</bdi>
        </strong>
        <bdi className="muted">{item.className ?? ''}</bdi>
        {item.toPupilName ? <span className="badge">{t('item.toPenPal', { name: item.toPupilName })}</span> : null}
        <CameOnPaper item={item} />
        {!item.released ? <span className="badge">{t('item.waitingForRelease')}</span> : null}
        <StatusBadge status={item.status} mine={item.authorId === meId} label={t(`status.${item.status}`)} />
        <time className="muted" dateTime={item.createdAt}>
          {format.dateTime(item.createdAt, 'date')}
        </time>
      </header>
      {item.kind === 'video' ? (
        <VideoPostcard item={item} />
      ) : item.mediaId ? (
        <figure>
          <Picture
            mediaId={item.mediaId}
            media={item.media}
            alt={item.caption || t('item.picture', { name: authorLabel(item.authorName, t) })}
          />
          {item.pages?.slice(1).map((page, i) => (
            <Picture
              key={page.id}
              mediaId={page.id}
              media={page}
              alt={t('item.page', { name: authorLabel(item.authorName, t), number: i + 2 })}
            />
          ))}
          {item.caption ? (
            <figcaption lang={item.language || undefined} dir="auto">
              {item.caption}
            </figcaption>
          ) : null}
        </figure>
      ) : null}
      {item.body ? <BilingualText item={item} /> : null}
      {item.status === 'rejected' && item.rejectReason ? (
        <p className="notice error">{t('item.rejected', { reason: item.rejectReason })}</p>
      ) : null}
      {item.editNote ? <p className="muted edit-note">{item.editNote}</p> : null}
      <WallActions item={item} />
      {replies.length ? (
        <ul className="plain-list stack replies" aria-label={t('item.replies')}>
          {replies.map((r) => (
            <li key={r.id} className="reply">
              <strong>
                <bdi>{authorLabel(r.authorName, t)}</bdi>:
              </strong>{' '}
              {r.sticker ? (
                <span role="img" aria-label={t(`stickers.${r.sticker}`)}>
                  {STICKER_EMOJI[r.sticker]}
                </span>
              ) : null}{' '}
              <bdi lang={r.language || undefined}>{r.body}</bdi>
              {r.kind === 'video' ? <VideoPostcard item={r} /> : null}
              <StatusBadge status={r.status} mine={r.authorId === meId} label={t(`status.${r.status}`)} />
              <WallActions item={r} />
            </li>
          ))}
        </ul>
      ) : null}
      {item.status === 'published' && item.released ? <ReplyBox item={item} /> : null}
      {item.kind === 'video' && item.status === 'published' && item.released ? (
        <VideoReply linkId={item.linkId} parentId={item.id} />
      ) : null}
    </article>
  )
}

function ReplyBox({ item }: { item: WallItem }) {
  const { t } = useTranslation('wall')
  const queryClient = useQueryClient()
  const [body, setBody] = useState('')
  const keys = useIdempotencyKeys()
  const reply = useMutation({
    mutationFn: (input: { body: string; sticker?: string }) =>
      apiPost(
        `/links/${item.linkId}/wall`,
        { kind: 'reply', parentId: item.id, ...input },
        { idempotencyKey: keys.keyFor(input) },
      ),
    onSuccess: (_item, input) => {
      keys.sent(input)
      setBody('')
      void queryClient.invalidateQueries({ queryKey: wallKey(item.linkId) })
    },
  })
  return (
    <div className="stack">
      <div className="row" role="group" aria-label={t('item.stickers')}>
        {STICKERS.map((s) => (
          <button
            key={s}
            type="button"
            className="secondary small sticker"
            onClick={() => reply.mutate({ body: '', sticker: s })}
            aria-label={t(`stickers.${s}`)}
          >
            {STICKER_EMOJI[s]}
          </button>
        ))}
      </div>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault()
          reply.mutate({ body })
        }}
      >
        <label className="field grow">
          <span>{t('item.reply')}</span>
          <input value={body} onChange={(e) => setBody(e.target.value)} maxLength={500} required />
        </label>
        <button type="submit" className="small">
          {t('item.send')}
        </button>
      </form>
      {reply.isError ? <ErrorNotice error={reply.error} /> : null}
    </div>
  )
}

function WallActions({ item }: { item: WallItem }) {
  const { t } = useTranslation('wall')
  const me = useMe().data?.user
  const queryClient = useQueryClient()
  const [rejecting, setRejecting] = useState(false)
  const [reason, setReason] = useState('')
  const [shown, setShown] = useState<string[]>([])
  const ownSchool = me?.role === 'teacher' && me.schoolId === item.schoolId
  const consent = useConsent(ownSchool && item.mediaId && item.classId ? item.classId : '')
  const keys = useIdempotencyKeys()
  const act = useMutation({
    mutationFn: (input: { action: string; body: Record<string, unknown> }) =>
      apiPost(`/moderation/wall_item/${item.id}/${input.action}`, input.body, { idempotencyKey: keys.keyFor(input) }),
    onSuccess: (_done, input) => {
      keys.sent(input)
      setRejecting(false)
      void queryClient.invalidateQueries({ queryKey: wallKey(item.linkId) })
      void queryClient.invalidateQueries({ queryKey: ['moderation'] })
    },
  })
  if (!me) return null
  const held = item.status === 'held'
  return (
    <div className="post-actions stack">
      {ownSchool && held && item.mediaId && item.classId ? (
        <fieldset className="shown">
          <legend>{t('actions.whoIsShown')}</legend>
          {consent.data?.map((p) => (
            <label key={p.pupilId} className="row">
              <input
                type="checkbox"
                checked={shown.includes(p.pupilId)}
                onChange={(e) =>
                  setShown(e.target.checked ? [...shown, p.pupilId] : shown.filter((id) => id !== p.pupilId))
                }
              />
              {p.name} {p.consent ? '' : t('actions.noConsent')}
            </label>
          ))}
        </fieldset>
      ) : null}
      <div className="row">
        {ownSchool && held ? (
          <button
            type="button"
            className="small"
            onClick={() => act.mutate({ action: 'approve', body: item.mediaId ? { shownPupilIds: shown } : {} })}
          >
            {t('actions.approve')}
          </button>
        ) : null}
        {ownSchool && held ? (
          <button type="button" className="secondary small" onClick={() => setRejecting(true)}>
            {t('actions.reject')}
          </button>
        ) : null}
        {me.role === 'teacher' && item.status === 'published' ? (
          <button type="button" className="secondary small" onClick={() => act.mutate({ action: 'hide', body: {} })}>
            {t('actions.hide')}
          </button>
        ) : null}
        {item.status === 'published' && !item.flagged && item.authorId !== me.id ? (
          <button type="button" className="secondary small" onClick={() => act.mutate({ action: 'flag', body: {} })}>
            {t('actions.flag')}
          </button>
        ) : null}
      </div>
      {ownSchool && item.kind === 'letter' && item.status !== 'deleted' ? (
        <SecondTextEditor
          item={item}
          linkId={item.linkId}
          path={`/wall/${item.id}/second-text`}
          onSaved={() => void queryClient.invalidateQueries({ queryKey: wallKey(item.linkId) })}
        />
      ) : null}
      {rejecting ? (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault()
            act.mutate({ action: 'reject', body: { reason } })
          }}
        >
          <label className="field grow">
            <span>{t('actions.reason')}</span>
            <input value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={300} />
          </label>
          <button type="submit" className="danger small">
            {t('actions.reject')}
          </button>
        </form>
      ) : null}
      {act.isError ? <ErrorNotice error={act.error} /> : null}
    </div>
  )
}
