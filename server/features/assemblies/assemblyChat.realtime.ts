import type { Logger } from 'pino'
import { assemblyChatSchema, assemblyRoomSchema, type ChatMessage } from '../../../shared/schemas/assemblies.js'
import { forbidden } from '../../domain/errors.js'
import { deliverModerated } from '../../realtime/moderatedDelivery.js'
import { handle } from '../../realtime/handle.js'
import {
  assemblyChatRoom,
  assemblyChatSafeguardingRoom,
  assemblyChatSchoolRoom,
  assemblyChatTeachersRoom,
} from '../../realtime/rooms.js'
import type { AppServer, AppSocket } from '../../realtime/types.js'
import { afterCommit } from '../../storage/transaction.js'
import type { AssemblyChatEventsPort, AssemblyChatService } from './assemblyChat.service.js'

export const chatPlaceOf = (assemblyId: string) => ({
  everyone: assemblyChatRoom(assemblyId),
  teachers: assemblyChatTeachersRoom(assemblyId),
  school: (schoolId: string) => assemblyChatSchoolRoom(assemblyId, schoolId),
  safeguarding: (schoolId: string) => assemblyChatSafeguardingRoom(assemblyId, schoolId),
})

/** Delivers chat messages live to the followers who may see them (held ones only to the author's school). */
export class SocketAssemblyChatEvents implements AssemblyChatEventsPort {
  private io: AppServer | undefined

  attach(io: AppServer): void {
    this.io = io
  }

  publish(message: ChatMessage, flaggedBy: readonly string[]): void {
    const io = this.io
    if (!io) return
    afterCommit(() =>
      deliverModerated(io, chatPlaceOf(message.assemblyId), { ...message, flaggedBy }, (to, type) =>
        // Those who may not see it learn only which message to remove, never what it said or who wrote it.
        to.emit(
          'assembly:chat',
          type === 'upsert'
            ? { assemblyId: message.assemblyId, type, message }
            : { assemblyId: message.assemblyId, type, messageId: message.id },
        ),
      ),
    )
  }

  settingsChanged(assemblyId: string, pupilChatAllowed: boolean): void {
    this.io?.to(assemblyChatRoom(assemblyId)).emit('assembly:settings', { assemblyId, pupilChatAllowed })
  }
}

/** The rooms a follower of an assembly's chat joins. */
export function chatRoomsFor(
  user: { role: 'teacher' | 'pupil'; schoolId: string; safeguardingLead?: boolean },
  assemblyId: string,
): string[] {
  const place = chatPlaceOf(assemblyId)
  if (user.role !== 'teacher') return [place.everyone]
  const rooms = [place.everyone, place.teachers, place.school(user.schoolId)]
  return user.safeguardingLead ? [...rooms, place.safeguarding(user.schoolId)] : rooms
}

export function registerAssemblyChatHandlers(socket: AppSocket, chat: AssemblyChatService, logger: Logger): void {
  socket.on(
    'assembly:chat-watch',
    handle(logger, socket, 'assembly:chat-watch', assemblyRoomSchema, async ({ assemblyId }) => {
      const user = socket.data.user
      const history = await chat.watch(user, assemblyId)
      await socket.join(chatRoomsFor(user, assemblyId))
      return history
    }),
  )
  socket.on(
    'assembly:chat',
    handle(logger, socket, 'assembly:chat', assemblyChatSchema, async ({ assemblyId, text }) => {
      if (!socket.rooms.has(assemblyChatRoom(assemblyId))) throw forbidden('Open the assembly’s chat first')
      return chat.send(socket.data.user, assemblyId, text)
    }),
  )
}
