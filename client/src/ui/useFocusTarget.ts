import { useEffect, useRef } from 'react'
import { useLocation } from 'react-router'

/**
 * Once a page's content is there, brings what the address points at into view and focus: the
 * element named by `#id` (a letter from the pupil's home), or else `fallbackId` when the address asks
 * for it (`?write=…` focuses the writing box). Runs once per address.
 */
export function useFocusTarget(ready: boolean, fallbackId?: string): void {
  const { hash, search, pathname } = useLocation()
  const done = useRef('')
  useEffect(() => {
    const key = `${pathname}${search}${hash}`
    if (!ready || done.current === key) return
    const wanted = hash
      ? decodeURIComponent(hash.slice(1))
      : new URLSearchParams(search).has('write')
        ? fallbackId
        : undefined
    if (!wanted) return
    const target = document.getElementById(wanted)
    if (!target) return
    done.current = key
    target.scrollIntoView({ block: 'start' })
    target.focus({ preventScroll: true })
  }, [ready, hash, search, pathname, fallbackId])
}
