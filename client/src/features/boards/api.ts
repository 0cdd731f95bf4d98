import { useInfiniteQuery, useQuery } from '@tanstack/react-query'
import { FIRST_THREADS_PAGE, OLDER_THREADS_PAGE } from '../../../../shared/boardLimits.js'
import type { Board, ThreadsPage, ThreadView } from '../../../../shared/schemas/boards.js'
import { apiGet } from '../../api/http.js'

export const boardKey = (boardId: string) => ['boards', boardId] as const
export const threadKey = (threadId: string) => ['threads', threadId] as const
export const linkBoardsKey = (linkId: string) => ['links', linkId, 'boards'] as const
export const forumKey = ['forum'] as const

export const useLinkBoards = (linkId: string) =>
  useQuery({ queryKey: linkBoardsKey(linkId), queryFn: () => apiGet<Board[]>(`/links/${linkId}/boards`) })
export const useForumBoards = () => useQuery({ queryKey: forumKey, queryFn: () => apiGet<Board[]>('/forum/boards') })
export const useBoard = (boardId: string) =>
  useQuery({ queryKey: [...boardKey(boardId), 'info'], queryFn: () => apiGet<Board>(`/boards/${boardId}`) })
const pageQuery = (fields: Record<string, string>) => {
  const query = new URLSearchParams(Object.entries(fields).filter(([, value]) => value !== '')).toString()
  return query ? `?${query}` : ''
}
/** A board's threads a page at a time, newest activity first; older pages load when asked for (`fetchNextPage`). */
export const useThreads = (boardId: string, q: string) =>
  useInfiniteQuery({
    queryKey: [...boardKey(boardId), 'threads', q],
    queryFn: ({ pageParam }) =>
      apiGet<ThreadsPage>(
        `/boards/${boardId}/threads${pageQuery({ q, before: pageParam, limit: String(pageParam ? OLDER_THREADS_PAGE : FIRST_THREADS_PAGE) })}`,
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  })
/** A thread with its newest replies; older replies load when asked for (`fetchNextPage`). */
export const useThread = (threadId: string) =>
  useInfiniteQuery({
    queryKey: threadKey(threadId),
    queryFn: ({ pageParam }) => apiGet<ThreadView>(`/threads/${threadId}${pageQuery({ before: pageParam })}`),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  })

/**
 * A picture attached to a new post. A teacher's own publishes at once, so it says who it shows there
 * and then: as on the wall, her composer posts pictures with nobody in them (a pupil's picture is asked
 * about when it is approved, in the queue).
 */
export const attachedPicture = (mediaId: string | null, teacher: boolean) =>
  mediaId ? { mediaId, ...(teacher ? { shownPupilIds: [] } : {}) } : {}
