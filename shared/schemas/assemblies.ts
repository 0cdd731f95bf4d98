import { z } from 'zod'
import { pageQuerySchema } from './paging.js'
import { idSchema, isoDateTimeSchema, optionalTextSchema, safeString, textSchema } from './common.js'
import { moderatedContentFields } from './moderation.js'

export const assemblyStatusSchema = z.enum(['scheduled', 'open', 'ended'])

export const newAssemblySchema = z.object({
  title: textSchema(120),
  /** Omitted with startNow: the assembly opens at once. */
  startsAt: isoDateTimeSchema.optional(),
  durationMinutes: z.number().int().min(5).max(180).default(30),
  agenda: optionalTextSchema(2000),
  startNow: z.boolean().default(false),
})
export type NewAssembly = z.infer<typeof newAssemblySchema>

export const assemblySchema = z.object({
  id: idSchema,
  linkId: idSchema,
  title: z.string(),
  startsAt: z.string(),
  durationMinutes: z.number().int(),
  agenda: z.string(),
  status: assemblyStatusSchema,
  openedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  /** Classes for which the start falls outside their school day (a warning, not a refusal). */
  outsideSchoolDayClassIds: z.array(idSchema),
  /** The host lets pupils' chat messages through without a teacher approving each one. */
  pupilChatAllowed: z.boolean(),
  createdAt: z.string(),
})
export type Assembly = z.infer<typeof assemblySchema>

export const assemblyParamsSchema = z.object({ assemblyId: idSchema })

export const attendanceSchema = z.array(
  z.object({
    classId: idSchema,
    className: z.string(),
    schoolName: z.string(),
    joinedAt: z.string(),
    leftAt: z.string().nullable(),
    minutes: z.number(),
  }),
)
export type Attendance = z.infer<typeof attendanceSchema>

export const iceServersSchema = z.object({
  iceServers: z.array(
    z.object({ urls: z.array(z.string()), username: z.string().optional(), credential: z.string().optional() }),
  ),
})
export type IceServers = z.infer<typeof iceServersSchema>

/** A participant: one class computer, identified by its socket for the life of the connection. */
export const peerSchema = z.object({
  peerId: z.string(),
  classId: idSchema,
  className: z.string(),
  schoolName: z.string(),
  colorIndex: z.number().int(),
})
export type Peer = z.infer<typeof peerSchema>

const MAX_SDP = 100_000
/** What simple-peer exchanges: an offer or answer, an ICE candidate, or a renegotiation request. */
export const signalDataSchema = z.union([
  z
    .object({
      type: z.enum(['offer', 'answer', 'pranswer', 'rollback']),
      sdp: safeString().max(MAX_SDP).startsWith('v=0'),
    })
    .strict(),
  z
    .object({
      type: z.literal('candidate'),
      candidate: z.object({
        candidate: safeString().max(1000),
        sdpMLineIndex: z.number().int().nullable().optional(),
        sdpMid: safeString().max(64).nullable().optional(),
        usernameFragment: safeString().max(256).nullable().optional(),
      }),
    })
    .strict(),
  z.object({ type: z.literal('renegotiate'), renegotiate: z.literal(true) }).strict(),
  z
    .object({
      type: z.literal('transceiverRequest'),
      transceiverRequest: z.object({
        kind: z.enum(['audio', 'video']),
        init: z.record(safeString().max(64), z.unknown()).optional(),
      }),
    })
    .strict(),
])
export type SignalData = z.infer<typeof signalDataSchema>

export const signalSchema = z.object({ assemblyId: idSchema, to: safeString().min(1).max(64), data: signalDataSchema })
export const assemblyRoomSchema = z.object({ assemblyId: idSchema })
export const assemblyChatSchema = z.object({ assemblyId: idSchema, text: textSchema(500) })
export const assemblyMuteSchema = z.object({ assemblyId: idSchema, peerId: safeString().min(1).max(64) })
export const assemblyHandSchema = z.object({ assemblyId: idSchema, raised: z.boolean() })

export const pupilChatSchema = z.object({ allowed: z.boolean() })

/**
 * A chat message in an assembly. Class computers (teachers) publish at once; pupils following the
 * assembly from their own device are held for a teacher of their school unless the host allows them.
 */
export const chatMessageSchema = z.object({
  id: idSchema,
  assemblyId: idSchema,
  ...moderatedContentFields,
  text: z.string(),
  createdAt: z.string(),
})
export type ChatMessage = z.infer<typeof chatMessageSchema>

/** A message to show or update (upsert), or one the receiver may no longer see (remove: its id alone). */
export type ChatEvent =
  | { assemblyId: string; type: 'upsert'; message: ChatMessage }
  | { assemblyId: string; type: 'remove'; messageId: string }

export interface ChatWatchResult {
  /** The newest messages the user may see, oldest first. */
  messages: ChatMessage[]
  /** Asks `GET /assemblies/:id/chat?before=` for older messages (null: there are none). */
  nextCursor: string | null
  pupilChatAllowed: boolean
}

/** `?before=<cursor>&limit=<n>`: a page of an assembly's older chat messages, newest first. */
export const chatQuerySchema = pageQuerySchema(100, 200)
export const chatPageSchema = z.object({ items: z.array(chatMessageSchema), nextCursor: z.string().nullable() })
export type ChatPage = z.infer<typeof chatPageSchema>
