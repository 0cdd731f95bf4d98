import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { Assembly, ChatMessage } from '../../../../shared/schemas/assemblies.js'
import { apiPost } from '../../api/http.js'
import { useMe } from '../../app/session.js'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { assemblyKey } from './api.js'
import { forSharedScreen } from './chatView.js'
import { PrivateModerationPanel } from './PrivateModerationPanel.js'
import { useAssemblyChat } from './useAssemblyChat.js'
import { authorLabel } from '../privacy/formerPupil.js'

/**
 * The assembly's text chat, for class computers and for pupils following from their own device.
 * A pupil's message waits for a teacher of their school unless the host lets pupil chat through.
 * A teacher's page is the class computer, projected to the class: its chat shows only what every
 * pupil may see, and she approves, rejects or hides in a private panel (or from her own device).
 * A pupil's own device also shows her own messages that wait or were not shared.
 */
export function ChatPanel({ assembly, canHost }: { assembly: Assembly; canHost: boolean }) {
  const { t } = useTranslation('assemblies')
  const chat = useAssemblyChat(assembly.id)
  const me = useMe().data?.user
  const classComputer = me?.role === 'teacher'
  const shown = classComputer ? forSharedScreen(chat.messages) : chat.messages
  const [text, setText] = useState('')
  const [sending, setSending] = useState(false)
  const open = assembly.status === 'open'
  const queryClient = useQueryClient()
  const allow = useMutation({
    mutationFn: (allowed: boolean) => apiPost<Assembly>(`/assemblies/${assembly.id}/pupil-chat`, { allowed }),
    // Shown at once; put back if the server refuses.
    onMutate: (allowed) => chat.setPupilChatAllowed(allowed),
    onError: (_error, allowed) => chat.setPupilChatAllowed(!allowed),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: assemblyKey(assembly.id) }),
  })
  const submit = (event: FormEvent) => {
    event.preventDefault()
    setSending(true)
    chat
      .send(text)
      .then(() => setText(''))
      .catch(() => undefined)
      .finally(() => setSending(false))
  }
  return (
    <>
      <section className="card stack chat" aria-labelledby="chat-heading">
        <h2 id="chat-heading">{t('chat.title')}</h2>
        {canHost && open ? (
          <label className="row">
            <input
              type="checkbox"
              checked={chat.pupilChatAllowed}
              disabled={allow.isPending}
              onChange={(e) => allow.mutate(e.target.checked)}
            />
            <span>{t('chat.allowPupils')}</span>
          </label>
        ) : (
          <p className="muted">{chat.pupilChatAllowed ? t('chat.pupilsFree') : t('chat.pupilsHeld')}</p>
        )}
        {allow.isError ? <ErrorNotice error={allow.error} /> : null}
        {shown.length === 0 && !chat.hasOlder ? <p className="muted">{t('chat.empty')}</p> : null}
        {chat.hasOlder ? (
          // A plain button, not one that loads by itself: older messages arrive above it, so it would stay in view.
          <div className="row">
            <button
              type="button"
              className="secondary"
              disabled={chat.loadingOlder}
              onClick={() => void chat.loadOlder()}
            >
              {t('chatHistory.older')}
            </button>
          </div>
        ) : null}
        <ol className="plain-list stack chat-messages" aria-live="polite" aria-label={t('chat.messages')}>
          {shown.map((m) => (
            <li key={m.id}>
              <ChatLine message={m} />
            </li>
          ))}
        </ol>
        {open ? (
          <form className="row" onSubmit={submit}>
            <label className="field grow">
              <span>{t('chat.message')}</span>
              <input value={text} onChange={(e) => setText(e.target.value)} maxLength={500} required />
            </label>
            <button type="submit" disabled={sending || !text.trim()}>
              {t('chat.send')}
            </button>
          </form>
        ) : (
          <p className="muted">{t('chat.closed')}</p>
        )}
        {chat.error ? <ErrorNotice error={chat.error} /> : null}
      </section>
      {classComputer && me ? <PrivateModerationPanel messages={chat.messages} schoolId={me.schoolId} /> : null}
    </>
  )
}

/** One line as drawn on this screen (the projector, or a pupil's own device): no moderation controls. */
function ChatLine({ message }: { message: ChatMessage }) {
  const { t } = useTranslation('assemblies')
  const who =
    message.authorRole === 'pupil'
      ? t('chat.pupilAuthor', { name: authorLabel(message.authorName, t), className: message.className ?? '' })
      : (message.className ?? authorLabel(message.authorName, t))
  const label = message.status === 'held' ? t('chat.heldLabel', { name: authorLabel(message.authorName, t) }) : who
  return (
    <article
      className={`chat-line stack status-${message.status}`}
      aria-label={label}
      data-color={message.colorIndex ?? undefined}
    >
      <p>
        <strong>{who}:</strong> {message.text}
        {message.editNote ? <em className="muted"> ({message.editNote})</em> : null}
      </p>
      {message.status === 'held' ? (
        <p className="row held-note">
          <span className="badge" data-testid="chat-status">
            {t('chat.held')}
          </span>
          <span className="muted">{t('chat.heldHint')}</span>
        </p>
      ) : null}
      {message.status === 'rejected' ? (
        <span className="badge off" data-testid="chat-status">
          {t('chat.rejected', { reason: message.rejectReason ?? '' })}
        </span>
      ) : null}
    </article>
  )
}
