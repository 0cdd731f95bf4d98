import type { Router } from 'express'
import { z } from 'zod'
import { linkIdParamsSchema } from '../../../shared/schemas/links.js'
import {
  approveManyResultSchema,
  approveManySchema,
  auditPageSchema,
  auditQuerySchema,
  moderationCountSchema,
  moderationInputSchema,
  moderationParamsSchema,
  pupilNoticeSchema,
  queuePageSchema,
  queueQuerySchema,
} from '../../../shared/schemas/moderation.js'
import { defineRoute } from '../../http/routes.js'
import type { ModerationService } from './moderation.service.js'

export function registerModerationRoutes(router: Router, { moderation }: { moderation: ModerationService }): void {
  const tag = 'Moderation'
  defineRoute(
    router,
    {
      method: 'get',
      path: '/moderation/queue',
      summary: "A page of my school's moderation queue across boards, wall and chat (newest first)",
      tag,
      access: 'teacher',
      query: queueQuerySchema,
      response: queuePageSchema,
    },
    ({ auth, query }) => moderation.queue(auth.user, query),
  )
  defineRoute(
    router,
    {
      method: 'get',
      path: '/moderation/notices',
      summary: 'Pupils of my school recently slowed down for writing too fast',
      tag,
      access: 'teacher',
      response: z.array(pupilNoticeSchema),
    },
    ({ auth }) => moderation.notices(auth.user),
  )
  defineRoute(
    router,
    {
      method: 'get',
      path: '/moderation/count',
      summary: 'How many items wait in my queue',
      tag,
      access: 'user',
      response: moderationCountSchema,
    },
    async ({ auth }) => ({ count: await moderation.count(auth.user) }),
  )
  defineRoute(
    router,
    {
      method: 'post',
      path: '/moderation/approve-many',
      summary: 'Approve many held items at once (a round’s letters); each is its own decision',
      tag,
      access: 'teacher',
      body: approveManySchema,
      response: approveManyResultSchema,
      idempotent: true,
    },
    ({ auth, body }) => moderation.approveMany(auth.user, body.items),
  )
  defineRoute(
    router,
    {
      method: 'post',
      path: '/moderation/:kind/:itemId/:action',
      summary: 'Approve, reject, flag, hide, edit or delete an item',
      tag,
      access: 'user',
      params: moderationParamsSchema,
      body: moderationInputSchema,
      idempotent: true,
    },
    async ({ auth, params, body }) => {
      await moderation.act(auth.user, params.kind, params.itemId, params.action, body)
      return undefined
    },
  )
  defineRoute(
    router,
    {
      method: 'get',
      path: '/links/:linkId/audit',
      summary: "A page of the link's moderation audit log (newest first), as I may read it",
      tag,
      access: 'teacher',
      params: linkIdParamsSchema,
      query: auditQuerySchema,
      response: auditPageSchema,
    },
    ({ auth, params, query }) => moderation.audit(auth.user, params.linkId, query),
  )
}
