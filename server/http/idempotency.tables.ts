/** One Idempotency-Key a person has used for a write, with the answer it got once it finished. */
export interface IdempotencyKeysTable {
  userId: string
  idempotencyKey: string
  /** Hash of method, path and parsed body: the same key for another request is refused. */
  fingerprint: string
  state: 'running' | 'done'
  /** Set when done: the status and JSON body (null for 204) sent again to every retry. */
  status: number | null
  responseBody: string | null
  /** When the key was claimed (a running claim this old is taken as abandoned by a crashed node). */
  claimedAt: string
  expiresAt: string
}

export interface IdempotencyTables {
  idempotencyKeys: IdempotencyKeysTable
}
