import { useEffect, useMemo, useState, useSyncExternalStore } from 'react'
import { newIdempotencyKey } from '../../api/http.js'
import { useMe } from '../../app/session.js'
import type { OutboxEntry } from './outbox.js'
import { outbox } from './outboxClient.js'

const subscribe = (onChange: () => void) => outbox.subscribe(onChange)
const snapshot = () => outbox.snapshot()

/**
 * The signed-in person's waiting and refused writes for one place (`wall:<linkId>`, `board:<id>`,
 * `thread:<id>`), and the server's answer to the last one that went from here while the page was
 * open. `onSent` runs for each one that went (to refresh the page's queries).
 */
export function useOutbox<Result>(scope: string, onSent?: (result: Result) => void) {
  const userId = useMe().data?.user.id
  const all = useSyncExternalStore(subscribe, snapshot)
  const entries = useMemo(() => all.filter((e) => e.scope === scope && e.userId === userId), [all, scope, userId])
  const [lastSent, setLastSent] = useState<Result | null>(null)

  useEffect(
    () =>
      outbox.subscribe((event) => {
        if (event.type !== 'sent' || event.entry.scope !== scope) return
        setLastSent(event.result as Result)
        onSent?.(event.result as Result)
      }),
    [scope, onSent],
  )
  useEffect(() => {
    void outbox.load().then(() => (navigator.onLine ? outbox.flush() : undefined))
  }, [userId])

  return {
    entries,
    lastSent,
    /** Keeps a write that could not go now; `key` is the Idempotency-Key its first attempt used. */
    keep: (path: string, input: unknown, key: string = newIdempotencyKey()) =>
      userId ? outbox.add({ id: key, userId, scope, path, input }) : Promise.resolve(),
    discard: (entry: OutboxEntry) => outbox.remove(entry.id),
  }
}
