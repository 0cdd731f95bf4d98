import type { z } from 'zod'
import type { Ack } from '../errors.js'
import type { BoardEvent, BoardJoinResult, boardJoinSchema, boardLeaveSchema } from '../schemas/boards.js'

export interface BoardsClientEvents {
  /** Watch a board: answers with every event after `after` the viewer may see (catch-up). */
  'board:join': (payload: z.input<typeof boardJoinSchema>, ack: (res: Ack<BoardJoinResult>) => void) => void
  'board:leave': (payload: z.input<typeof boardLeaveSchema>, ack: (res: Ack<null>) => void) => void
}

export interface BoardsServerEvents {
  /** A post appeared, changed or was taken down on a board the socket watches. */
  'board:event': (event: BoardEvent) => void
  /** How many items wait in this teacher's moderation queue. */
  'moderation:count': (payload: { count: number }) => void
  /** A pupil of this teacher's school was slowed down for writing too fast (GET /api/moderation/notices). */
  'moderation:notice': (payload: Record<string, never>) => void
}
