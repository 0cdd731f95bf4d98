import type { Router } from 'express'
import { z } from 'zod'
import {
  changePasswordSchema,
  meSchema,
  pupilSignInSchema,
  teacherSignInSchema,
  teacherSignUpSchema,
  updateMeSchema,
  userSchema,
  type Me,
  type User,
} from '../../../shared/schemas/accounts.js'
import { schoolSchema, type School } from '../../../shared/schemas/schools.js'
import { defineRoute } from '../../http/routes.js'
import { clearSessionCookie, setSessionCookie, type CookiePolicy } from '../../http/session.js'
import type { AccountsService } from './accounts.service.js'
import { originOf, setDeviceCookie } from './deviceCookie.js'
import type { SchoolsService } from '../schools/schools.service.js'

export interface AccountsRouteDeps {
  accounts: AccountsService
  schools: SchoolsService
  cookies: CookiePolicy
  /** Closes live sockets of ended sessions (on every node). */
  disconnectSessions(sessionIds: string[]): void
}

/** Like /me, but nobody signed in is an answer (200, both null) rather than a 401 the browser logs as an error. */
const sessionSchema = z.object({
  user: userSchema.nullable(),
  school: schoolSchema.nullable(),
  dataSaver: meSchema.shape.dataSaver.optional(),
})

export function registerAccountsRoutes(router: Router, deps: AccountsRouteDeps): void {
  const tag = 'Accounts'
  const meOf = async (user: User, school?: School): Promise<Me> => ({
    user,
    school: school ?? (await deps.schools.getMySchool(user)),
    dataSaver: await deps.schools.dataSaverFor(user),
  })

  defineRoute(
    router,
    {
      method: 'post',
      path: '/auth/teachers',
      summary: 'Register a teacher and their school (a few per address an hour)',
      tag,
      access: 'public',
      body: teacherSignUpSchema,
      response: meSchema,
      status: 201,
    },
    async ({ body, req, res }) => {
      const { user, token, deviceToken, school } = await deps.accounts.signUpTeacher(body, originOf(req))
      setSessionCookie(req, res, token, deps.cookies)
      setDeviceCookie(req, res, deviceToken, deps.cookies)
      return meOf(user, school)
    },
  )

  defineRoute(
    router,
    {
      method: 'post',
      path: '/auth/sign-in',
      summary: 'Sign a teacher in with email and password',
      tag,
      access: 'public',
      body: teacherSignInSchema,
      response: meSchema,
    },
    async ({ body, req, res }) => {
      const { user, token, deviceToken } = await deps.accounts.signInTeacher(body, originOf(req))
      setSessionCookie(req, res, token, deps.cookies)
      setDeviceCookie(req, res, deviceToken, deps.cookies)
      return meOf(user)
    },
  )

  defineRoute(
    router,
    {
      method: 'post',
      path: '/auth/pupil-sign-in',
      summary: 'Sign a pupil in with class code and personal code',
      tag,
      access: 'public',
      body: pupilSignInSchema,
      response: meSchema,
    },
    async ({ body, req, res }) => {
      const { user, token } = await deps.accounts.signInPupil(body, originOf(req))
      setSessionCookie(req, res, token, deps.cookies)
      return meOf(user)
    },
  )

  defineRoute(
    router,
    { method: 'post', path: '/auth/sign-out', summary: 'End this session', tag, access: 'public' },
    async ({ auth, res }) => {
      if (auth) {
        await deps.accounts.signOut(auth.sessionId)
        deps.disconnectSessions([auth.sessionId])
      }
      clearSessionCookie(res)
      return undefined
    },
  )

  defineRoute(
    router,
    {
      method: 'post',
      path: '/auth/sign-out-everywhere',
      summary: 'End every session of this account',
      tag,
      access: 'user',
    },
    async ({ auth, res }) => {
      deps.disconnectSessions(await deps.accounts.signOutEverywhere(auth.user.id))
      clearSessionCookie(res)
      return undefined
    },
  )

  defineRoute(
    router,
    {
      method: 'get',
      path: '/me',
      summary: 'Who is signed in, and their school',
      tag,
      access: 'user',
      response: meSchema,
    },
    ({ auth }) => meOf(auth.user),
  )

  defineRoute(
    router,
    {
      method: 'get',
      path: '/session',
      summary: 'Who is signed in on this device, if anyone (both null when nobody is)',
      tag,
      access: 'public',
      response: sessionSchema,
    },
    async ({ auth }) => (auth ? meOf(auth.user) : { user: null, school: null }),
  )

  defineRoute(
    router,
    {
      method: 'patch',
      path: '/me',
      summary: "Change my language, or a teacher's own name (a pupil's name is set by her teachers)",
      tag,
      access: 'user',
      body: updateMeSchema,
      response: userSchema,
    },
    ({ auth, body }) => deps.accounts.updateMe(auth.user, body),
  )

  defineRoute(
    router,
    {
      method: 'post',
      path: '/auth/password',
      summary: "Change a teacher's password (ends her other sessions)",
      tag,
      access: 'teacher',
      body: changePasswordSchema,
    },
    async ({ auth, body, req }) => {
      const { endedSessions } = await deps.accounts.changePassword(auth, body, originOf(req))
      deps.disconnectSessions(endedSessions)
      return undefined
    },
  )
}
