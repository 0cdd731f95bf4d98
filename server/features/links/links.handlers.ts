import type { Logger } from 'pino'
import { linkRoomPayloadSchema } from '../../../shared/schemas/links.js'
import { handle } from '../../realtime/handle.js'
import { linkRoom } from '../../realtime/rooms.js'
import type { AppSocket } from '../../realtime/types.js'
import type { LinkAccess } from './linkAccess.js'
import type { LinkPresenceTracker } from './presence.js'

export interface LinksHandlerDeps {
  linkAccess: LinkAccess
  logger: Logger
  /** Which classes are online: counted per node, told to a link's room only when that changes. */
  presence: LinkPresenceTracker
}

export function registerLinksHandlers(socket: AppSocket, { linkAccess, logger, presence }: LinksHandlerDeps): void {
  socket.on(
    'link:join',
    handle(logger, socket, 'link:join', linkRoomPayloadSchema, async ({ linkId }) => {
      const { ownClasses } = await linkAccess.membershipOf(socket.data.user, linkId)
      await socket.join(linkRoom(linkId))
      // The joining client gets the whole set once; the room hears only of a change.
      return presence.join(
        socket,
        linkId,
        ownClasses.map((c) => c.classId),
      )
    }),
  )
  socket.on(
    'link:leave',
    handle(logger, socket, 'link:leave', linkRoomPayloadSchema, async ({ linkId }) => {
      await socket.leave(linkRoom(linkId))
      presence.leave(socket, linkId)
      return null
    }),
  )
  socket.on('disconnect', () => presence.leave(socket))
}
