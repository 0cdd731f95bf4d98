import { useInfiniteQuery, useQuery, useQueryClient, type InfiniteData } from '@tanstack/react-query'
import { useCallback } from 'react'
import type { AuditPage, PupilNoticeView, QueueItem, QueuePage } from '../../../../shared/schemas/moderation.js'
import { apiGet } from '../../api/http.js'
import { useSocketEvent } from '../../app/socket.js'

export const moderationKey = ['moderation'] as const

export const queueKey = [...moderationKey, 'queue'] as const
export const safeguardingRecordKey = ['safeguarding-audit'] as const

/** `path` with `?before=<cursor>&limit=<n>` (the first page has no cursor). */
const pageOf = (path: string, before: string, limit: number) =>
  `${path}?${new URLSearchParams({ ...(before ? { before } : {}), limit: String(limit) }).toString()}`

/** A paged list newest first, `limit` items a page; older pages load when asked for (`fetchNextPage`). */
export const usePagedList = <Page extends { nextCursor: string | null }>(
  queryKey: readonly unknown[],
  path: string,
  limit: number,
) =>
  useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => apiGet<Page>(pageOf(path, pageParam, limit)),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  })

/** My school's queue a page at a time, newest first. */
export const useQueue = () => usePagedList<QueuePage>(queueKey, '/moderation/queue', 50)

/** Takes decided items out of every loaded page of the queue at once (the server's answer follows). */
export function withoutDecided(
  data: InfiniteData<QueuePage> | undefined,
  gone: ReadonlySet<string>,
  key: (item: QueueItem) => string,
) {
  if (!data) return data
  return { ...data, pages: data.pages.map((page) => ({ ...page, items: page.items.filter((i) => !gone.has(key(i))) })) }
}

export const useAudit = (linkId: string) =>
  usePagedList<AuditPage>([...moderationKey, 'audit', linkId], `/links/${linkId}/audit`, 50)

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
