import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { QueueItem } from '../../../../shared/schemas/moderation.js'
import { apiPost } from '../../api/http.js'
import { useIdempotencyKeys } from '../../api/useIdempotencyKeys.js'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { moderationKey } from './api.js'

/** Approve or reject (with a reason the pupil will read) straight from the queue. */
export function QueueActions({ item }: { item: QueueItem }) {
  const { t } = useTranslation('moderation')
  const queryClient = useQueryClient()
  const [rejecting, setRejecting] = useState(false)
  const [reason, setReason] = useState('')
  const keys = useIdempotencyKeys()
  const act = useMutation({
    mutationFn: (body: { action: 'approve' | 'reject'; reason?: string }) =>
      apiPost(`/moderation/${item.kind}/${item.itemId}/${body.action}`, body.reason ? { reason: body.reason } : {}, { idempotencyKey: keys.keyFor(body) }),
    onSuccess: (_done, body) => {
      keys.sent(body)
      void queryClient.invalidateQueries({ queryKey: moderationKey })
    },
  })
  const submit = (event: FormEvent) => {
    event.preventDefault()
    act.mutate({ action: 'reject', reason })
  }
  return (
    <div className="stack">
      <div className="row">
        <button type="button" onClick={() => act.mutate({ action: 'approve' })} disabled={act.isPending}>{item.reason === 'flagged' ? t('keep') : t('approve')}</button>
        <button type="button" className="secondary" onClick={() => setRejecting(true)} disabled={act.isPending}>{t('reject')}</button>
      </div>
      {rejecting ? (
        <form className="row" onSubmit={submit}>
          <label className="field">
            <span>{t('reasonLabel')}</span>
            <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={300} required />
          </label>
          <button type="submit" className="danger">{t('rejectConfirm')}</button>
        </form>
      ) : null}
      {act.isError ? <ErrorNotice error={act.error} /> : null}
    </div>
  )
}
