import type { Logger } from 'pino'
import { whoamiSchema } from '../../../shared/schemas/accounts.js'
import { handle } from '../../realtime/handle.js'
import type { AppSocket } from '../../realtime/types.js'

export function registerAccountsHandlers(socket: AppSocket, logger: Logger): void {
  socket.on(
    'session:whoami',
    handle(logger, socket, 'session:whoami', whoamiSchema, async () => socket.data.user),
  )
}
