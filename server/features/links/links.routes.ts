import type { Router } from 'express'
import { z } from 'zod'
import {
  agreementEditSchema,
  agreementSchema,
  agreementSignSchema,
  planItemParamsSchema,
} from '../../../shared/schemas/agreements.js'
import { linkIdParamsSchema, linkOverviewSchema, linkSchema } from '../../../shared/schemas/links.js'
import { defineRoute } from '../../http/routes.js'
import type { AgreementsService } from './agreements.service.js'
import type { LinkAccess } from './linkAccess.js'

export interface LinksRouteDeps {
  linkAccess: LinkAccess
  agreements: AgreementsService
}

export function registerLinksRoutes(router: Router, { linkAccess, agreements }: LinksRouteDeps): void {
  const tag = 'Links'
  defineRoute(
    router,
    {
      method: 'get',
      path: '/links',
      summary: 'The links my classes belong to',
      tag,
      access: 'user',
      response: z.array(linkSchema),
    },
    ({ auth }) => linkAccess.linksOf(auth.user),
  )
  defineRoute(
    router,
    {
      method: 'get',
      path: '/links/:linkId',
      summary: 'One link with its partner classes',
      tag,
      access: 'user',
      params: linkIdParamsSchema,
      response: linkSchema,
    },
    async ({ auth, params }) => (await linkAccess.membershipOf(auth.user, params.linkId)).link,
  )
  defineRoute(
    router,
    {
      method: 'get',
      path: '/links/:linkId/overview',
      summary: "A link's home: upcoming plan, recent activity, health",
      tag,
      access: 'user',
      params: linkIdParamsSchema,
      response: linkOverviewSchema,
    },
    ({ auth, params }) => agreements.overview(auth.user, params.linkId),
  )
  defineRoute(
    router,
    {
      method: 'get',
      path: '/links/:linkId/agreement',
      summary: 'The link agreement with every version and signature',
      tag,
      access: 'user',
      params: linkIdParamsSchema,
      response: agreementSchema,
    },
    ({ auth, params }) => agreements.get(auth.user, params.linkId),
  )
  defineRoute(
    router,
    {
      method: 'put',
      path: '/links/:linkId/agreement',
      summary: 'Edit the agreement (a new version once anyone has signed)',
      tag,
      access: 'teacher',
      params: linkIdParamsSchema,
      body: agreementEditSchema,
      response: agreementSchema,
    },
    ({ auth, params, body }) => agreements.edit(auth.user, params.linkId, body),
  )
  defineRoute(
    router,
    {
      method: 'post',
      path: '/links/:linkId/agreement/signatures',
      summary: 'Sign the current version for one of my classes',
      tag,
      access: 'teacher',
      params: linkIdParamsSchema,
      body: agreementSignSchema,
      response: agreementSchema,
    },
    ({ auth, params, body }) => agreements.sign(auth.user, params.linkId, body),
  )
  defineRoute(
    router,
    {
      method: 'post',
      path: '/links/:linkId/plan/:itemId/done',
      summary: 'Mark a plan item done',
      tag,
      access: 'teacher',
      params: planItemParamsSchema,
      response: agreementSchema,
    },
    ({ auth, params }) => agreements.markPlanItemDone(auth.user, params.linkId, params.itemId),
  )
  for (const action of ['pause', 'resume', 'end'] as const) {
    defineRoute(
      router,
      {
        method: 'post',
        path: `/links/:linkId/${action}`,
        summary: `${action[0]?.toUpperCase()}${action.slice(1)} the link`,
        tag,
        access: 'teacher',
        params: linkIdParamsSchema,
        response: linkSchema,
      },
      ({ auth, params }) => agreements.changeStatus(auth.user, params.linkId, action),
    )
  }
}
