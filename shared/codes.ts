/**
 * Sign-in codes, without zod: the pupil's sign-in page uses these on a slow line, where every kilobyte
 * counts, and the server's schema (shared/schemas/accounts.ts) is built from the same rules.
 */

/** Class codes and personal codes use an alphabet without look-alikes (no 0/O, 1/I/L). */
export const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'
export const CLASS_CODE_LENGTH = 6
export const PERSONAL_CODE_LENGTH = 6
/** The longest code a pupil may type, spaces and dashes included ("ABC-DEF", "AB CD EF"). */
export const MAX_TYPED_CODE_LENGTH = 64

/** What a pupil typed, as the code it means: spaces and dashes dropped, capitals. */
export const normalizeCode = (typed: string): string => typed.replace(/[\s-]/g, '').toUpperCase()
