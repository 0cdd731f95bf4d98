export interface ServerLifecycleEvents {
  /**
   * This node is stopping (a deploy or a restart): the connection closes right after, and the client
   * reconnects by itself (to another node behind a load balancer). Nothing is lost: requests already
   * sent are finished first.
   */
  'server:shutdown': (payload: { retryAfterMs: number }) => void
}
