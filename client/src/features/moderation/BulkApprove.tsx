import { useMutation } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ApproveManyResult, QueueItem } from '../../../../shared/schemas/moderation.js'
import { apiPost } from '../../api/http.js'
import { useIdempotencyKeys } from '../../api/useIdempotencyKeys.js'
import { ErrorNotice } from '../../ui/ErrorNotice.js'

/** A round's plain letters (no picture to check, no word to look at) approved with one press. */
export function BulkApprove({ items, onDone }: { items: QueueItem[]; onDone(decided: QueueItem[]): void }) {
  const { t } = useTranslation('moderation')
  const keys = useIdempotencyKeys()
  const [result, setResult] = useState<ApproveManyResult | null>(null)
  const rounds = new Map<string, QueueItem[]>()
  for (const item of items) {
    const roundId = item.detail?.roundId
    if (
      item.kind !== 'wall_item' ||
      item.reason !== 'new' ||
      !roundId ||
      item.detail?.picture ||
      item.suspiciousWords.length
    )
      continue
    rounds.set(roundId, [...(rounds.get(roundId) ?? []), item])
  }
  const approve = useMutation({
    mutationFn: (group: QueueItem[]) => {
      const body = { items: group.map((i) => ({ kind: i.kind, itemId: i.itemId })) }
      return apiPost<ApproveManyResult>('/moderation/approve-many', body, { idempotencyKey: keys.keyFor(body) })
    },
    onSuccess: (answer, group) => {
      setResult(answer)
      const approved = new Set(answer.approved)
      onDone(group.filter((i) => approved.has(i.itemId)))
    },
  })
  return (
    <>
      {[...rounds.values()].map((group) => (
        <div key={group[0]?.detail?.roundId} className="row">
          <button
            type="button"
            className="secondary"
            onClick={() => approve.mutate(group)}
            disabled={approve.isPending}
          >
            {t('bulk.approve', { count: group.length, round: group[0]?.place ?? '' })}
          </button>
        </div>
      ))}
      {result ? (
        <p className="notice" role="status">
          {t('bulk.done', { count: result.approved.length })}
          {result.refused.length ? ` ${t('bulk.refused', { count: result.refused.length })}` : ''}
        </p>
      ) : null}
      {approve.isError ? <ErrorNotice error={approve.error} /> : null}
    </>
  )
}
