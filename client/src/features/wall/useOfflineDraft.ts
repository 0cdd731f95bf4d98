import { useCallback, useState } from 'react'
import { newIdempotencyKey } from '../../api/http.js'

/**
 * A letter being written survives a reload or a dropped connection: it lives in this browser until
 * it has been sent or handed to the outbox. It keeps one Idempotency-Key from its first attempt until
 * it has gone (or is refused), stored with it, so a retry after a lost answer or a reload never posts
 * it twice; the outbox keeps using that same key.
 */
export function useOfflineDraft<T extends object>(key: string, empty: T) {
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

  const setDraft = useCallback(
    (next: T) => {
      setDraftState(next)
      localStorage.setItem(storageKey, JSON.stringify(next))
    },
    [storageKey],
  )
  /** The letter went (or waits in the outbox): start a new one. */
  const clear = useCallback(() => {
    localStorage.removeItem(storageKey)
    localStorage.removeItem(keyStorageKey)
    // Written by the hook that queued letters before the outbox; nothing reads it now.
    localStorage.removeItem(`${storageKey}:queued`)
    setDraftState(empty)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [storageKey])
  /** This attempt's Idempotency-Key: the one an earlier attempt stored, or a new one kept from now on. */
  const attemptKey = useCallback(() => {
    const kept = localStorage.getItem(keyStorageKey) ?? newIdempotencyKey()
    localStorage.setItem(keyStorageKey, kept)
    return kept
  }, [keyStorageKey])
  /** Refused: the next attempt is a new request, so it needs a new key. */
  const forgetKey = useCallback(() => localStorage.removeItem(keyStorageKey), [keyStorageKey])

  return { draft, setDraft, clear, attemptKey, forgetKey }
}
