/** HTTP conventions shared by client and server that need no schema (so the client's first page stays light). */

/** The request header that makes a write safe to retry: the same key by the same person is answered once. */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key'
