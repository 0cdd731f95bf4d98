import { useEffect, useMemo, useState } from 'react'

type Render = (text: string) => string
let render: Render | null = null
let loading: Promise<Render> | null = null

/**
 * Fetches the post renderer (markdown-it and DOMPurify, a chunk of its own). A page showing posts calls it
 * once it has rendered, so the chunk arrives beside the posts' own request rather than after it.
 */
export function loadPostRenderer(): Promise<Render> {
  loading ??= import('./renderPost.js').then(
    (module) => (render = module.renderPost),
    (error: unknown) => {
      loading = null // offline and not cached yet: the text stays plain, and the next post asks again
      throw error
    },
  )
  return loading
}

/** Starts fetching the renderer once the page has rendered (a page that shows posts), beside its data. */
export function usePostRendererSoon() {
  useEffect(() => {
    loadPostRenderer().catch(() => undefined)
  }, [])
}

/**
 * A post's light formatting (bold, italic, lists, links), rendered safely. Until the renderer has loaded the
 * post shows as plain text (React escapes it); only the sanitised HTML is ever injected.
 */
export function PostBody({ text }: { text: string }) {
  const [ready, setReady] = useState(render !== null)
  useEffect(() => {
    if (ready) return
    let live = true
    loadPostRenderer().then(
      () => live && setReady(true),
      () => undefined,
    )
    return () => {
      live = false
    }
  }, [ready])
  const html = useMemo(() => (ready && render ? render(text) : null), [ready, text])
  // dir="auto": a post in Urdu on an English page (or the other way round) keeps its own direction.
  if (html === null)
    return (
      <div className="post-body post-body-plain" dir="auto">
        {text}
      </div>
    )
  return <div className="post-body" dir="auto" dangerouslySetInnerHTML={{ __html: html }} />
}
