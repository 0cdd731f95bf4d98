export interface SyncServerEvents {
  /**
   * Live events between server nodes may have been lost (Redis, which carries them, was unreachable
   * and is back): every live view should catch up now from the last event it saw — a board re-joins
   * with `board:join { after: lastSeq }`, other views refetch. Sent to every connected client when a
   * node's Redis connection recovers; harmless to receive twice.
   */
  'sync:resync': (payload: { reason: 'redis-recovered' }) => void
}
