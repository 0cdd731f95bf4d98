import type { Ack } from '../errors.js'
import type { User } from '../schemas/accounts.js'

export interface AccountsClientEvents {
  /** Who this socket is signed in as; lets a client check its session after a reconnect. */
  'session:whoami': (payload: Record<string, never>, ack: (res: Ack<User>) => void) => void
}

export interface AccountsServerEvents {
  /** The session behind this socket ended (signed out elsewhere, or deactivated). */
  'session:ended': (payload: { reason: 'signed-out' | 'deactivated' }) => void
}
