import DOMPurify from 'dompurify'
import MarkdownIt from 'markdown-it'

// Loaded by PostBody only where posts are shown (a chunk of its own, ~55 KB gzipped: markdown-it, linkify,
// DOMPurify), so neither the pupil's first pages nor the board's first paint wait for it.
// HTML typed by a user is never rendered: markdown-it escapes it, DOMPurify is a second belt.
const markdown = new MarkdownIt({ html: false, linkify: true, breaks: true })
const defaultLinkOpen =
  markdown.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options))
markdown.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  tokens[idx]?.attrSet('target', '_blank')
  tokens[idx]?.attrSet('rel', 'noopener noreferrer nofollow')
  return defaultLinkOpen(tokens, idx, options, env, self)
}

/** A post's light formatting (bold, italic, lists, links) as sanitised HTML. */
export const renderPost = (text: string): string => DOMPurify.sanitize(markdown.render(text), { ADD_ATTR: ['target'] })
