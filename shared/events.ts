/**
 * Typed Socket.IO event maps imported by the server and the client.
 * Each feature declares its own events in shared/events/<feature>.ts; this file only composes them.
 * Requests are `feature:verb` with an acknowledgement as the last argument; broadcasts are past tense.
 */
import type { AccountsClientEvents, AccountsServerEvents } from './events/accounts.js'
import type { LinksClientEvents, LinksServerEvents } from './events/links.js'
import type { BoardsClientEvents, BoardsServerEvents } from './events/boards.js'
import type { AssembliesClientEvents, AssembliesServerEvents } from './events/assemblies.js'
import type { ServerLifecycleEvents } from './events/server.js'
import type { SyncServerEvents } from './events/sync.js'
import type { User } from './schemas/accounts.js'
import type { Peer } from './schemas/assemblies.js'

export type { Ack } from './errors.js'

export interface ClientToServerEvents extends AccountsClientEvents, LinksClientEvents, BoardsClientEvents, AssembliesClientEvents {}

export interface ServerToClientEvents extends AccountsServerEvents, LinksServerEvents, BoardsServerEvents, AssembliesServerEvents, ServerLifecycleEvents, SyncServerEvents {}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface InterServerEvents {}

export interface SocketData {
  user: User
  /** Hash of the session token, so sign-out-everywhere can find and disconnect this socket. */
  sessionId: string
  /** The assemblies this socket takes part in, as other nodes see it through fetchSockets. */
  assemblies?: Record<string, Peer & { attendanceId: string }>
}
