import type { Router } from 'express'
import { z } from 'zod'
import {
  dataProtectionSettingsSchema,
  privacyLogEntrySchema,
  pupilLeavesSchema,
  pupilLeftSchema,
  subjectAccessParamsSchema,
} from '../../../shared/schemas/privacy.js'
import { pupilParamsSchema } from '../../../shared/schemas/schools.js'
import { dataInventorySchema } from '../../../shared/schemas/dataInventory.js'
import { defineRoute } from '../../http/routes.js'
import type { InventoryService } from './inventory.service.js'
import type { PrivacyService } from './privacy.service.js'
import type { SubjectAccessService } from './subjectAccess.service.js'

export interface PrivacyRouteDeps {
  privacy: PrivacyService
  inventory: InventoryService
  subjectAccess: SubjectAccessService
  disconnectSessions(sessionIds: string[], reason?: 'signed-out' | 'deactivated'): void
}

export function registerPrivacyRoutes(
  router: Router,
  { privacy, inventory, subjectAccess, disconnectSessions }: PrivacyRouteDeps,
): void {
  const tag = 'Data protection'
  defineRoute(
    router,
    {
      method: 'get',
      path: '/privacy/inventory',
      summary:
        'What Bridges stores about people, why, who sees it and how long it is kept (made from the live database)',
      tag,
      access: 'public',
      response: dataInventorySchema,
    },
    ({ auth }) => inventory.inventory(auth?.user),
  )
  defineRoute(
    router,
    {
      method: 'post',
      path: '/classes/:classId/pupils/:pupilId/leave',
      summary:
        'A pupil leaves: her sign-in stops at once; what she wrote is deleted or kept as "a former pupil"; her pictures go',
      tag,
      access: 'teacher',
      params: pupilParamsSchema,
      body: pupilLeavesSchema,
      response: pupilLeftSchema,
    },
    async ({ auth, params, body }) => {
      const { result, endedSessions } = await privacy.removePupil(
        auth.user,
        params.classId,
        params.pupilId,
        body.content,
      )
      disconnectSessions(endedSessions, 'deactivated')
      return result
    },
  )
  defineRoute(
    router,
    {
      method: 'get',
      path: '/pupils/:pupilId/subject-access',
      summary:
        'Everything Bridges holds about one pupil of my school, as a ZIP of JSON, a readable page and pictures (audited)',
      tag,
      access: 'teacher',
      params: subjectAccessParamsSchema,
    },
    async ({ auth, params, res }) => {
      const { filename, zip } = await subjectAccess.export(auth.user, params.pupilId)
      res.setHeader('Content-Type', 'application/zip')
      res.setHeader('Content-Disposition', `attachment; filename="${filename}"`)
      res.setHeader('Cache-Control', 'no-store')
      res.end(Buffer.from(zip))
      return undefined
    },
  )
  defineRoute(
    router,
    {
      method: 'get',
      path: '/school/data-protection',
      summary: "My school's data-protection settings (how long an ended link's content is kept)",
      tag,
      access: 'teacher',
      response: dataProtectionSettingsSchema,
    },
    ({ auth }) => privacy.settings(auth.user),
  )
  defineRoute(
    router,
    {
      method: 'put',
      path: '/school/data-protection',
      summary: "Change my school's data-protection settings",
      tag,
      access: 'teacher',
      body: dataProtectionSettingsSchema,
      response: dataProtectionSettingsSchema,
    },
    ({ auth, body }) => privacy.updateSettings(auth.user, body),
  )
  defineRoute(
    router,
    {
      method: 'get',
      path: '/school/privacy-log',
      summary: "My school's data-protection record: pupils removed, subject access downloads, retention sweeps",
      tag,
      access: 'teacher',
      response: z.array(privacyLogEntrySchema),
    },
    ({ auth }) => privacy.log(auth.user),
  )
}
