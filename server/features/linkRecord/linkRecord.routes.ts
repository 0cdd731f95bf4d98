import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
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
      summary:
        "Download the link's record as JSON: agreement versions and signatures, plan, activity, boards with every thread and reply, the wall and its rounds, assemblies with attendance and chat",
      tag: 'Links',
      access: 'teacher',
      params: linkIdParamsSchema,
      response: z.unknown(),
    },
    async ({ auth, params, res }) => {
      // Refuses (403/404 as JSON) before a byte of the record is written.
      const pieces = await linkRecord.exportStream(auth.user, params.linkId)
      res.status(200).type('application/json')
      res.setHeader('Content-Disposition', `attachment; filename="bridges-link-${params.linkId}.json"`)
      try {
        // Written as it is read: the socket's backpressure paces the reads.
        await pipeline(Readable.from(pieces), res)
      } catch {
        // The download broke off (or a read failed after the headers went): the file is cut short, never passed off as whole.
        res.destroy()
      }
      return undefined
    },
  )
}
