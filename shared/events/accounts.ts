import type { z } from 'zod'
import type { Ack } from '../errors.js'
import type { User, whoamiSchema } from '../schemas/accounts.js'

export interface AccountsClientEvents {
  /** Who this socket is signed in as; lets a client check its session after a reconnect. */
  'session:whoami': (payload: z.input<typeof whoamiSchema>, ack: (res: Ack<User>) => void) => void
}

export interface AccountsServerEvents {
  /** The session behind this socket ended (signed out elsewhere, deactivated, or a pupil's school day is over). */
  'session:ended': (payload: { reason: 'signed-out' | 'deactivated' | 'expired' }) => void
  /** Her roles in her school changed (school admin, safeguarding lead): the tab reloads who she is. */
  'session:changed': (payload: { reason: 'roles' }) => void
}
