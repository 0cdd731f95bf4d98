import { useInfiniteQuery, useQuery } from '@tanstack/react-query'
import type { PenPalView, RoundReport, WallPage } from '../../../../shared/schemas/wall.js'
import { apiGet } from '../../api/http.js'
import { linkKey } from '../links/api.js'

// Under the link's key, so the link room's `link:changed` refreshes the wall live.
export const wallKey = (linkId: string) => [...linkKey(linkId), 'wall'] as const
export const penPalsKey = (linkId: string) => [...linkKey(linkId), 'penpals'] as const

/** The wall a page at a time, newest first; older pages load when asked for (`fetchNextPage`). */
export const useWall = (linkId: string) =>
  useInfiniteQuery({
    queryKey: wallKey(linkId),
    // The first page has no query string: it is the answer kept for reading offline.
    queryFn: ({ pageParam }) =>
      apiGet<WallPage>(
        `/links/${linkId}/wall${pageParam ? `?${new URLSearchParams({ before: pageParam }).toString()}` : ''}`,
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  })
export const usePenPals = (linkId: string) =>
  useQuery({ queryKey: penPalsKey(linkId), queryFn: () => apiGet<PenPalView>(`/links/${linkId}/penpals`) })
export const useRoundReport = (roundId: string) =>
  useQuery({ queryKey: ['rounds', roundId, 'report'], queryFn: () => apiGet<RoundReport>(`/rounds/${roundId}/report`) })
export const useConsent = (classId: string) =>
  useQuery({
    queryKey: ['classes', classId, 'consent'],
    queryFn: () => apiGet<{ pupilId: string; name: string; consent: boolean }[]>(`/classes/${classId}/consent`),
    enabled: Boolean(classId),
  })
