import { useQueryClient } from '@tanstack/react-query'
import { useCallback, useEffect, useState } from 'react'
import type { LinkPresence, LinkRoomPayload } from '../../../../shared/schemas/links.js'
import { useSocket, useSocketEvent } from '../../app/socket.js'
import { linkKey, linksKey, requestsKey } from './api.js'

/**
 * Joins the link's room while the page is open (and again after every reconnect), keeps the list of
 * classes online now, and refetches the link whenever a partner changes something.
 */
export function useLinkRoom(linkId: string): { onlineClassIds: string[]; connected: boolean } {
  const { socket, connected } = useSocket()
  const queryClient = useQueryClient()
  const [onlineClassIds, setOnline] = useState<string[]>([])

  useEffect(() => {
    if (!socket) return
    const join = () => {
      // What the page fetched before it was in the room (the live connection opens after the page has
      // shown itself, and again after a drop) may have changed meanwhile without an event reaching it:
      // once in the room, whatever was read before, or was being read, is fetched again.
      const readBefore = new Set(
        queryClient
          .getQueryCache()
          .findAll({ queryKey: linkKey(linkId) })
          .map((q) => q.queryHash),
      )
      socket.emit('link:join', { linkId }, (res) => {
        if (!res.ok) return
        setOnline(res.data.onlineClassIds)
        void queryClient.invalidateQueries({
          queryKey: linkKey(linkId),
          predicate: (q) => readBefore.has(q.queryHash),
        })
      })
    }
    if (socket.connected) join()
    socket.on('connect', join)
    return () => {
      socket.off('connect', join)
      if (socket.connected) socket.emit('link:leave', { linkId }, () => {})
    }
  }, [socket, linkId, queryClient])

  const onPresence = useCallback(
    (presence: LinkPresence) => {
      if (presence.linkId === linkId) setOnline(presence.onlineClassIds)
    },
    [linkId],
  )
  const onChanged = useCallback(
    (payload: LinkRoomPayload) => {
      if (payload.linkId !== linkId) return
      void queryClient.invalidateQueries({ queryKey: linkKey(linkId) })
      void queryClient.invalidateQueries({ queryKey: linksKey, exact: true })
      void queryClient.invalidateQueries({ queryKey: requestsKey })
    },
    [linkId, queryClient],
  )
  useSocketEvent('link:presence', onPresence)
  useSocketEvent('link:changed', onChanged)
  return { onlineClassIds: connected ? onlineClassIds : [], connected }
}

/** Refetches link requests whenever one to, from or within my school's links changes. */
export function useRequestsLive(): void {
  const queryClient = useQueryClient()
  const onChanged = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: requestsKey })
    void queryClient.invalidateQueries({ queryKey: linksKey })
  }, [queryClient])
  useSocketEvent('linkRequests:changed', onChanged)
}
