import type { Logger } from 'pino'
import type { User } from '../../../shared/schemas/accounts.js'
import { userRoom } from '../../realtime/rooms.js'
import type { AppServer, AppSocket } from '../../realtime/types.js'
import { chatRoomsFor } from '../assemblies/assemblyChat.realtime.js'
import { boardRoomsFor } from '../boards/boards.realtime.js'

/** Rooms a socket joined that depend on its person's roles: a board's or an assembly chat's, by the room it always joins. */
const roleRooms: { pattern: RegExp; roomsFor(user: User, id: string): string[] }[] = [
  { pattern: /^board:([^:]+)$/, roomsFor: boardRoomsFor },
  { pattern: /^assembly:([^:]+):chat$/, roomsFor: chatRoomsFor },
]

/**
 * A colleague's roles change while she is connected: every socket of hers, on every node, takes her
 * new roles at once (what each event is allowed, and which rooms deliver to her: a safeguarding lead
 * who steps down stops receiving her school's deleted posts), and her tabs reload who she is.
 */
export class StaffLiveRoles {
  constructor(
    private readonly io: AppServer,
    private readonly findUser: (id: string) => Promise<User | undefined>,
    private readonly logger: Logger,
  ) {
    // Another node changed someone's roles: update her sockets connected here.
    io.on('user:changed', (userId) => void this.refreshHere(userId))
  }

  /** Call after her roles were committed. */
  async changed(userId: string): Promise<void> {
    await this.refreshHere(userId)
    // The in-memory adapter of a single node has no other nodes to tell (and cannot).
    if ((await this.io.of('/').adapter.serverCount()) > 1) this.io.serverSideEmit('user:changed', userId)
  }

  /**
   * Moves her sockets on this node to her new roles, then tells them: each node tells only its own
   * sockets, after their roles changed, so a tab that asks who she is on hearing it hears the new roles.
   */
  private async refreshHere(userId: string): Promise<void> {
    try {
      const user = await this.findUser(userId)
      const local = this.io.of('/')
      for (const socketId of local.adapter.rooms.get(userRoom(userId)) ?? []) {
        const socket = local.sockets.get(socketId)
        if (socket && user) await moveRooms(socket, user)
      }
      this.io.local.to(userRoom(userId)).emit('session:changed', { reason: 'roles' })
    } catch (error) {
      this.logger.warn({ err: error }, 'live role change failed')
    }
  }
}

async function moveRooms(socket: AppSocket, user: User): Promise<void> {
  const before = socket.data.user
  socket.data.user = user
  for (const room of [...socket.rooms]) {
    for (const { pattern, roomsFor } of roleRooms) {
      const id = pattern.exec(room)?.[1]
      if (!id) continue
      const next = roomsFor(user, id)
      for (const old of roomsFor(before, id)) if (!next.includes(old)) await socket.leave(old)
      await socket.join(next)
    }
  }
}
