import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import type { io as connect, Socket } from 'socket.io-client'
import type { ClientToServerEvents, ServerToClientEvents } from '../../../shared/events.js'
import { PROTOCOL_VERSION } from '../../../shared/errors.js'
import { useQueryClient } from '@tanstack/react-query'
import { whenIdle } from './idle.js'
import { ReloadBanner } from './ReloadBanner.js'
import { ME_KEY } from './session.js'

export type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>

interface SocketState {
  socket: AppSocket | null
  connected: boolean
}

interface SocketContextValue extends SocketState {
  /** A live page is showing: open the connection (once; it stays open until she signs out). */
  want: () => void
}

/** How often a signed-in page without the live connection asks whether the session still holds. */
const SESSION_CHECK_MS = 10_000

const SocketContext = createContext<SocketContextValue>({ socket: null, connected: false, want: () => undefined })

/** The server refused the handshake because this tab runs an older build than the server speaks. */
export const isClientTooOld = (error: Error): boolean =>
  (error as Error & { data?: { code?: unknown } }).data?.code === 'CLIENT_TOO_OLD'

/**
 * One Socket.IO connection per signed-in tab, opened by the first page that shows something live (a board,
 * a link's room, an assembly, a teacher's queue count: `useSocket`), and kept open until she signs out; it
 * reconnects by itself after drops. A pupil's first pages (sign-in, her home) show nothing live, so they do
 * without the client library (12 KB gzipped on a slow school line, issue 13). Until it opens, a session
 * ended elsewhere is noticed by her next request or when she comes back to the tab (session.tsx).
 */
export function SocketProvider({ userId, children }: { userId: string | null; children: ReactNode }) {
  const [state, setState] = useState<SocketState>({ socket: null, connected: false })
  const [outdated, setOutdated] = useState(false)
  // Whose page asked for the live connection: a new person signing in on this tab starts without it.
  const [wantedBy, setWantedBy] = useState<string | null>(null)
  const queryClient = useQueryClient()
  const want = useCallback(() => setWantedBy(userId), [userId])

  useEffect(() => {
    if (!userId || wantedBy !== userId) return
    const listen = (socket: AppSocket) => {
      const update = () => setState({ socket, connected: socket.connected })
      socket.on('connect', update)
      socket.on('disconnect', update)
      socket.on('session:ended', () => {
        queryClient.setQueryData(ME_KEY, null)
      })
      // Her roles changed (made safeguarding lead, say): who she is, and what each page shows her, is reloaded.
      socket.on('session:changed', () => {
        void queryClient.invalidateQueries()
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
    // The client library loads once a live page has shown itself: what the page first needs comes over
    // HTTP, the socket only keeps it live.
    let socket: AppSocket | undefined
    let cancelled = false
    const cancelIdle = whenIdle(() => {
      void loadSocketClient(() => cancelled).then((client) => {
        if (cancelled || !client) return
        const { io } = client
        socket = io({
          transports: ['websocket', 'polling'],
          withCredentials: true,
          auth: { protocolVersion: PROTOCOL_VERSION },
        })
        listen(socket)
      })
    })
    return () => {
      cancelled = true
      cancelIdle()
      if (!socket) return
      socket.removeAllListeners()
      socket.disconnect()
      setState({ socket: null, connected: false })
    }
  }, [userId, wantedBy, queryClient])

  // Until the live connection opens (a pupil's home never opens it), the session is asked for now and then,
  // so a session that ends by itself (the end of her school day) or elsewhere shows the sign-in page.
  useEffect(() => {
    if (!userId || wantedBy === userId) return
    const timer = setInterval(() => void queryClient.invalidateQueries({ queryKey: ME_KEY }), SESSION_CHECK_MS)
    return () => clearInterval(timer)
  }, [userId, wantedBy, queryClient])

  const value = useMemo(() => ({ ...state, want }), [state, want])
  return (
    <SocketContext.Provider value={value}>
      {outdated && <ReloadBanner />}
      {children}
    </SocketContext.Provider>
  )
}

/** The live connection (null until it has connected); a component using it asks for it to open. */
export function useSocket(): SocketState {
  const { socket, connected, want } = useContext(SocketContext)
  useEffect(want, [want])
  return { socket, connected }
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

/**
 * The Socket.IO client's chunk, tried again when it could not be fetched (the line dropped as the page
 * settled): once the browser is back online, else after a growing pause. Undefined once cancelled.
 */
async function loadSocketClient(cancelled: () => boolean): Promise<{ io: typeof connect } | undefined> {
  for (let pause = 1000; !cancelled(); pause = Math.min(pause * 2, 30_000)) {
    try {
      return await import('socket.io-client')
    } catch {
      await new Promise<void>((resolve) => {
        const done = () => {
          window.removeEventListener('online', done)
          window.clearTimeout(timer)
          resolve()
        }
        const timer = window.setTimeout(done, navigator.onLine ? pause : 30_000)
        window.addEventListener('online', done)
      })
    }
  }
  return undefined
}
