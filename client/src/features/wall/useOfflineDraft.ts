import { useCallback, useEffect, useRef, useState } from 'react'

/**
 * A letter being written survives a reload or a dropped connection: it lives in this browser until
 * it has been sent. A letter "sent" while offline waits here and goes as soon as the line is back.
 */
export function useOfflineDraft<T extends object>(key: string, empty: T, send: (draft: T) => Promise<void>) {
  const storageKey = `bridges:draft:${key}`
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
    setDraftState(empty)
    setQueued(false)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [storageKey])

  const trySend = useCallback(async () => {
    if (sending.current) return
    sending.current = true
    try {
      await send(draft)
      clear()
    } catch (error) {
      // Only a lost connection keeps the letter waiting; a refusal is shown to the writer.
      if (!navigator.onLine || (error instanceof Error && 'status' in error && (error as { status: number }).status === 0)) {
        localStorage.setItem(`${storageKey}:queued`, '1')
        setQueued(true)
      } else throw error
    } finally {
      sending.current = false
    }
  }, [send, draft, clear, storageKey])

  useEffect(() => {
    if (!queued) return
    const retry = () => void trySend().catch(() => undefined)
    window.addEventListener('online', retry)
    if (navigator.onLine) retry()
    return () => window.removeEventListener('online', retry)
  }, [queued, trySend])

  return { draft, setDraft, queued, submit: trySend, clear }
}
