import { useQueryClient } from '@tanstack/react-query'
import { useCallback, useEffect, useRef } from 'react'
import type { BoardEvent } from '../../../../shared/schemas/boards.js'
import { useSocket, useSocketEvent } from '../../app/socket.js'
import { boardKey, threadKey } from './api.js'

/**
 * Keeps a board live: joins its room, applies each change once (events carry a sequence number),
 * and after any reconnect asks for exactly the changes it missed since the last one it saw.
 */
export function useBoardLive(boardId: string): void {
  const { socket } = useSocket()
  const queryClient = useQueryClient()
  const lastSeq = useRef<number | undefined>(undefined)

  const apply = useCallback(
    (event: BoardEvent) => {
      if (event.boardId !== boardId) return
      if (lastSeq.current !== undefined && event.seq <= lastSeq.current) return
      lastSeq.current = event.seq
      void queryClient.invalidateQueries({ queryKey: boardKey(boardId) })
      // A remove notice names only the post: any open thread may hold it.
      if (event.type === 'upsert') void queryClient.invalidateQueries({ queryKey: threadKey(event.post.threadId ?? event.post.id) })
      else void queryClient.invalidateQueries({ queryKey: threadKey('').slice(0, 1) })
    },
    [boardId, queryClient],
  )

  useEffect(() => {
    if (!socket || !boardId) return
    const join = () =>
      socket.emit('board:join', { boardId, after: lastSeq.current }, (res) => {
        if (!res.ok) return
        for (const event of res.data.events) apply(event)
        lastSeq.current = Math.max(lastSeq.current ?? 0, res.data.lastSeq)
      })
    if (socket.connected) join()
    socket.on('connect', join)
    return () => {
      socket.off('connect', join)
      if (socket.connected) socket.emit('board:leave', { boardId }, () => {})
    }
  }, [socket, boardId, apply])

  useSocketEvent('board:event', apply)
}
