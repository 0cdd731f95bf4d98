import type { Router } from 'express'
import { z } from 'zod'
import { linkIdParamsSchema } from '../../../shared/schemas/links.js'
import { defineRoute } from '../../http/routes.js'
import type { LinkRecordService } from './linkRecord.service.js'

export function registerLinkRecordRoutes(router: Router, { linkRecord }: { linkRecord: LinkRecordService }): void {
  defineRoute(
    router,
    {
      method: 'get',
      path: '/links/:linkId/export',
      summary: "Download the link's record as JSON: agreement versions and signatures, plan, activity, boards with every thread and reply, the wall and its rounds, assemblies with attendance and chat",
      tag: 'Links',
      access: 'teacher',
      params: linkIdParamsSchema,
      response: z.unknown(),
    },
    async ({ auth, params, res }) => {
      const record = await linkRecord.export(auth.user, params.linkId)
      res.setHeader('Content-Disposition', `attachment; filename="bridges-link-${params.linkId}.json"`)
      return record
    },
  )
}
