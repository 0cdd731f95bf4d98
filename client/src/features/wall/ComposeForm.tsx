import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useCallback, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { NewWallItem, WallItem } from '../../../../shared/schemas/wall.js'
import { apiPost } from '../../api/http.js'
import { useMe } from '../../app/session.js'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { Field, TextAreaField } from '../../ui/Field.js'
import { FormatButtons } from '../../ui/FormatButtons.js'
import { PictureInput } from '../media/PictureInput.js'
import { isTemporary, type OutboxEntry } from '../outbox/outbox.js'
import { OutboxList } from '../outbox/OutboxList.js'
import { useOutbox } from '../outbox/useOutbox.js'
import { useFormat } from '../../i18n/format.js'
import { useLink } from '../links/api.js'
import { usePenPals, wallKey } from './api.js'
import { partnerLanguage } from '../bilingual/partnerLanguage.js'
import { useOfflineDraft } from './useOfflineDraft.js'

interface Draft {
  body: string
  /** The same letter in the partner class's language (optional). */
  secondBody?: string
  caption: string
  mediaId: string | null
  toPupilId: string
}

/** Write a letter (to the partner class or a pen pal), optionally with a picture and caption. */
export function ComposeForm({ linkId }: { linkId: string }) {
  const { t, i18n } = useTranslation('wall')
  const format = useFormat()
  const me = useMe().data?.user
  const secondLanguage = partnerLanguage(useLink(linkId).data, me?.schoolId, i18n.language)
  const queryClient = useQueryClient()
  const penPals = usePenPals(linkId)
  const [error, setError] = useState<unknown>(null)
  const [sent, setSent] = useState<WallItem | null>(null)
  // 'always': an offline attempt fails at once and goes to the outbox (IndexedDB, survives closing
  // the browser) instead of TanStack Query pausing it in memory.
  const post = useMutation({
    mutationFn: ({ input, idempotencyKey }: { input: NewWallItem; idempotencyKey: string }) =>
      apiPost<WallItem>(`/links/${linkId}/wall`, input, { idempotencyKey }),
    networkMode: 'always',
  })
  const arrived = useCallback(
    (created: WallItem) => {
      setSent(created)
      void queryClient.invalidateQueries({ queryKey: wallKey(linkId) })
    },
    [queryClient, linkId],
  )
  const outbox = useOutbox<WallItem>(`wall:${linkId}`, arrived)
  const { draft, setDraft, clear, attemptKey, forgetKey } = useOfflineDraft<Draft>(
    `wall:${linkId}:${me?.id ?? ''}`,
    emptyDraft,
  )
  const myGroup = penPals.data?.groups.find((g) => g.some((p) => p.pupilId === me?.id))
  const pals = myGroup?.filter((p) => p.pupilId !== me?.id) ?? []
  const send = async () => {
    const input = toInput(draft, me?.role === 'teacher', i18n.language, secondLanguage)
    const idempotencyKey = attemptKey()
    try {
      arrived(await post.mutateAsync({ input, idempotencyKey }))
      clear()
    } catch (failure) {
      if (!isTemporary(failure)) {
        forgetKey()
        throw failure
      }
      // No line (or a server restarting): the outbox keeps it, with its key, until it has gone.
      await outbox.keep(`/links/${linkId}/wall`, input, idempotencyKey)
      clear()
    }
  }
  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    setError(null)
    setSent(null)
    send().catch(setError)
  }
  const edit = (entry: OutboxEntry) => {
    const input = entry.input as NewWallItem
    setDraft({
      body: input.body ?? '',
      secondBody: input.secondText?.body ?? '',
      caption: input.caption ?? '',
      mediaId: input.mediaId ?? null,
      toPupilId: input.toPupilId ?? '',
    })
    void outbox.discard(entry)
  }
  return (
    <form className="card stack letter-form" onSubmit={onSubmit} aria-labelledby="compose-heading">
      <h2 id="compose-heading">{t('compose.title')}</h2>
      {pals.length > 0 ? (
        <div className="field">
          <label htmlFor="to">{t('compose.to')}</label>
          <select id="to" value={draft.toPupilId} onChange={(e) => setDraft({ ...draft, toPupilId: e.target.value })}>
            <option value="">{t('compose.toClass')}</option>
            {pals.map((p) => (
              <option key={p.pupilId} value={p.pupilId}>
                {t('compose.toPenPal', { name: p.name, className: p.className })}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <FormatButtons targetId="letter-body" value={draft.body} onChange={(body) => setDraft({ ...draft, body })} />
      <TextAreaField
        id="letter-body"
        label={t('compose.body')}
        hint={t('compose.bodyHint')}
        lang={i18n.language}
        dir="auto"
        value={draft.body}
        onChange={(e) => setDraft({ ...draft, body: e.target.value })}
        maxLength={4000}
        rows={6}
      />
      {secondLanguage && draft.body ? (
        <TextAreaField
          label={t('common:bilingual.secondText', { language: format.language(secondLanguage) })}
          lang={secondLanguage}
          dir="auto"
          value={draft.secondBody ?? ''}
          onChange={(e) => setDraft({ ...draft, secondBody: e.target.value })}
          maxLength={4000}
          rows={4}
        />
      ) : null}
      <PictureInput linkId={linkId} value={draft.mediaId} onChange={(mediaId) => setDraft({ ...draft, mediaId })} />
      {draft.mediaId ? (
        <Field
          label={t('compose.caption')}
          value={draft.caption}
          onChange={(e) => setDraft({ ...draft, caption: e.target.value })}
          maxLength={200}
          required
        />
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
      {sent ? (
        <p className="notice" role="status">
          {sent.status === 'held' ? t('compose.held') : t('compose.sent')}
        </p>
      ) : null}
      <p className="muted">{t('compose.draftSaved')}</p>
      <div className="row">
        <button type="submit" disabled={post.isPending || (!draft.body && !draft.mediaId)}>
          {t('compose.send')}
        </button>
      </div>
      <OutboxList
        entries={outbox.entries}
        preview={(entry) => (entry.input as NewWallItem).body || ((entry.input as NewWallItem).caption ?? '')}
        onEdit={edit}
        onDiscard={(entry) => void outbox.discard(entry)}
      />
    </form>
  )
}

const emptyDraft: Draft = { body: '', caption: '', mediaId: null, toPupilId: '' }

function toInput(draft: Draft, isTeacher: boolean, language: string, secondLanguage: string | undefined): NewWallItem {
  const secondBody = draft.body ? draft.secondBody?.trim() : ''
  return {
    kind: draft.body ? 'letter' : 'picture',
    body: draft.body,
    language,
    ...(secondBody && secondLanguage ? { secondText: { language: secondLanguage, body: secondBody } } : {}),
    caption: draft.caption,
    ...(draft.mediaId ? { mediaId: draft.mediaId } : {}),
    ...(draft.toPupilId ? { toPupilId: draft.toPupilId } : {}),
    ...(draft.mediaId && isTeacher ? { shownPupilIds: [] } : {}),
  }
}
