import type { Request, Response } from 'express'
import { parse as parseCookies } from 'cookie'
import type { CookiePolicy } from '../../http/session.js'
import type { Origin } from './accounts.service.js'

/**
 * A random token a teacher's browser keeps for a year once she has signed in on it. Sign-ins carrying
 * it for her account are counted on their own, so someone who only knows her email (even from her
 * school's own address) cannot slow her down on her own computer. It grants nothing by itself.
 */
export const DEVICE_COOKIE = 'bridges_device'
const DEVICE_COOKIE_MAX_AGE_MS = 365 * 24 * 60 * 60 * 1000

export function originOf(req: Request): Origin {
  const cookies = req.headers.cookie ? parseCookies(req.headers.cookie) : {}
  return { ip: req.ip ?? 'unknown', deviceToken: cookies[DEVICE_COOKIE] }
}

/** Set after the session cookie, so clients that keep only the first cookie still keep the session. */
export function setDeviceCookie(req: Request, res: Response, token: string, policy: CookiePolicy): void {
  res.cookie(DEVICE_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: policy.secure === 'auto' ? req.secure : policy.secure,
    path: '/api/auth',
    maxAge: DEVICE_COOKIE_MAX_AGE_MS,
  })
}
