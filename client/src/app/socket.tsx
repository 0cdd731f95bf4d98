import { createContext, useContext, useEffect, useState, type ReactNode } from 'react'
import type { Socket } from 'socket.io-client'
import type { ClientToServerEvents, ServerToClientEvents } from '../../../shared/events.js'
import { PROTOCOL_VERSION } from '../../../shared/errors.js'
import { useQueryClient } from '@tanstack/react-query'
import { ReloadBanner } from './ReloadBanner.js'
import { ME_KEY } from './session.js'

export type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>

interface SocketState {
  socket: AppSocket | null
  connected: boolean
}

const SocketContext = createContext<SocketState>({ socket: null, connected: false })

/** The server refused the handshake because this tab runs an older build than the server speaks. */
export const isClientTooOld = (error: Error): boolean => (error as Error & { data?: { code?: unknown } }).data?.code === 'CLIENT_TOO_OLD'

/** One Socket.IO connection per signed-in tab; it reconnects by itself after drops. */
export function SocketProvider({ userId, children }: { userId: string | null; children: ReactNode }) {
  const [state, setState] = useState<SocketState>({ socket: null, connected: false })
  const [outdated, setOutdated] = useState(false)
  const queryClient = useQueryClient()

  useEffect(() => {
    if (!userId) return
    const listen = (socket: AppSocket) => {
      const update = () => setState({ socket, connected: socket.connected })
      socket.on('connect', update)
      socket.on('disconnect', update)
      socket.on('session:ended', () => {
        queryClient.setQueryData(ME_KEY, null)
      })
      // Live events between server nodes were interrupted (Redis was down): whatever is on screen may be
      // missing changes made meanwhile, so refetch it (boards also catch up from their last event, in
      // useBoardLive). Spread over a moment: every open tab hears this at the same instant.
      socket.on('sync:resync', () => {
        setTimeout(() => void queryClient.invalidateQueries(), Math.random() * 2000)
      })
      socket.on('connect_error', (error) => {
        // The session is gone (signed out elsewhere): show the sign-in page instead of retrying forever.
        if (error.message === 'UNAUTHENTICATED') void queryClient.invalidateQueries({ queryKey: ME_KEY })
        // Socket.IO does not retry a refused handshake: only loading the new build helps.
        if (isClientTooOld(error)) setOutdated(true)
      })
      // The socket is published on its first connect: before that there is nothing to listen to yet.
    }
    // The client library loads once someone is signed in: the sign-in page does without it.
    let socket: AppSocket | undefined
    let cancelled = false
    void import('socket.io-client').then(({ io }) => {
      if (cancelled) return
      socket = io({ transports: ['websocket', 'polling'], withCredentials: true, auth: { protocolVersion: PROTOCOL_VERSION } })
      listen(socket)
    })
    return () => {
      cancelled = true
      if (!socket) return
      socket.removeAllListeners()
      socket.disconnect()
      setState({ socket: null, connected: false })
    }
  }, [userId, queryClient])

  return (
    <SocketContext.Provider value={state}>
      {outdated && <ReloadBanner />}
      {children}
    </SocketContext.Provider>
  )
}

export function useSocket(): SocketState {
  return useContext(SocketContext)
}

/** Subscribes to a server event for as long as the component is mounted. */
export function useSocketEvent<E extends keyof ServerToClientEvents>(
  event: E,
  listener: ServerToClientEvents[E],
): void {
  const { socket } = useSocket()
  useEffect(() => {
    if (!socket) return
    // Socket.IO's typed `on` cannot express a generic event key; the listener type is checked above.
    const s = socket as unknown as { on(e: string, l: unknown): void; off(e: string, l: unknown): void }
    s.on(event, listener)
    return () => s.off(event, listener)
  }, [socket, event, listener])
}
