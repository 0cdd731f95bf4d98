import { useCallback, useEffect, useState } from 'react'
import type { ChatEvent, ChatMessage, ChatPage } from '../../../../shared/schemas/assemblies.js'
import { ApiRequestError, apiGet } from '../../api/http.js'
import { useSocket, useSocketEvent } from '../../app/socket.js'

/**
 * Follows an assembly's chat: the history the user may see on every (re)connect, then live changes.
 * The server decides what reaches whom; a message arriving as `remove` is one this user may no
 * longer see (hidden, or a partner's message taken back).
 */
export function useAssemblyChat(assemblyId: string) {
  const { socket } = useSocket()
  const [messages, setMessages] = useState<ChatMessage[]>([])
  const [pupilChatAllowed, setPupilChatAllowed] = useState(false)
  const [error, setError] = useState<ApiRequestError | null>(null)
  // Where the older messages start (null: the whole chat is here).
  const [olderCursor, setOlderCursor] = useState<string | null>(null)
  const [loadingOlder, setLoadingOlder] = useState(false)

  useEffect(() => {
    if (!socket) return
    const watch = () =>
      socket.emit('assembly:chat-watch', { assemblyId }, (res) => {
        if (!res.ok) return setError(new ApiRequestError(400, res.error))
        setError(null)
        setMessages(res.data.messages)
        setOlderCursor(res.data.nextCursor)
        setPupilChatAllowed(res.data.pupilChatAllowed)
      })
    if (socket.connected) watch()
    socket.on('connect', watch)
    return () => {
      socket.off('connect', watch)
    }
  }, [socket, assemblyId])

  const upsert = useCallback((message: ChatMessage) => {
    setMessages((all) => {
      const at = all.findIndex((m) => m.id === message.id)
      if (at === -1) return [...all, message]
      return all.map((m) => (m.id === message.id ? message : m))
    })
  }, [])

  useSocketEvent(
    'assembly:chat',
    useCallback(
      (event: ChatEvent) => {
        if (event.assemblyId !== assemblyId) return
        if (event.type === 'upsert') upsert(event.message)
        else setMessages((all) => all.filter((m) => m.id !== event.messageId))
      },
      [assemblyId, upsert],
    ),
  )
  useSocketEvent(
    'assembly:settings',
    useCallback(
      ({ assemblyId: id, pupilChatAllowed: allowed }: { assemblyId: string; pupilChatAllowed: boolean }) => {
        if (id === assemblyId) setPupilChatAllowed(allowed)
      },
      [assemblyId],
    ),
  )

  const send = useCallback(
    (text: string) =>
      new Promise<void>((resolve, reject) => {
        if (!socket) return reject(new Error('offline'))
        socket.emit('assembly:chat', { assemblyId, text }, (res) => {
          if (!res.ok) {
            setError(new ApiRequestError(400, res.error))
            return reject(new Error(res.error.message))
          }
          setError(null)
          upsert(res.data)
          resolve()
        })
      }),
    [socket, assemblyId, upsert],
  )

  /** Puts the page of messages before the oldest shown above them. */
  const loadOlder = useCallback(async () => {
    if (!olderCursor || loadingOlder) return
    setLoadingOlder(true)
    try {
      const query = new URLSearchParams({ before: olderCursor, limit: '100' }).toString()
      const page = await apiGet<ChatPage>(`/assemblies/${assemblyId}/chat?${query}`)
      setMessages((all) => {
        const known = new Set(all.map((m) => m.id))
        return [...page.items.filter((m) => !known.has(m.id)).reverse(), ...all]
      })
      setOlderCursor(page.nextCursor)
    } catch (failure) {
      if (failure instanceof ApiRequestError) setError(failure)
    } finally {
      setLoadingOlder(false)
    }
  }, [assemblyId, olderCursor, loadingOlder])

  return {
    messages,
    pupilChatAllowed,
    setPupilChatAllowed,
    error,
    send,
    hasOlder: olderCursor !== null,
    loadingOlder,
    loadOlder,
  }
}
