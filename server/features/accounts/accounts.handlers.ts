import type { Logger } from 'pino'
import { z } from 'zod'
import { handle } from '../../realtime/handle.js'
import type { AppSocket } from '../../realtime/types.js'

export function registerAccountsHandlers(socket: AppSocket, logger: Logger): void {
  socket.on('session:whoami', handle(logger, z.object({}).strict(), async () => socket.data.user))
}
