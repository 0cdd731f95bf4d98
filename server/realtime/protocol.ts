import { PROTOCOL_VERSION } from '../../shared/errors.js'

/**
 * Clients built before the handshake carried a version spoke version 1; a client that sends none is
 * one of those (or a tool such as the tests' own clients).
 */
const UNVERSIONED = 1

/** Whether a socket handshake's `auth` comes from a client too old for this server's protocol. */
export function isClientTooOld(auth: unknown): boolean {
  const version =
    typeof auth === 'object' && auth !== null ? (auth as { protocolVersion?: unknown }).protocolVersion : undefined
  if (version === undefined) return UNVERSIONED < PROTOCOL_VERSION
  // Anything but a whole number is a client that cannot be trusted to understand us: reloading fixes it.
  return !Number.isInteger(version) || (version as number) < PROTOCOL_VERSION
}

/** The connect_error a refused client receives: its `data` says why, so the tab can offer a reload. */
export function clientTooOldError(): Error & { data: { code: 'CLIENT_TOO_OLD'; protocolVersion: number } } {
  return Object.assign(new Error('CLIENT_TOO_OLD'), {
    data: { code: 'CLIENT_TOO_OLD' as const, protocolVersion: PROTOCOL_VERSION },
  })
}
