import DOMPurify from 'dompurify'
import MarkdownIt from 'markdown-it'
import { useMemo } from 'react'

// HTML typed by a user is never rendered: markdown-it escapes it, DOMPurify is a second belt.
const markdown = new MarkdownIt({ html: false, linkify: true, breaks: true })
const defaultLinkOpen = markdown.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options))
markdown.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  tokens[idx]?.attrSet('target', '_blank')
  tokens[idx]?.attrSet('rel', 'noopener noreferrer nofollow')
  return defaultLinkOpen(tokens, idx, options, env, self)
}

/** A post's light formatting (bold, italic, lists, links), rendered safely. */
export function PostBody({ text }: { text: string }) {
  const html = useMemo(() => DOMPurify.sanitize(markdown.render(text), { ADD_ATTR: ['target'] }), [text])
  // dir="auto": a post in Urdu on an English page (or the other way round) keeps its own direction.
  return <div className="post-body" dir="auto" dangerouslySetInnerHTML={{ __html: html }} />
}
