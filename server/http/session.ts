import type { Request, RequestHandler, Response } from 'express'
import { parse as parseCookies } from 'cookie'
import type { Authenticated } from '../features/accounts/accounts.service.js'

export const SESSION_COOKIE = 'bridges_session'

export type Authenticate = (token: string | undefined) => Promise<Authenticated | null>

export function sessionTokenFrom(cookieHeader: string | undefined): string | undefined {
  return cookieHeader ? parseCookies(cookieHeader)[SESSION_COOKIE] : undefined
}

/** Looks the session cookie up once per request; routes then read `res.locals.auth`. */
export function sessionMiddleware(authenticate: Authenticate): RequestHandler {
  return (req, res, next) => {
    authenticate(sessionTokenFrom(req.headers.cookie))
      .then((auth) => {
        res.locals.auth = auth
        next()
      })
      .catch(next)
  }
}

export function authOf(res: Response): Authenticated | null {
  return (res.locals.auth as Authenticated | null | undefined) ?? null
}

export interface CookiePolicy {
  secure: 'auto' | boolean
  maxAgeMs: number
}

export function setSessionCookie(req: Request, res: Response, token: string, policy: CookiePolicy): void {
  res.cookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: policy.secure === 'auto' ? req.secure : policy.secure,
    path: '/',
    maxAge: policy.maxAgeMs,
  })
}

export function clearSessionCookie(res: Response): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', path: '/' })
}
