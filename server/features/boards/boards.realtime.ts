import type { Logger } from 'pino'
import { boardJoinSchema, type Board, type Post } from '../../../shared/schemas/boards.js'
import { z } from 'zod'
import { handle } from '../../realtime/handle.js'
import { deliverModerated } from '../../realtime/moderatedDelivery.js'
import { boardRoom, boardSchoolRoom, boardTeachersRoom, schoolTeachersRoom } from '../../realtime/rooms.js'
import type { AppServer, AppSocket } from '../../realtime/types.js'
import type { ModerationEvents } from '../moderation/moderation.service.js'
import { withoutContent, type BoardEventsPort, type BoardsService } from './boards.service.js'

/** Delivers board changes live to the board's viewers who may see them. */
export class SocketBoardEvents implements BoardEventsPort, ModerationEvents {
  private io: AppServer | undefined

  attach(io: AppServer): void {
    this.io = io
  }

  publish(board: Board, seq: number, post: Post): void {
    if (!this.io) return
    const place = { everyone: boardRoom(board.id), teachers: boardTeachersRoom(board.id), school: (schoolId: string) => boardSchoolRoom(board.id, schoolId) }
    deliverModerated(this.io, place, post, (to, type) => to.emit('board:event', { seq, boardId: board.id, type, post: type === 'remove' ? withoutContent(post) : post }))
  }

  countChanged(schoolId: string, count: number): void {
    this.io?.to(schoolTeachersRoom(schoolId)).emit('moderation:count', { count })
  }
}

export function registerBoardHandlers(socket: AppSocket, boards: BoardsService, logger: Logger): void {
  socket.on(
    'board:join',
    handle(logger, boardJoinSchema, async ({ boardId, after }) => {
      const user = socket.data.user
      await boards.boardFor(user, boardId)
      const rooms = [boardRoom(boardId)]
      if (user.role === 'teacher') rooms.push(boardTeachersRoom(boardId), boardSchoolRoom(boardId, user.schoolId))
      await socket.join(rooms)
      return boards.catchUp(user, boardId, after)
    }),
  )
  socket.on(
    'board:leave',
    handle(logger, z.object({ boardId: z.uuid() }), async ({ boardId }) => {
      const user = socket.data.user
      await socket.leave(boardRoom(boardId))
      await socket.leave(boardTeachersRoom(boardId))
      await socket.leave(boardSchoolRoom(boardId, user.schoolId))
      return null
    }),
  )
}
