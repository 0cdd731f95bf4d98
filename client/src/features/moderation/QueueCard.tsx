import { authorLabel } from '../privacy/formerPupil.js'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useEffect, useRef, useState, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { ModerationInput, QueueItem } from '../../../../shared/schemas/moderation.js'
import { apiPost } from '../../api/http.js'
import { useIdempotencyKeys } from '../../api/useIdempotencyKeys.js'
import { useFormat } from '../../i18n/format.js'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { PostBody } from '../boards/PostBody.js'
import { Picture } from '../media/Picture.js'
import { useDataSaver } from '../media/useDataSaver.js'
import { queueKey } from './api.js'

type Mode = 'view' | 'reject' | 'edit'
interface Decision {
  action: 'approve' | 'reject' | 'edit'
  input: ModerationInput
}

const typing = (target: EventTarget) =>
  target instanceof HTMLTextAreaElement || (target instanceof HTMLInputElement && target.type !== 'checkbox')

/** One queued item, whole, with everything needed to decide on it here: approve, reject with a reason, or correct it. */
export function QueueCard({
  item,
  onDone,
  onMove,
}: {
  item: QueueItem
  onDone(): void
  onMove(from: HTMLElement, step: 1 | -1): void
}) {
  const { t } = useTranslation('moderation')
  const format = useFormat()
  const dataSaver = useDataSaver()
  const queryClient = useQueryClient()
  const article = useRef<HTMLElement>(null)
  const firstField = useRef<HTMLInputElement & HTMLTextAreaElement>(null)
  const shownBox = useRef<HTMLFieldSetElement>(null)
  const [mode, setMode] = useState<Mode>('view')
  const [reason, setReason] = useState('')
  const [text, setText] = useState(item.detail?.body ?? item.excerpt)
  // null: not answered yet; []: nobody is in the picture.
  const [shown, setShown] = useState<string[] | null>(null)
  const [hint, setHint] = useState<string | null>(null)
  const keys = useIdempotencyKeys()
  const detail = item.detail
  const candidates = detail?.shownCandidates ?? []
  // Any new picture, on the wall or a board: the same photo-consent rule on the server.
  const asksWhoIsShown = item.reason === 'new' && Boolean(detail?.picture)
  const withoutConsent = candidates.filter((c) => shown?.includes(c.pupilId) && !c.consent)

  const act = useMutation({
    mutationFn: (decision: Decision) =>
      apiPost(`/moderation/${item.kind}/${item.itemId}/${decision.action}`, decision.input, {
        idempotencyKey: keys.keyFor(decision),
      }),
    onSuccess: (_done, decision) => {
      keys.sent(decision)
      if (decision.action !== 'edit') return onDone()
      setMode('view')
      article.current?.focus()
      void queryClient.invalidateQueries({ queryKey: queueKey })
    },
  })

  useEffect(() => {
    if (mode !== 'view') firstField.current?.focus()
  }, [mode])

  const approve = () => {
    setHint(null)
    if (asksWhoIsShown && shown === null) {
      setHint(t('shown.first'))
      shownBox.current?.querySelector('input')?.focus()
      return
    }
    if (withoutConsent.length)
      return setHint(t('shown.noConsent', { names: withoutConsent.map((c) => c.name).join(', ') }))
    act.mutate({ action: 'approve', input: asksWhoIsShown ? { shownPupilIds: shown ?? [] } : {} })
  }

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && mode !== 'view') {
      setMode('view')
      article.current?.focus()
      return
    }
    if (typing(event.target) || event.ctrlKey || event.metaKey || event.altKey || !article.current) return
    const key = event.key.toLowerCase()
    if (key === 'a') approve()
    else if (key === 'r') setMode('reject')
    else if (key === 'e') setMode('edit')
    else if (key === 'j') onMove(article.current, 1)
    else if (key === 'k') onMove(article.current, -1)
    else return
    event.preventDefault()
  }

  const toggle = (pupilId: string, on: boolean) =>
    setShown((before) => (on ? [...(before ?? []), pupilId] : (before ?? []).filter((id) => id !== pupilId)))
  const headingId = `queue-${item.itemId}`
  return (
    <article
      ref={article}
      tabIndex={0}
      className="card stack queue-item"
      data-queue-key={`${item.kind}-${item.itemId}`}
      aria-labelledby={headingId}
      aria-describedby="queue-keys"
      onKeyDown={onKeyDown}
    >
      <div className="row">
        <h2 id={headingId} className="queue-author">
          {t('itemLabel', { name: authorLabel(item.authorName, t) })}
        </h2>
        {item.className ? <span className="muted">{item.className}</span> : null}
        <span className="badge">{t(`kind.${item.kind}`)}</span>
        <span className="muted">{t('where', { place: item.place })}</span>
        <span className={item.reason === 'flagged' ? 'badge off' : 'badge'}>{t(`reason.${item.reason}`)}</span>
        <time className="muted" dateTime={item.createdAt}>
          {format.dateTime(item.createdAt, 'dateTimeShort')}
        </time>
      </div>
      {detail?.heading ? <h3>{detail.heading}</h3> : null}
      {detail?.picture && detail.video ? (
        // The video itself, not only its poster: the teacher watches what she approves.
        <video
          controls
          playsInline
          preload={dataSaver ? 'none' : 'metadata'}
          poster={`/api/media/${detail.picture.id}`}
          src={`/api/videos/${detail.picture.id}/file`}
          width={detail.picture.width}
          height={detail.picture.height}
          className="post-picture"
          aria-label={t('video', { name: authorLabel(item.authorName, t) })}
          data-testid="queue-video"
        />
      ) : detail?.picture ? (
        <Picture
          mediaId={detail.picture.id}
          media={detail.picture}
          alt={detail.heading ?? t('picture', { name: authorLabel(item.authorName, t) })}
        />
      ) : null}
      {mode === 'edit' ? null : detail ? (
        <PostBody text={detail.body} />
      ) : (
        <blockquote className="quote">{item.excerpt}</blockquote>
      )}
      {item.suspiciousWords.length ? (
        <p className="notice suspicious">{t('suspicious', { words: item.suspiciousWords.join(', ') })}</p>
      ) : null}
      {asksWhoIsShown ? (
        <fieldset ref={shownBox} className="shown">
          <legend>{t('shown.legend')}</legend>
          <label className="row">
            <input
              type="checkbox"
              checked={shown !== null && shown.length === 0}
              onChange={(e) => setShown(e.target.checked ? [] : null)}
            />
            {t('shown.nobody')}
          </label>
          {candidates.map((c) => (
            <label key={c.pupilId} className="row">
              <input
                type="checkbox"
                checked={shown?.includes(c.pupilId) ?? false}
                onChange={(e) => toggle(c.pupilId, e.target.checked)}
              />
              {c.name}
              <span className={c.consent ? 'badge' : 'badge off'}>
                {c.consent ? t('shown.consent') : t('shown.noConsentBadge')}
              </span>
            </label>
          ))}
        </fieldset>
      ) : null}
      {mode === 'edit' ? (
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault()
            act.mutate({ action: 'edit', input: { body: text } })
          }}
        >
          <label className="field">
            <span>{t('editLabel')}</span>
            <textarea
              ref={firstField}
              value={text}
              onChange={(e) => setText(e.target.value)}
              maxLength={4000}
              required
              rows={5}
            />
          </label>
          <div className="row">
            <button type="submit" disabled={act.isPending}>
              {t('editSave')}
            </button>
            <button type="button" className="secondary" onClick={() => setMode('view')}>
              {t('cancel')}
            </button>
          </div>
        </form>
      ) : null}
      {mode === 'reject' ? (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault()
            act.mutate({ action: 'reject', input: { reason } })
          }}
        >
          <label className="field grow">
            <span>{t('reasonLabel')}</span>
            <input
              ref={firstField}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              maxLength={300}
              required
            />
          </label>
          <button type="submit" className="danger" disabled={act.isPending}>
            {t('rejectConfirm')}
          </button>
          <button type="button" className="secondary" onClick={() => setMode('view')}>
            {t('cancel')}
          </button>
        </form>
      ) : null}
      {mode === 'view' ? (
        <div className="row">
          <button type="button" onClick={approve} disabled={act.isPending} aria-keyshortcuts="A">
            {item.reason === 'flagged' ? t('keep') : t('approve')}
          </button>
          <button
            type="button"
            className="secondary"
            onClick={() => setMode('reject')}
            disabled={act.isPending}
            aria-keyshortcuts="R"
          >
            {t('reject')}
          </button>
          {detail ? (
            <button
              type="button"
              className="secondary"
              onClick={() => setMode('edit')}
              disabled={act.isPending}
              aria-keyshortcuts="E"
            >
              {t('edit')}
            </button>
          ) : null}
        </div>
      ) : null}
      {hint ? (
        <p className="notice error" role="alert">
          {hint}
        </p>
      ) : null}
      {act.isError ? <ErrorNotice error={act.error} /> : null}
    </article>
  )
}
