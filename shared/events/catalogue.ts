import { z } from 'zod'
import { ERROR_CODES, type Ack } from '../errors.js'
import type { ClientToServerEvents, ServerToClientEvents } from '../events.js'
import { userSchema } from '../schemas/accounts.js'
import { chatMessageSchema, peerSchema, signalDataSchema } from '../schemas/assemblies.js'
import { boardEventSchema, boardJoinResultSchema } from '../schemas/boards.js'
import { linkPresenceSchema, linkRoomPayloadSchema } from '../schemas/links.js'
import { videoProgressSchema } from '../schemas/video.js'

type AckData<E extends keyof ClientToServerEvents> = Parameters<ClientToServerEvents[E]>[1] extends (
  res: Ack<infer T>,
) => void
  ? T
  : never

const chatEventSchema = z.union([
  z.object({ assemblyId: z.string(), type: z.literal('upsert'), message: chatMessageSchema }),
  z.object({ assemblyId: z.string(), type: z.literal('remove'), messageId: z.string() }),
])

/**
 * What each request event acknowledges on success (`{ ok: true, data }`); a refusal is always
 * `{ ok: false, error: { code, message } }`. Together with `clientEventSchemas` and
 * `serverEventSchemas` this describes the live API (served as AsyncAPI at /api/asyncapi.json); tsc
 * checks both lists against the event maps, so neither can fall behind them.
 */
export const clientAckSchemas = {
  'session:whoami': userSchema,
  'link:join': linkPresenceSchema,
  'link:leave': z.null(),
  'board:join': boardJoinResultSchema,
  'board:leave': z.null(),
  'assembly:join': z.object({ self: peerSchema, peers: z.array(peerSchema) }),
  'assembly:leave': z.null(),
  'assembly:signal': z.null(),
  'assembly:chat-watch': z.object({
    messages: z.array(chatMessageSchema),
    nextCursor: z.string().nullable(),
    pupilChatAllowed: z.boolean(),
  }),
  'assembly:chat': chatMessageSchema,
  'assembly:hand': z.null(),
  'assembly:mute': z.null(),
} satisfies { [E in keyof ClientToServerEvents]: z.ZodType<AckData<E>> }

/** The payload of every event the server sends, by name. */
export const serverEventSchemas = {
  'session:ended': z.object({ reason: z.enum(['signed-out', 'deactivated']) }),
  'session:changed': z.object({ reason: z.literal('roles') }),
  'link:presence': linkPresenceSchema,
  'link:changed': linkRoomPayloadSchema,
  'linkRequests:changed': z.object({}).strict(),
  'board:event': boardEventSchema,
  'moderation:count': z.object({ count: z.number().int() }),
  'moderation:notice': z.object({}).strict(),
  'assembly:peer-joined': z.object({ assemblyId: z.string(), peer: peerSchema }),
  'assembly:peer-left': z.object({ assemblyId: z.string(), peerId: z.string() }),
  'assembly:signal': z.object({ assemblyId: z.string(), from: z.string(), data: signalDataSchema }),
  'assembly:chat': chatEventSchema,
  'assembly:settings': z.object({ assemblyId: z.string(), pupilChatAllowed: z.boolean() }),
  'assembly:hand': z.object({ assemblyId: z.string(), peerId: z.string(), raised: z.boolean() }),
  'assembly:muted': z.object({ assemblyId: z.string(), by: z.string() }),
  'assembly:status': z.object({ assemblyId: z.string(), status: z.enum(['scheduled', 'open', 'ended']) }),
  'server:shutdown': z.object({ retryAfterMs: z.number() }),
  'sync:resync': z.object({ reason: z.literal('redis-recovered') }),
  'video:progress': videoProgressSchema,
} satisfies { [E in keyof ServerToClientEvents]: z.ZodType<Parameters<ServerToClientEvents[E]>[0]> }

/** A refused request's acknowledgement. */
export const ackErrorSchema = z.object({
  ok: z.literal(false),
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    retryAfterSeconds: z.number().optional(),
    fields: z.record(z.string(), z.string()).optional(),
  }),
})
