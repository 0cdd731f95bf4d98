import type { Logger } from 'pino'
import { describe, expect, it } from 'vitest'
import { assemblyRoomSchema } from '../../shared/schemas/assemblies.js'
import { boardJoinSchema, boardLeaveSchema } from '../../shared/schemas/boards.js'
import { handle } from './handle.js'
import type { AppSocket } from './types.js'

/** Never called: `tsc` (which checks test files too) fails if any line marked below compiles. */
export function wrongShapesFailToCompile(logger: Logger, socket: AppSocket) {
  // The right shapes compile.
  socket.on(
    'board:leave',
    handle(logger, socket, 'board:leave', boardLeaveSchema, async () => null),
  )

  // prettier-ignore
  // @ts-expect-error board:leave acknowledges null, not an object of another shape
  socket.on('board:leave', handle(logger, socket, 'board:leave', boardLeaveSchema, async () => ({ wrong: 42 })))
  // @ts-expect-error board:join acknowledges its catch-up, not a bare number
  handle(logger, socket, 'board:join', boardJoinSchema, async () => 42)
  // @ts-expect-error the schema of another event's payload (assembly rooms have no boardId)
  handle(logger, socket, 'board:join', assemblyRoomSchema, async () => ({ events: [], lastSeq: 0 }))
  // @ts-expect-error no such event
  handle(logger, socket, 'board:explode', boardJoinSchema, async () => null)
  // prettier-ignore
  // @ts-expect-error a handler for one event cannot be registered under another
  socket.on('board:join', handle(logger, socket, 'board:leave', boardLeaveSchema, async () => null))
}

describe('handle() types', () => {
  it('are checked by tsc (see wrongShapesFailToCompile)', () => {
    expect(typeof wrongShapesFailToCompile).toBe('function')
  })
})
