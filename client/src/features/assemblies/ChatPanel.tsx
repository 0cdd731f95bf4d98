import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { Assembly, ChatMessage } from '../../../../shared/schemas/assemblies.js'
import type { ModerationAction } from '../../../../shared/schemas/moderation.js'
import { apiPost } from '../../api/http.js'
import { useMe } from '../../app/session.js'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { assemblyKey } from './api.js'
import { useAssemblyChat } from './useAssemblyChat.js'

/**
 * The assembly's text chat, for class computers and for pupils following from their own device.
 * A pupil's message waits for a teacher of their school unless the host lets pupil chat through;
 * teachers approve, reject or hide right here without leaving the call.
 */
export function ChatPanel({ assembly, canHost }: { assembly: Assembly; canHost: boolean }) {
  const { t } = useTranslation('assemblies')
  const chat = useAssemblyChat(assembly.id)
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
    <section className="card stack chat" aria-labelledby="chat-heading">
      <h2 id="chat-heading">{t('chat.title')}</h2>
      {canHost && open ? (
        <label className="row">
          <input type="checkbox" checked={chat.pupilChatAllowed} disabled={allow.isPending} onChange={(e) => allow.mutate(e.target.checked)} />
          <span>{t('chat.allowPupils')}</span>
        </label>
      ) : (
        <p className="muted">{chat.pupilChatAllowed ? t('chat.pupilsFree') : t('chat.pupilsHeld')}</p>
      )}
      {allow.isError ? <ErrorNotice error={allow.error} /> : null}
      {chat.messages.length === 0 ? <p className="muted">{t('chat.empty')}</p> : null}
      <ol className="plain-list stack chat-messages" aria-live="polite" aria-label={t('chat.messages')}>
        {chat.messages.map((m) => <li key={m.id}><ChatLine message={m} /></li>)}
      </ol>
      {open ? (
        <form className="row" onSubmit={submit}>
          <label className="field grow">
            <span>{t('chat.message')}</span>
            <input value={text} onChange={(e) => setText(e.target.value)} maxLength={500} required />
          </label>
          <button type="submit" disabled={sending || !text.trim()}>{t('chat.send')}</button>
        </form>
      ) : (
        <p className="muted">{t('chat.closed')}</p>
      )}
      {chat.error ? <ErrorNotice error={chat.error} /> : null}
    </section>
  )
}

function ChatLine({ message }: { message: ChatMessage }) {
  const { t } = useTranslation('assemblies')
  const me = useMe().data?.user
  const [rejecting, setRejecting] = useState(false)
  const [reason, setReason] = useState('')
  const act = useMutation({
    mutationFn: ({ action, reason: why }: { action: ModerationAction; reason?: string }) => apiPost(`/moderation/chat_message/${message.id}/${action}`, why ? { reason: why } : {}),
    onSuccess: () => setRejecting(false),
  })
  const teacher = me?.role === 'teacher'
  const ownSchool = teacher && me.schoolId === message.schoolId
  const who = message.authorRole === 'pupil' ? t('chat.pupilAuthor', { name: message.authorName, className: message.className ?? '' }) : message.className ?? message.authorName
  const label = message.status === 'held' ? t('chat.heldLabel', { name: message.authorName }) : who
  return (
    <article className={`chat-line stack status-${message.status}`} aria-label={label} data-color={message.colorIndex ?? undefined}>
      <p>
        <strong>{who}:</strong> {message.text}
        {message.editNote ? <em className="muted"> ({message.editNote})</em> : null}
      </p>
      {message.status === 'held' ? <span className="badge" data-testid="chat-status">{t('chat.held')}</span> : null}
      {message.status === 'rejected' ? <span className="badge off" data-testid="chat-status">{t('chat.rejected', { reason: message.rejectReason ?? '' })}</span> : null}
      {message.status === 'hidden' ? <span className="badge" data-testid="chat-status">{t('chat.hidden')}</span> : null}
      {ownSchool && message.status === 'held' ? (
        <div className="row">
          <button type="button" className="secondary small" disabled={act.isPending} onClick={() => act.mutate({ action: 'approve' })}>{t('chat.approve')}</button>
          <button type="button" className="secondary small" disabled={act.isPending} onClick={() => setRejecting(!rejecting)}>{t('chat.reject')}</button>
        </div>
      ) : null}
      {teacher && message.status === 'published' && message.authorRole === 'pupil' ? (
        <div className="row">
          <button type="button" className="secondary small" disabled={act.isPending} onClick={() => act.mutate({ action: 'hide' })}>{t('chat.hide')}</button>
        </div>
      ) : null}
      {rejecting ? (
        <form className="row" onSubmit={(e) => { e.preventDefault(); act.mutate({ action: 'reject', reason }) }}>
          <label className="field grow">
            <span>{t('chat.reason')}</span>
            <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={300} required />
          </label>
          <button type="submit" className="small" disabled={act.isPending}>{t('chat.sendReason')}</button>
        </form>
      ) : null}
      {act.isError ? <ErrorNotice error={act.error} /> : null}
    </article>
  )
}
