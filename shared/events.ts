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
import type { VideoServerEvents } from './events/video.js'
import type { z } from 'zod'
import { whoamiSchema, type User } from './schemas/accounts.js'
import {
  assemblyChatSchema,
  assemblyHandSchema,
  assemblyMuteSchema,
  assemblyRoomSchema,
  signalSchema,
  type Peer,
} from './schemas/assemblies.js'
import { boardJoinSchema, boardLeaveSchema } from './schemas/boards.js'
import { linkRoomPayloadSchema } from './schemas/links.js'

export type { Ack } from './errors.js'

export interface ClientToServerEvents
  extends AccountsClientEvents, LinksClientEvents, BoardsClientEvents, AssembliesClientEvents {}

/**
 * The schema of every client event's payload, by name. An event added to ClientToServerEvents must be
 * added here too (tsc says so); tests and tools list the events from it.
 */
export const clientEventSchemas = {
  'session:whoami': whoamiSchema,
  'link:join': linkRoomPayloadSchema,
  'link:leave': linkRoomPayloadSchema,
  'board:join': boardJoinSchema,
  'board:leave': boardLeaveSchema,
  'assembly:join': assemblyRoomSchema,
  'assembly:leave': assemblyRoomSchema,
  'assembly:signal': signalSchema,
  'assembly:chat-watch': assemblyRoomSchema,
  'assembly:chat': assemblyChatSchema,
  'assembly:hand': assemblyHandSchema,
  'assembly:mute': assemblyMuteSchema,
} satisfies { [E in keyof ClientToServerEvents]: z.ZodType<unknown, Parameters<ClientToServerEvents[E]>[0]> }

export interface ServerToClientEvents
  extends
    AccountsServerEvents,
    LinksServerEvents,
    BoardsServerEvents,
    AssembliesServerEvents,
    ServerLifecycleEvents,
    SyncServerEvents,
    VideoServerEvents {}

/** Between server nodes (through the Redis adapter), never from or to a browser. */
export interface InterServerEvents {
  /** Which of a link's classes have someone connected to the answering node. */
  'presence:ask': (linkId: string, ack: (classIds: string[]) => void) => void
  /** A person's roles changed: each node updates her sockets connected to it. */
  'user:changed': (userId: string) => void
}

export interface SocketData {
  user: User
  /** Hash of the session token, so sign-out-everywhere can find and disconnect this socket. */
  sessionId: string
  /** When the session ends (a pupil's at the end of her school day): the socket is closed then. */
  sessionExpiresAt?: string
  /** The assemblies this socket takes part in, as other nodes see it through fetchSockets. */
  assemblies?: Record<string, Peer & { attendanceId: string }>
}
