import type { Logger } from 'pino'
import { linkRoomPayloadSchema, type LinkPresence } from '../../../shared/schemas/links.js'
import { handle } from '../../realtime/handle.js'
import { linkRoom } from '../../realtime/rooms.js'
import type { AppServer, AppSocket } from '../../realtime/types.js'
import type { LinkAccess } from './linkAccess.js'

const LINK_ROOM = /^link:([0-9a-f-]{36})$/

/**
 * Which classes of a link have someone online: read from the room's sockets on every node through
 * the adapter (never from this process's memory), so it stays right with several server nodes.
 */
export async function presenceOf(io: AppServer, linkAccess: LinkAccess, linkId: string): Promise<LinkPresence> {
  const sockets = await io.in(linkRoom(linkId)).fetchSockets()
  const online = new Set<string>()
  for (const socket of sockets) {
    const user = socket.data.user
    try {
      const { ownClasses } = await linkAccess.membershipOf(user, linkId)
      for (const c of ownClasses) online.add(c.classId)
    } catch {
      // A member removed since joining no longer counts.
    }
  }
  return { linkId, onlineClassIds: [...online].sort() }
}

async function broadcastPresence(io: AppServer, linkAccess: LinkAccess, linkId: string, closing: () => boolean): Promise<LinkPresence> {
  const presence = await presenceOf(io, linkAccess, linkId)
  // The answer may arrive while the server shuts down; by then there is nobody left to tell.
  if (!closing()) io.to(linkRoom(linkId)).volatile.emit('link:presence', presence)
  return presence
}

export interface LinksHandlerDeps {
  linkAccess: LinkAccess
  logger: Logger
  /** True once the server is closing: sockets dropped by the shutdown need no presence update. */
  closing(): boolean
}

export function registerLinksHandlers(io: AppServer, socket: AppSocket, { linkAccess, logger, closing }: LinksHandlerDeps): void {
  socket.on(
    'link:join',
    handle(logger, socket, 'link:join', linkRoomPayloadSchema, async ({ linkId }) => {
      await linkAccess.membershipOf(socket.data.user, linkId)
      await socket.join(linkRoom(linkId))
      return broadcastPresence(io, linkAccess, linkId, closing)
    }),
  )
  socket.on(
    'link:leave',
    handle(logger, socket, 'link:leave', linkRoomPayloadSchema, async ({ linkId }) => {
      await socket.leave(linkRoom(linkId))
      await broadcastPresence(io, linkAccess, linkId, closing)
      return null
    }),
  )
  socket.on('disconnecting', () => {
    const linkIds = [...socket.rooms].map((room) => LINK_ROOM.exec(room)?.[1]).filter((id): id is string => Boolean(id))
    // After the socket has left its rooms, tell the others who is still there.
    socket.once('disconnect', () => {
      if (closing()) return
      for (const linkId of linkIds) {
        broadcastPresence(io, linkAccess, linkId, closing).catch((error: unknown) => logger.warn({ err: error }, 'presence update failed'))
      }
    })
  })
}
