import type { Logger } from 'pino'
import { boardJoinSchema, type Board, type Post } from '../../../shared/schemas/boards.js'
import { z } from 'zod'
import { handle } from '../../realtime/handle.js'
import { boardRoom, boardSchoolRoom, boardTeachersRoom, schoolTeachersRoom, userRoom } from '../../realtime/rooms.js'
import type { AppServer, AppSocket } from '../../realtime/types.js'
import type { ModerationEvents } from '../moderation/moderation.service.js'
import type { BoardEventsPort, BoardsService } from './boards.service.js'

/**
 * Delivers board changes through rooms chosen by who may see the post, so the rule is applied once
 * per change (not per socket) and works across nodes through the adapter: those who may see it get
 * the post, every other viewer of the board is told to remove it.
 */
export class SocketBoardEvents implements BoardEventsPort, ModerationEvents {
  private io: AppServer | undefined

  attach(io: AppServer): void {
    this.io = io
  }

  publish(board: Board, seq: number, post: Post): void {
    if (!this.io) return
    const event = { seq, boardId: board.id }
    if (post.status === 'published' && !post.flagged) {
      this.io.to(boardRoom(board.id)).emit('board:event', { ...event, type: 'upsert', post })
      return
    }
    const rooms: string[] = []
    if (post.status !== 'deleted') {
      if (post.status !== 'hidden') rooms.push(userRoom(post.authorId))
      rooms.push(post.status === 'held' || post.status === 'rejected' ? boardSchoolRoom(board.id, post.schoolId) : boardTeachersRoom(board.id))
    }
    if (rooms.length) this.io.to(rooms).emit('board:event', { ...event, type: 'upsert', post })
    this.io.to(boardRoom(board.id)).except(rooms).emit('board:event', { ...event, type: 'remove', post })
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
