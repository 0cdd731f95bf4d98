import { useCallback, useEffect, useRef, useState } from 'react'
import { ApiRequestError, newIdempotencyKey } from '../../api/http.js'

/** How often a queued letter is tried again while the browser thinks it is online (a restarting server fires no event). */
const RETRY_QUEUED_MS = 30_000

/** Worth trying again later with the same key: no answer, a server restarting, or the first attempt still running. */
const isTemporary = (error: unknown) =>
  !navigator.onLine || (error instanceof ApiRequestError && (error.status === 0 || error.status === 503 || error.error.code === 'IN_PROGRESS'))

/**
 * A letter being written survives a reload or a dropped connection: it lives in this browser until
 * it has been sent. A letter "sent" while offline waits here and goes as soon as the line is back.
 * It keeps one Idempotency-Key from its first attempt until it has gone (or is refused), stored with
 * it, so retries after a lost answer, a reload or a restart of the server never post it twice.
 */
export function useOfflineDraft<T extends object>(key: string, empty: T, send: (draft: T, idempotencyKey: string) => Promise<void>) {
  const storageKey = `bridges:draft:${key}`
  const keyStorageKey = `${storageKey}:key`
  const [draft, setDraftState] = useState<T>(() => {
    try {
      const saved = localStorage.getItem(storageKey)
      return saved ? { ...empty, ...(JSON.parse(saved) as Partial<T>) } : empty
    } catch {
      return empty
    }
  })
  const [queued, setQueued] = useState(() => localStorage.getItem(`${storageKey}:queued`) === '1')
  const sending = useRef(false)

  const setDraft = useCallback(
    (next: T) => {
      setDraftState(next)
      localStorage.setItem(storageKey, JSON.stringify(next))
    },
    [storageKey],
  )
  const clear = useCallback(() => {
    localStorage.removeItem(storageKey)
    localStorage.removeItem(`${storageKey}:queued`)
    localStorage.removeItem(keyStorageKey)
    setDraftState(empty)
    setQueued(false)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [storageKey])

  const trySend = useCallback(async () => {
    if (sending.current) return
    sending.current = true
    const idempotencyKey = localStorage.getItem(keyStorageKey) ?? newIdempotencyKey()
    localStorage.setItem(keyStorageKey, idempotencyKey)
    try {
      await send(draft, idempotencyKey)
      clear()
    } catch (error) {
      // Only a lost connection (or a server restarting) keeps the letter waiting; a refusal is shown
      // to the writer, and the next attempt is a new request with a new key.
      if (isTemporary(error)) {
        localStorage.setItem(`${storageKey}:queued`, '1')
        setQueued(true)
      } else {
        localStorage.removeItem(keyStorageKey)
        throw error
      }
    } finally {
      sending.current = false
    }
  }, [send, draft, clear, storageKey, keyStorageKey])

  useEffect(() => {
    if (!queued) return
    const retry = () => void trySend().catch(() => undefined)
    window.addEventListener('online', retry)
    const timer = window.setInterval(() => {
      if (navigator.onLine) retry()
    }, RETRY_QUEUED_MS)
    if (navigator.onLine) retry()
    return () => {
      window.removeEventListener('online', retry)
      window.clearInterval(timer)
    }
  }, [queued, trySend])

  return { draft, setDraft, queued, submit: trySend, clear }
}
