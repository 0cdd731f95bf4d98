import type { IncomingMessage } from 'node:http'
import type { TLSSocket } from 'node:tls'
import type { RequestHandler } from 'express'
import { sendError } from './errors.js'

/**
 * Which pages may act with a signed-in person's cookie. SameSite=Lax does not stop a page on
 * another port of the same host, a sibling subdomain or a plain-HTTP school server: those are
 * "same-site". So the server itself checks where each state-changing request and each socket
 * handshake comes from — one rule, used by HTTP and Socket.IO alike.
 */
export interface OriginPolicy {
  /** As Express's `trust proxy`: the app's own address is read from X-Forwarded-Proto/-Host. */
  trustProxy: boolean
  /** Other origins (`scheme://host[:port]`, normalised) whose pages may use the API and sockets. */
  allowedOrigins: readonly string[]
}

export type OriginCheck = { allowed: true } | { allowed: false; reason: string }

/** `HTTP://Example.org:80` → `http://example.org`; undefined for anything that is not an http(s) origin. */
export function normaliseOrigin(value: string): string | undefined {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return undefined
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined
  return url.origin
}

const firstValue = (header: string | string[] | undefined): string | undefined => {
  const value = Array.isArray(header) ? header[0] : header
  const first = value?.split(',')[0]?.trim()
  return first || undefined
}

/**
 * The origin the browser used to reach this server, read the way Express reads req.protocol and
 * req.host (a proxy's X-Forwarded-* only when trusted), so HTTP and sockets agree with Express.
 */
export function ownOrigin(req: IncomingMessage, trustProxy: boolean): string | undefined {
  const forwarded = (name: string) => (trustProxy ? firstValue(req.headers[name]) : undefined)
  const scheme = forwarded('x-forwarded-proto') ?? ((req.socket as Partial<TLSSocket>).encrypted ? 'https' : 'http')
  const host = forwarded('x-forwarded-host') ?? req.headers.host
  return host ? normaliseOrigin(`${scheme}://${host}`) : undefined
}

/**
 * Browsers send Origin on every state-changing request and WebSocket handshake; a same-origin GET
 * (Socket.IO's polling handshake) may carry only Sec-Fetch-Site. A request with neither comes from
 * no browser page (curl, another server, a test) and cannot ride on someone's cookie unseen.
 */
export function checkOrigin(req: IncomingMessage, policy: OriginPolicy): OriginCheck {
  const origin = req.headers.origin
  if (origin !== undefined) {
    const normalised = normaliseOrigin(origin)
    if (
      normalised &&
      (normalised === ownOrigin(req, policy.trustProxy) || policy.allowedOrigins.includes(normalised))
    ) {
      return { allowed: true }
    }
    return { allowed: false, reason: `Origin ${origin.slice(0, 200)} is not this site and not in ALLOWED_ORIGINS` }
  }
  const site = firstValue(req.headers['sec-fetch-site'])?.toLowerCase()
  if (site === undefined || site === 'same-origin' || site === 'none') return { allowed: true }
  return { allowed: false, reason: `Sec-Fetch-Site is ${site.slice(0, 40)}` }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** Refuses every non-safe API request from a page of another origin, before it is parsed or authenticated. */
export function requireSameOrigin(policy: OriginPolicy): RequestHandler {
  return (req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next()
    const check = checkOrigin(req, policy)
    if (check.allowed) return next()
    // Also what a proxy forwarding the wrong Host (or TRUST_PROXY unset behind TLS) looks like.
    req.log?.warn({ origin: req.headers.origin, own: ownOrigin(req, policy.trustProxy) }, 'cross-site request refused')
    sendError(res, { code: 'CROSS_SITE', message: `Refused: this request came from another site (${check.reason})` })
  }
}
