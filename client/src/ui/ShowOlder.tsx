import { useEffect, useRef } from 'react'

/**
 * "Show older" at the foot of a paged list: a button (for keyboards and screen readers) that also
 * loads the next page by itself when it scrolls into view, so a long list reads as one.
 */
export function ShowOlder({ label, loading, onMore }: { label: string; loading: boolean; onMore: () => void }) {
  const button = useRef<HTMLButtonElement>(null)
  const more = useRef(onMore)
  const inView = useRef(false)
  useEffect(() => {
    more.current = onMore
  }, [onMore])
  useEffect(() => {
    const target = button.current
    if (!target || typeof IntersectionObserver === 'undefined') return
    const observer = new IntersectionObserver((entries) => {
      inView.current = entries.some((entry) => entry.isIntersecting)
      if (inView.current) more.current()
    })
    observer.observe(target)
    return () => observer.disconnect()
  }, [])
  // A page that arrived without pushing the button out of view: the next one follows by itself.
  useEffect(() => {
    if (!loading && inView.current) more.current()
  }, [loading])
  return (
    <div className="row">
      <button ref={button} type="button" className="secondary" disabled={loading} onClick={onMore}>
        {label}
      </button>
    </div>
  )
}
