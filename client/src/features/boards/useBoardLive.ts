import { useQueryClient, type QueryClient } from '@tanstack/react-query'
import { useCallback, useEffect, useRef } from 'react'
import type { BoardEvent, ThreadsPage, ThreadView } from '../../../../shared/schemas/boards.js'
import { useSocket, useSocketEvent } from '../../app/socket.js'
import { boardKey, threadKey } from './api.js'
import { mergeIntoThreadsPage, mergeIntoThreadView } from './boardCache.js'
import { BoardCursor } from '../../../../shared/boardCursor.js'

/**
 * Keeps a board live: joins its room and applies each change once. Events are numbered per board, so
 * a gap (a missed event, an outage) is seen at once and filled by asking for exactly what is missing,
 * page by page; after a reconnect it asks for everything since the last event it saw. An event
 * carries the post as this viewer may see it and is merged into the cached lists: no refetch.
 */
export function useBoardLive(boardId: string): void {
  const { socket } = useSocket()
  const queryClient = useQueryClient()
  const cursor = useRef<BoardCursor | null>(null)

  const apply = useCallback(
    (event: BoardEvent | 'all') => {
      if (event !== 'all') return applyBoardEvent(queryClient, event)
      // Too far behind to replay: fetch the board and any open thread afresh.
      void queryClient.invalidateQueries({ queryKey: boardKey(boardId) })
      void queryClient.invalidateQueries({ queryKey: threadKey('').slice(0, 1) })
    },
    [boardId, queryClient],
  )

  useEffect(() => {
    if (!socket || !boardId) return
    const live = new BoardCursor(boardId, (after) => socket.timeout(15_000).emitWithAck('board:join', { boardId, after }), apply)
    cursor.current = live
    const join = () => void live.catchUp()
    if (socket.connected) join()
    socket.on('connect', join)
    return () => {
      socket.off('connect', join)
      cursor.current = null
      if (socket.connected) socket.emit('board:leave', { boardId }, () => {})
    }
  }, [socket, boardId, apply])

  useSocketEvent('board:event', useCallback((event: BoardEvent) => cursor.current?.receive(event), []))
  useSocketEvent('sync:resync', useCallback(() => void cursor.current?.catchUp(), []))
}

/** Lists that cannot place a change are marked out of date without fetching: they refresh when next shown. */
const markStale = (queryClient: QueryClient, queryKey: readonly unknown[]) => void queryClient.invalidateQueries({ queryKey, exact: true, refetchType: 'none' })

/** Merges one board event into every cached list of that board and every cached thread. */
export function applyBoardEvent(queryClient: QueryClient, event: BoardEvent): void {
  for (const [key, list] of queryClient.getQueriesData<ThreadsPage>({ queryKey: [...boardKey(event.boardId), 'threads'] })) {
    if (!list) continue
    const [, , , q, page] = key as [string, string, string, string, number]
    const merged = mergeIntoThreadsPage(list, { q, page }, event)
    if (merged === 'stale') markStale(queryClient, key)
    else if (merged !== 'unchanged') queryClient.setQueryData(key, merged.data)
    // A reply taken away changes its thread's count, which only the server knows.
    if (event.type === 'remove' && merged === 'unchanged') markStale(queryClient, key)
  }
  for (const [key, view] of queryClient.getQueriesData<ThreadView>({ queryKey: threadKey('').slice(0, 1) })) {
    if (!view) continue
    const merged = mergeIntoThreadView(view, event)
    // The thread itself is no longer for this viewer: asking again shows why (it is not found).
    if (merged === 'gone') void queryClient.invalidateQueries({ queryKey: key, exact: true })
    else if (merged !== 'unchanged' && merged !== 'stale') queryClient.setQueryData(key, merged.data)
  }
}
