import { useQuery } from '@tanstack/react-query'
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
export const useThreads = (boardId: string, q: string, page: number) =>
  useQuery({
    queryKey: [...boardKey(boardId), 'threads', q, page],
    queryFn: () => apiGet<ThreadsPage>(`/boards/${boardId}/threads?${new URLSearchParams({ q, page: String(page) }).toString()}`),
  })
export const useThread = (threadId: string) => useQuery({ queryKey: threadKey(threadId), queryFn: () => apiGet<ThreadView>(`/threads/${threadId}`) })
