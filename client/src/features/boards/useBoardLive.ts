import { useQueryClient } from '@tanstack/react-query'
import { useCallback, useEffect, useRef } from 'react'
import type { BoardEvent } from '../../../../shared/schemas/boards.js'
import { useSocket, useSocketEvent } from '../../app/socket.js'
import { boardKey, threadKey } from './api.js'
import { applyBoardEvent } from './boardCache.js'
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
    const live = new BoardCursor(
      boardId,
      (after) => socket.timeout(15_000).emitWithAck('board:join', { boardId, after }),
      apply,
    )
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

  useSocketEvent(
    'board:event',
    useCallback((event: BoardEvent) => cursor.current?.receive(event), []),
  )
  useSocketEvent(
    'sync:resync',
    useCallback(() => void cursor.current?.catchUp(), []),
  )
}
