import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useCallback } from 'react'
import type { AuditEntry, PupilNoticeView, QueueItem } from '../../../../shared/schemas/moderation.js'
import { apiGet } from '../../api/http.js'
import { useSocketEvent } from '../../app/socket.js'

export const moderationKey = ['moderation'] as const

export const queueKey = [...moderationKey, 'queue'] as const
export const useQueue = () => useQuery({ queryKey: queueKey, queryFn: () => apiGet<QueueItem[]>('/moderation/queue') })
export const useAudit = (linkId: string) => useQuery({ queryKey: [...moderationKey, 'audit', linkId], queryFn: () => apiGet<AuditEntry[]>(`/links/${linkId}/audit`) })

/** The number of items waiting for my school, kept live by the server's `moderation:count`. */
export function useModerationCount(enabled: boolean): number | undefined {
  const queryClient = useQueryClient()
  const key = [...moderationKey, 'count']
  const count = useQuery({ queryKey: key, queryFn: () => apiGet<{ count: number }>('/moderation/count'), enabled })
  const onCount = useCallback(
    (payload: { count: number }) => {
      queryClient.setQueryData(key, payload)
      void queryClient.invalidateQueries({ queryKey: [...moderationKey, 'queue'] })
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [queryClient],
  )
  useSocketEvent('moderation:count', onCount)
  return count.data?.count
}

/** Pupils of my school recently slowed down for writing too fast; refreshed live by `moderation:notice`. */
export function usePupilNotices() {
  const queryClient = useQueryClient()
  const key = [...moderationKey, 'notices']
  useSocketEvent(
    'moderation:notice',
    useCallback(() => void queryClient.invalidateQueries({ queryKey: [...moderationKey, 'notices'] }), [queryClient]),
  )
  return useQuery({ queryKey: key, queryFn: () => apiGet<PupilNoticeView[]>('/moderation/notices') })
}
