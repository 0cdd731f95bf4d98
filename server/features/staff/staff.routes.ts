import type { Router } from 'express'
import { z } from 'zod'
import { meSchema } from '../../../shared/schemas/accounts.js'
import { auditPageSchema, auditQuerySchema } from '../../../shared/schemas/moderation.js'
import {
  invitationCodeParamsSchema,
  invitationPreviewSchema,
  issuedResetSchema,
  joinSchoolSchema,
  passwordResetModeSchema,
  passwordResetRequestSchema,
  passwordResetSchema,
  staffInvitationSchema,
  staffMemberSchema,
  staffParamsSchema,
  updateStaffSchema,
} from '../../../shared/schemas/staff.js'
import { defineRoute } from '../../http/routes.js'
import { setSessionCookie, type CookiePolicy } from '../../http/session.js'
import { originOf, setDeviceCookie } from '../accounts/deviceCookie.js'
import type { ModerationService } from '../moderation/moderation.service.js'
import type { SchoolsService } from '../schools/schools.service.js'
import type { PasswordResetService } from './passwordReset.service.js'
import type { StaffService } from './staff.service.js'

export interface StaffRouteDeps {
  staff: StaffService
  passwordReset: PasswordResetService
  schools: SchoolsService
  moderation: ModerationService
  cookies: CookiePolicy
  disconnectSessions(sessionIds: string[], reason?: 'signed-out' | 'deactivated'): void
  /** Her open connections take her new roles at once, on every node. */
  rolesChanged(userId: string): Promise<void>
}

export function registerStaffRoutes(router: Router, deps: StaffRouteDeps): void {
  const tag = 'Staff'
  const { staff, passwordReset } = deps

  defineRoute(
    router,
    {
      method: 'get',
      path: '/staff',
      summary: "My school's teachers and their roles",
      tag,
      access: 'teacher',
      response: z.array(staffMemberSchema),
    },
    ({ auth }) => staff.list(auth.user),
  )
  defineRoute(
    router,
    {
      method: 'post',
      path: '/staff/invitations',
      summary: 'Invite a colleague: a single-use link that expires in a week (school admins)',
      tag,
      access: 'teacher',
      response: staffInvitationSchema,
      status: 201,
    },
    ({ auth }) => staff.invite(auth.user),
  )
  defineRoute(
    router,
    {
      method: 'get',
      path: '/staff/invitations/:code',
      summary: 'Which school an invitation is for (before joining)',
      tag,
      access: 'public',
      params: invitationCodeParamsSchema,
      response: invitationPreviewSchema,
    },
    ({ params }) => staff.preview(params.code),
  )
  defineRoute(
    router,
    {
      method: 'post',
      path: '/staff/join',
      summary: 'Create a teacher account with an invitation and sign in',
      tag,
      access: 'public',
      body: joinSchoolSchema,
      response: meSchema,
      status: 201,
    },
    async ({ body, req, res }) => {
      const { user, token, deviceToken } = await staff.join(body, originOf(req))
      setSessionCookie(req, res, token, deps.cookies)
      setDeviceCookie(req, res, deviceToken, deps.cookies)
      return {
        user,
        school: await deps.schools.getMySchool(user),
        dataSaver: false,
      }
    },
  )
  defineRoute(
    router,
    {
      method: 'patch',
      path: '/staff/members/:userId',
      summary: "Give or take a colleague's roles: school admin, safeguarding lead (school admins)",
      tag,
      access: 'teacher',
      params: staffParamsSchema,
      body: updateStaffSchema,
      response: staffMemberSchema,
    },
    async ({ auth, params, body }) => {
      const member = await staff.update(auth.user, params.userId, body)
      await deps.rolesChanged(params.userId)
      return member
    },
  )
  defineRoute(
    router,
    {
      method: 'delete',
      path: '/staff/members/:userId',
      summary: 'Remove a colleague from the school (school admins); her sessions end',
      tag,
      access: 'teacher',
      params: staffParamsSchema,
    },
    async ({ auth, params }) => {
      const { endedSessions } = await staff.remove(auth.user, params.userId)
      deps.disconnectSessions(endedSessions, 'deactivated')
      return undefined
    },
  )
  defineRoute(
    router,
    {
      method: 'post',
      path: '/staff/members/:userId/reset-link',
      summary: 'Issue a one-time password reset link for a colleague to hand over (school admins)',
      tag,
      access: 'teacher',
      params: staffParamsSchema,
      response: issuedResetSchema,
      status: 201,
    },
    ({ auth, params }) => passwordReset.issue(auth.user, params.userId),
  )
  defineRoute(
    router,
    {
      method: 'get',
      path: '/safeguarding/audit',
      summary: "A page of the school's whole moderation audit record, newest first (its safeguarding lead)",
      tag,
      access: 'teacher',
      query: auditQuerySchema,
      response: auditPageSchema,
    },
    ({ auth, query }) => deps.moderation.schoolAudit(auth.user, query),
  )

  const accountsTag = 'Accounts'
  defineRoute(
    router,
    {
      method: 'get',
      path: '/auth/password-reset',
      summary: 'Whether reset links go by email here, or come from a school admin',
      tag: accountsTag,
      access: 'public',
      response: passwordResetModeSchema,
    },
    async () => ({ byEmail: passwordReset.byEmail }),
  )
  defineRoute(
    router,
    {
      method: 'post',
      path: '/auth/password-reset',
      summary: 'Ask for a reset link by email (the same answer whether or not the address has an account)',
      tag: accountsTag,
      access: 'public',
      body: passwordResetRequestSchema,
      status: 202,
    },
    async ({ body, req }) => {
      await passwordReset.request(body.email, req.ip ?? 'unknown')
      return { accepted: true }
    },
  )
  defineRoute(
    router,
    {
      method: 'post',
      path: '/auth/password-reset/confirm',
      summary: 'Choose a new password with a reset link (works once); every session of the account ends',
      tag: accountsTag,
      access: 'public',
      body: passwordResetSchema,
    },
    async ({ body }) => {
      const { endedSessions } = await passwordReset.reset(body)
      deps.disconnectSessions(endedSessions)
      return undefined
    },
  )
}
