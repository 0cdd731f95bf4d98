import type { Logger } from 'pino'
import {
  assemblyHandSchema,
  assemblyMuteSchema,
  assemblyRoomSchema,
  signalSchema,
  type Peer,
} from '../../../shared/schemas/assemblies.js'
import { DomainError, forbidden } from '../../domain/errors.js'
import { newId } from '../../domain/ids.js'
import { handle } from '../../realtime/handle.js'
import { assemblyChatRoom, assemblyRoom, linkRoom } from '../../realtime/rooms.js'
import type { AppServer, AppSocket } from '../../realtime/types.js'
import type { AssembliesService } from './assemblies.service.js'

/** Lobbies, rooms and chat followers hear when an assembly opens or ends. */
export class SocketAssemblyEvents {
  private io: AppServer | undefined
  attach(io: AppServer): void {
    this.io = io
  }
  statusChanged(linkId: string, assemblyId: string, status: 'scheduled' | 'open' | 'ended'): void {
    this.io
      ?.to([linkRoom(linkId), assemblyRoom(assemblyId), assemblyChatRoom(assemblyId)])
      .emit('assembly:status', { assemblyId, status })
    if (status === 'ended') this.io?.in(assemblyRoom(assemblyId)).socketsLeave(assemblyRoom(assemblyId))
  }
}

export function registerAssemblyHandlers(
  io: AppServer,
  socket: AppSocket,
  assemblies: AssembliesService,
  logger: Logger,
  closing: () => boolean,
): void {
  const peers = () => (socket.data.assemblies ??= {})
  /** Attendance rows being written, so a quick leave closes the row it opened. */
  const joining = new Map<string, Promise<unknown>>()

  /** The sockets in this assembly, on every node: membership is never taken from one process. */
  async function inRoom(assemblyId: string) {
    if (!socket.rooms.has(assemblyRoom(assemblyId))) throw forbidden('Join the assembly first')
    return io.in(assemblyRoom(assemblyId)).fetchSockets()
  }

  async function leave(assemblyId: string): Promise<void> {
    const me = peers()[assemblyId]
    if (!me) return
    delete peers()[assemblyId]
    await joining.get(assemblyId)
    joining.delete(assemblyId)
    await socket.leave(assemblyRoom(assemblyId))
    io.to(assemblyRoom(assemblyId)).emit('assembly:peer-left', { assemblyId, peerId: socket.id })
    await assemblies.recordLeave(me.attendanceId)
  }

  socket.on(
    'assembly:join',
    handle(logger, socket, 'assembly:join', assemblyRoomSchema, async ({ assemblyId }) => {
      const self: Peer = await assemblies.participant(socket.data.user, assemblyId, socket.id)
      const others = (await io.in(assemblyRoom(assemblyId)).fetchSockets())
        .filter((s) => s.id !== socket.id)
        .flatMap((s) => {
          const peer = s.data.assemblies?.[assemblyId]
          return peer
            ? [
                {
                  peerId: peer.peerId,
                  classId: peer.classId,
                  className: peer.className,
                  schoolName: peer.schoolName,
                  colorIndex: peer.colorIndex,
                },
              ]
            : []
        })
      if (!peers()[assemblyId]) {
        // The attendance row is written alongside, not before, the answer: joining is on the critical path.
        const attendanceId = newId()
        peers()[assemblyId] = { ...self, attendanceId }
        joining.set(
          assemblyId,
          assemblies
            .recordJoin(assemblyId, self.classId, attendanceId)
            .catch((error: unknown) => logger.warn({ err: error }, 'attendance not recorded')),
        )
      }
      await socket.join(assemblyRoom(assemblyId))
      socket.to(assemblyRoom(assemblyId)).emit('assembly:peer-joined', { assemblyId, peer: self })
      return { self, peers: others }
    }),
  )
  socket.on(
    'assembly:leave',
    handle(logger, socket, 'assembly:leave', assemblyRoomSchema, async ({ assemblyId }) => {
      await leave(assemblyId)
      return null
    }),
  )
  socket.on(
    'assembly:signal',
    handle(logger, socket, 'assembly:signal', signalSchema, async ({ assemblyId, to, data }) => {
      const sockets = await inRoom(assemblyId)
      if (!sockets.some((s) => s.id === to)) throw new DomainError('NOT_FOUND', 'That class is not in this assembly')
      // The sender is whoever sent it, never what the payload claims.
      io.to(to).emit('assembly:signal', { assemblyId, from: socket.id, data })
      return null
    }),
  )
  socket.on(
    'assembly:hand',
    handle(logger, socket, 'assembly:hand', assemblyHandSchema, async ({ assemblyId, raised }) => {
      await inRoom(assemblyId)
      io.to(assemblyRoom(assemblyId)).emit('assembly:hand', { assemblyId, peerId: socket.id, raised })
      return null
    }),
  )
  socket.on(
    'assembly:mute',
    handle(logger, socket, 'assembly:mute', assemblyMuteSchema, async ({ assemblyId, peerId }) => {
      const sockets = await inRoom(assemblyId)
      if (!sockets.some((s) => s.id === peerId))
        throw new DomainError('NOT_FOUND', 'That class is not in this assembly')
      io.to(peerId).emit('assembly:muted', { assemblyId, by: socket.data.user.displayName })
      return null
    }),
  )
  socket.on('disconnecting', () => {
    // A server shutting down is not a class leaving: attendance is closed when it really leaves.
    if (closing()) return
    for (const assemblyId of Object.keys(peers()))
      leave(assemblyId).catch((error: unknown) => logger.warn({ err: error }, 'assembly leave failed'))
  })
}
