import { useMutation } from '@tanstack/react-query'
import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { ChatMessage } from '../../../../shared/schemas/assemblies.js'
import type { ModerationAction } from '../../../../shared/schemas/moderation.js'
import { apiPost } from '../../api/http.js'
import { useIdempotencyKeys } from '../../api/useIdempotencyKeys.js'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { hideable, waitingFor } from './chatView.js'
import { authorLabel } from '../privacy/formerPupil.js'

/**
 * The teacher's private panel for the assembly chat. The class computer's screen is projected, so
 * while closed it shows only how many messages wait, never who wrote them or what they say; it is
 * opened on purpose, warns that pupils must not see it, and closes itself once nothing waits.
 */
export function PrivateModerationPanel({ messages, schoolId }: { messages: ChatMessage[]; schoolId: string }) {
  const { t } = useTranslation('assemblies')
  const [open, setOpen] = useState(false)
  const toggle = useRef<HTMLButtonElement>(null)
  const panel = useRef<HTMLDivElement>(null)
  const ids = { heading: useId(), count: useId(), panel: useId() }
  const waiting = waitingFor(messages, schoolId)
  const published = hideable(messages)
  const close = useCallback(() => {
    setOpen(false)
    toggle.current?.focus()
  }, [])
  // Also when another teacher of the school clears the last one from her own device's queue.
  const waitingBefore = useRef(waiting.length)
  useEffect(() => {
    if (open && waitingBefore.current > 0 && waiting.length === 0) close()
    waitingBefore.current = waiting.length
  }, [open, waiting.length, close])
  useEffect(() => {
    if (open) panel.current?.focus()
  }, [open])
  const done = (id: string) => {
    if (waiting.every((m) => m.id === id)) close()
  }
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') close()
  }
  return (
    <section className="card stack private-moderation" aria-labelledby={ids.heading}>
      <div className="row">
        <h2 id={ids.heading} className="grow">
          {t('moderation.title')}
        </h2>
        <span
          id={ids.count}
          className={waiting.length ? 'badge off' : 'badge'}
          role="status"
          data-testid="waiting-count"
        >
          {t('moderation.waiting', { count: waiting.length })}
        </span>
        <button
          ref={toggle}
          type="button"
          className="secondary"
          aria-expanded={open}
          aria-controls={ids.panel}
          aria-describedby={ids.count}
          onClick={() => (open ? close() : setOpen(true))}
        >
          {open ? t('moderation.close') : t('moderation.open')}
        </button>
      </div>
      {!open ? <p className="muted">{t('moderation.closedHint')}</p> : null}
      {/* The messages are not even in the page while the panel is closed. */}
      <div
        id={ids.panel}
        ref={panel}
        role="region"
        aria-label={t('moderation.private')}
        tabIndex={-1}
        hidden={!open}
        onKeyDown={onKeyDown}
        className="stack"
      >
        {open ? (
          <>
            <p className="private-warning" role="note">
              {t('moderation.warning')}
            </p>
            {waiting.length === 0 ? <p className="muted">{t('moderation.none')}</p> : null}
            <ul className="plain-list stack" aria-label={t('moderation.waitingList')}>
              {waiting.map((m) => (
                <li key={m.id}>
                  <ModerationLine message={m} onDone={done} />
                </li>
              ))}
            </ul>
            {published.length ? (
              <ul className="plain-list stack" aria-label={t('moderation.sharedList')}>
                {published.map((m) => (
                  <li key={m.id}>
                    <ModerationLine message={m} onDone={done} />
                  </li>
                ))}
              </ul>
            ) : null}
            <p className="muted">{t('moderation.ownDevice')}</p>
            <div className="row">
              <button type="button" className="secondary" onClick={close}>
                {t('moderation.close')}
              </button>
            </div>
          </>
        ) : null}
      </div>
    </section>
  )
}

/** One pupil message in the private panel: approve or reject while held, hide once published. */
function ModerationLine({ message, onDone }: { message: ChatMessage; onDone(id: string): void }) {
  const { t } = useTranslation('assemblies')
  const [rejecting, setRejecting] = useState(false)
  const [reason, setReason] = useState('')
  const keys = useIdempotencyKeys()
  const act = useMutation({
    mutationFn: (input: { action: ModerationAction; reason?: string }) =>
      apiPost(`/moderation/chat_message/${message.id}/${input.action}`, input.reason ? { reason: input.reason } : {}, {
        idempotencyKey: keys.keyFor(input),
      }),
    onSuccess: (_done, input) => {
      keys.sent(input)
      setRejecting(false)
      onDone(message.id)
    },
  })
  const held = message.status === 'held'
  const who = t('chat.pupilAuthor', { name: authorLabel(message.authorName, t), className: message.className ?? '' })
  return (
    <article
      className={`chat-line stack status-${message.status}`}
      aria-label={held ? t('chat.heldLabel', { name: authorLabel(message.authorName, t) }) : who}
      data-color={message.colorIndex ?? undefined}
    >
      <p>
        <strong>{who}:</strong> {message.text}
        {message.editNote ? <em className="muted"> ({message.editNote})</em> : null}
        {message.flagged ? (
          <>
            {' '}
            <span className="badge off">{t('moderation.flagged')}</span>
          </>
        ) : null}
      </p>
      <div className="row">
        {held ? (
          <>
            <button
              type="button"
              className="small"
              disabled={act.isPending}
              onClick={() => act.mutate({ action: 'approve' })}
            >
              {t('chat.approve')}
            </button>
            <button
              type="button"
              className="secondary small"
              disabled={act.isPending}
              aria-expanded={rejecting}
              onClick={() => setRejecting(!rejecting)}
            >
              {t('chat.reject')}
            </button>
          </>
        ) : (
          <button
            type="button"
            className="secondary small"
            disabled={act.isPending}
            onClick={() => act.mutate({ action: 'hide' })}
          >
            {t('chat.hide')}
          </button>
        )}
      </div>
      {rejecting ? (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault()
            act.mutate({ action: 'reject', reason })
          }}
        >
          <label className="field grow">
            <span>{t('chat.reason')}</span>
            <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={300} required />
          </label>
          <button type="submit" className="small" disabled={act.isPending}>
            {t('chat.sendReason')}
          </button>
        </form>
      ) : null}
      {act.isError ? <ErrorNotice error={act.error} /> : null}
    </article>
  )
}
