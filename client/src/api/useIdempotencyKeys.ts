import { useMemo, useRef } from 'react'
import { newIdempotencyKey } from './http.js'

/**
 * Idempotency keys for one form's writes, one per thing the person means to send: pressing Send again
 * with the same content (after an answer that never came) reuses its key, so it is never stored
 * twice; changed content, or the same content once it has gone, gets a new key.
 */
export function useIdempotencyKeys() {
  const keys = useRef(new Map<string, string>())
  return useMemo(
    () => ({
      keyFor(content: unknown): string {
        const signature = JSON.stringify(content)
        let key = keys.current.get(signature)
        if (!key) {
          key = newIdempotencyKey()
          keys.current.set(signature, key)
        }
        return key
      },
      /** The content went through: sending it again is a new write. */
      sent(content: unknown): void {
        keys.current.delete(JSON.stringify(content))
      },
    }),
    [],
  )
}
