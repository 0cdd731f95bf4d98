import type { z } from 'zod'
import type { Ack } from '../errors.js'
import type {
  assemblyChatSchema,
  assemblyHandSchema,
  assemblyMuteSchema,
  assemblyRoomSchema,
  ChatEvent,
  ChatMessage,
  ChatWatchResult,
  Peer,
  SignalData,
  signalSchema,
} from '../schemas/assemblies.js'

type Room = z.input<typeof assemblyRoomSchema>

export interface AssembliesClientEvents {
  /** A class computer enters an open assembly; answers with who is already there. */
  'assembly:join': (payload: Room, ack: (res: Ack<{ self: Peer; peers: Peer[] }>) => void) => void
  'assembly:leave': (payload: Room, ack: (res: Ack<null>) => void) => void
  /** Relayed only to a peer in the same assembly, with the sender stamped by the server. */
  'assembly:signal': (payload: z.input<typeof signalSchema>, ack: (res: Ack<null>) => void) => void
  /** Follow an assembly's chat (class computers and pupils alike); answers with what the user may see. */
  'assembly:chat-watch': (payload: Room, ack: (res: Ack<ChatWatchResult>) => void) => void
  /** Only from a socket following the chat; a pupil's message is held unless the host allows pupil chat. */
  'assembly:chat': (payload: z.input<typeof assemblyChatSchema>, ack: (res: Ack<ChatMessage>) => void) => void
  'assembly:hand': (payload: z.input<typeof assemblyHandSchema>, ack: (res: Ack<null>) => void) => void
  /** The host mutes a class's microphone. */
  'assembly:mute': (payload: z.input<typeof assemblyMuteSchema>, ack: (res: Ack<null>) => void) => void
}

export interface AssembliesServerEvents {
  'assembly:peer-joined': (payload: { assemblyId: string; peer: Peer }) => void
  'assembly:peer-left': (payload: { assemblyId: string; peerId: string }) => void
  'assembly:signal': (payload: { assemblyId: string; from: string; data: SignalData }) => void
  /** A message to show or update (upsert), or one the receiver may no longer see (remove: its id alone). */
  'assembly:chat': (payload: ChatEvent) => void
  'assembly:settings': (payload: { assemblyId: string; pupilChatAllowed: boolean }) => void
  'assembly:hand': (payload: { assemblyId: string; peerId: string; raised: boolean }) => void
  'assembly:muted': (payload: { assemblyId: string; by: string }) => void
  /** The assembly opened or ended (lobbies wait for this). */
  'assembly:status': (payload: { assemblyId: string; status: 'scheduled' | 'open' | 'ended' }) => void
}
