/**
 * Starts client/src/i18n/warmIntl.worker.ts for the reader's language, as the app starts: by the time her
 * board or home formats its first date, the locale data is loaded and that render is no longer held up
 * by it. Online only (offline the worker's file may not be cached, and nothing is lost without it).
 */
export function warmIntl(language: string): void {
  if (typeof Worker === 'undefined' || !navigator.onLine) return
  try {
    const worker = new Worker(new URL('./warmIntl.worker.ts', import.meta.url), { type: 'module' })
    worker.addEventListener('error', () => worker.terminate())
    worker.postMessage(language)
  } catch {
    // A browser that refuses the worker formats on the main thread, as before.
  }
}
