/**
 * Runs work that the first page does not need to show itself (the live connection, the outbox, the
 * service worker) when the browser is idle, within `timeout` ms at the latest. On an old school laptop
 * this keeps start-up free of long tasks, so the page answers a tap while it settles (issue 13: Total
 * Blocking Time). Returns a function that cancels the work if it has not started yet.
 */
export function whenIdle(work: () => void, timeout = 2000): () => void {
  if (typeof window.requestIdleCallback === 'function') {
    const handle = window.requestIdleCallback(work, { timeout })
    return () => window.cancelIdleCallback(handle)
  }
  // Safari has no requestIdleCallback: after the current burst of work, at least.
  const handle = window.setTimeout(work, 200)
  return () => window.clearTimeout(handle)
}
