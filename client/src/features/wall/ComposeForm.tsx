import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { NewWallItem, WallItem } from '../../../../shared/schemas/wall.js'
import { apiPost } from '../../api/http.js'
import { useMe } from '../../app/session.js'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { Field, TextAreaField } from '../../ui/Field.js'
import { PictureInput } from '../media/PictureInput.js'
import { usePenPals, wallKey } from './api.js'
import { useOfflineDraft } from './useOfflineDraft.js'

interface Draft {
  body: string
  caption: string
  mediaId: string | null
  toPupilId: string
}

/** Write a letter (to the partner class or a pen pal), optionally with a picture and caption. */
export function ComposeForm({ linkId }: { linkId: string }) {
  const { t } = useTranslation('wall')
  const me = useMe().data?.user
  const queryClient = useQueryClient()
  const penPals = usePenPals(linkId)
  const [error, setError] = useState<unknown>(null)
  const [sent, setSent] = useState<WallItem | null>(null)
  // 'always': an offline attempt fails at once and the draft hook queues it in this browser, where it
  // survives a reload, instead of TanStack Query pausing it in memory.
  const post = useMutation({
    mutationFn: ({ input, idempotencyKey }: { input: NewWallItem; idempotencyKey: string }) => apiPost<WallItem>(`/links/${linkId}/wall`, input, { idempotencyKey }),
    networkMode: 'always',
  })
  const send = async (draft: Draft, idempotencyKey: string) => {
    const kind = draft.body ? 'letter' : 'picture'
    const input: NewWallItem = {
      kind,
      body: draft.body,
      caption: draft.caption,
      ...(draft.mediaId ? { mediaId: draft.mediaId } : {}),
      ...(draft.toPupilId ? { toPupilId: draft.toPupilId } : {}),
      ...(draft.mediaId && me?.role === 'teacher' ? { shownPupilIds: [] } : {}),
    }
    const created = await post.mutateAsync({ input, idempotencyKey })
    setSent(created)
    void queryClient.invalidateQueries({ queryKey: wallKey(linkId) })
  }
  const { draft, setDraft, queued, submit } = useOfflineDraft<Draft>(`wall:${linkId}:${me?.id ?? ''}`, { body: '', caption: '', mediaId: null, toPupilId: '' }, send)
  const myGroup = penPals.data?.groups.find((g) => g.some((p) => p.pupilId === me?.id))
  const pals = myGroup?.filter((p) => p.pupilId !== me?.id) ?? []
  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    setError(null)
    setSent(null)
    submit().catch(setError)
  }
  return (
    <form className="card stack letter-form" onSubmit={onSubmit} aria-labelledby="compose-heading">
      <h2 id="compose-heading">{t('compose.title')}</h2>
      {pals.length > 0 ? (
        <div className="field">
          <label htmlFor="to">{t('compose.to')}</label>
          <select id="to" value={draft.toPupilId} onChange={(e) => setDraft({ ...draft, toPupilId: e.target.value })}>
            <option value="">{t('compose.toClass')}</option>
            {pals.map((p) => <option key={p.pupilId} value={p.pupilId}>{t('compose.toPenPal', { name: p.name, className: p.className })}</option>)}
          </select>
        </div>
      ) : null}
      <TextAreaField label={t('compose.body')} hint={t('compose.bodyHint')} value={draft.body} onChange={(e) => setDraft({ ...draft, body: e.target.value })} maxLength={4000} rows={6} />
      <PictureInput linkId={linkId} value={draft.mediaId} onChange={(mediaId) => setDraft({ ...draft, mediaId })} />
      {draft.mediaId ? <Field label={t('compose.caption')} value={draft.caption} onChange={(e) => setDraft({ ...draft, caption: e.target.value })} maxLength={200} required /> : null}
      {queued ? <p className="notice warn" role="status">{t('compose.queued')}</p> : null}
      {error ? <ErrorNotice error={error} /> : null}
      {sent ? <p className="notice" role="status">{sent.status === 'held' ? t('compose.held') : t('compose.sent')}</p> : null}
      <p className="muted">{t('compose.draftSaved')}</p>
      <div className="row"><button type="submit" disabled={post.isPending || (!draft.body && !draft.mediaId)}>{t('compose.send')}</button></div>
    </form>
  )
}
