import { useInfiniteQuery, useQuery } from '@tanstack/react-query'
import type { Agreement } from '../../../../shared/schemas/agreements.js'
import type { Link, LinkOverview } from '../../../../shared/schemas/links.js'
import type { OutcomeReviews } from '../../../../shared/schemas/outcomeReviews.js'
import type { LinkActivities } from '../../../../shared/schemas/portfolio.js'
import type { DirectoryEntry, DirectoryPage, LinkRequest } from '../../../../shared/schemas/partners.js'
import { apiGet } from '../../api/http.js'

export const linksKey = ['links'] as const
export const linkKey = (linkId: string) => ['links', linkId] as const
export const requestsKey = ['link-requests'] as const
export const directoryKey = ['directory'] as const
export const directoryEntryKey = (classId: string) => ['classes', classId, 'directory'] as const

export const useLinks = () => useQuery({ queryKey: linksKey, queryFn: () => apiGet<Link[]>('/links') })
export const useLink = (linkId: string, options: { enabled?: boolean } = {}) =>
  useQuery({ queryKey: linkKey(linkId), queryFn: () => apiGet<Link>(`/links/${linkId}`), ...options })
export const useOverview = (linkId: string) =>
  useQuery({
    queryKey: [...linkKey(linkId), 'overview'],
    queryFn: () => apiGet<LinkOverview>(`/links/${linkId}/overview`),
  })
export const useAgreement = (linkId: string) =>
  useQuery({
    queryKey: [...linkKey(linkId), 'agreement'],
    queryFn: () => apiGet<Agreement>(`/links/${linkId}/agreement`),
  })
export const useRequests = (enabled = true) =>
  useQuery({ queryKey: requestsKey, queryFn: () => apiGet<LinkRequest[]>('/link-requests'), enabled })
export const useDirectoryEntry = (classId: string) =>
  useQuery({
    queryKey: directoryEntryKey(classId),
    queryFn: () => apiGet<DirectoryEntry | null>(`/classes/${classId}/directory`),
  })
/** Classes a page of the directory asks for. */
const DIRECTORY_PAGE = 10

/** The directory searched with `search`, newest opt-in first, a page at a time (`fetchNextPage` for more). */
export const useDirectory = (search: string) =>
  useInfiniteQuery({
    queryKey: [...directoryKey, search],
    queryFn: ({ pageParam }) => {
      const query = new URLSearchParams(search)
      query.set('limit', String(DIRECTORY_PAGE))
      if (pageParam) query.set('before', pageParam)
      return apiGet<DirectoryPage>(`/directory?${query.toString()}`)
    },
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  })
export const useOutcomes = (linkId: string) =>
  useQuery({
    queryKey: [...linkKey(linkId), 'outcomes'],
    queryFn: () => apiGet<OutcomeReviews>(`/links/${linkId}/outcomes`),
  })
export const useLinkActivities = (linkId: string) =>
  useQuery({
    queryKey: [...linkKey(linkId), 'activities'],
    queryFn: () => apiGet<LinkActivities>(`/links/${linkId}/activities`),
  })
