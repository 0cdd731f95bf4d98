import type { Logger } from 'pino'
import { boardJoinSchema, type Board, type BoardEvent, type Post } from '../../../shared/schemas/boards.js'
import { z } from 'zod'
import { handle } from '../../realtime/handle.js'
import { deliverModerated } from '../../realtime/moderatedDelivery.js'
import {
  boardRoom,
  boardSafeguardingRoom,
  boardSchoolRoom,
  boardTeachersRoom,
  schoolTeachersRoom,
} from '../../realtime/rooms.js'
import type { AppServer, AppSocket } from '../../realtime/types.js'
import { afterCommit } from '../../storage/transaction.js'
import type { ModerationEvents } from '../moderation/moderation.service.js'
import type { BoardEventsPort, BoardsService } from './boards.service.js'

/** Delivers board changes live to the board's viewers who may see them. */
export class SocketBoardEvents implements BoardEventsPort, ModerationEvents {
  private io: AppServer | undefined

  attach(io: AppServer): void {
    this.io = io
  }

  publish(board: Board, seq: number, post: Post, flaggedBy: readonly string[], threadReplyCount?: number): void {
    const io = this.io
    if (!io) return
    // Those who may see the post get all of it (the client merges it into what it shows, no refetch);
    // the others its id alone.
    const upsert: BoardEvent = {
      seq,
      boardId: board.id,
      type: 'upsert',
      post,
      ...(threadReplyCount === undefined ? {} : { threadReplyCount }),
    }
    const remove: BoardEvent = { seq, boardId: board.id, type: 'remove', postId: post.id }
    afterCommit(() =>
      deliverModerated(io, boardPlace(board.id), { ...post, flaggedBy }, (to, type) =>
        to.emit('board:event', type === 'upsert' ? upsert : remove),
      ),
    )
  }

  countChanged(schoolId: string, count: number): void {
    afterCommit(() => this.io?.to(schoolTeachersRoom(schoolId)).emit('moderation:count', { count }))
  }

  noticeAdded(schoolId: string): void {
    afterCommit(() => this.io?.to(schoolTeachersRoom(schoolId)).emit('moderation:notice', {}))
  }
}

/** The rooms of a board, for delivery. */
export const boardPlace = (boardId: string) => ({
  everyone: boardRoom(boardId),
  teachers: boardTeachersRoom(boardId),
  school: (schoolId: string) => boardSchoolRoom(boardId, schoolId),
  safeguarding: (schoolId: string) => boardSafeguardingRoom(boardId, schoolId),
})

/** The rooms a viewer of a board joins: which of them a change is sent to decides who receives it. */
export function boardRoomsFor(
  user: { role: 'teacher' | 'pupil'; schoolId: string; safeguardingLead?: boolean },
  boardId: string,
): string[] {
  const place = boardPlace(boardId)
  if (user.role !== 'teacher') return [place.everyone]
  const rooms = [place.everyone, place.teachers, place.school(user.schoolId)]
  return user.safeguardingLead ? [...rooms, place.safeguarding(user.schoolId)] : rooms
}

export function registerBoardHandlers(socket: AppSocket, boards: BoardsService, logger: Logger): void {
  socket.on(
    'board:join',
    handle(logger, socket, 'board:join', boardJoinSchema, async ({ boardId, after }) => {
      const user = socket.data.user
      await boards.boardFor(user, boardId)
      await socket.join(boardRoomsFor(user, boardId))
      return boards.catchUp(user, boardId, after)
    }),
  )
  socket.on(
    'board:leave',
    handle(logger, socket, 'board:leave', z.object({ boardId: z.uuid() }), async ({ boardId }) => {
      const user = socket.data.user
      await socket.leave(boardRoom(boardId))
      await socket.leave(boardTeachersRoom(boardId))
      await socket.leave(boardSchoolRoom(boardId, user.schoolId))
      await socket.leave(boardSafeguardingRoom(boardId, user.schoolId))
      return null
    }),
  )
}
