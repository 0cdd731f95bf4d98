import type { Router } from 'express'
import { z } from 'zod'
import { linkIdParamsSchema, linkSchema } from '../../../shared/schemas/links.js'
import { defineRoute } from '../../http/routes.js'
import type { LinkAccess } from './linkAccess.js'

export interface LinksRouteDeps {
  linkAccess: LinkAccess
}

export function registerLinksRoutes(router: Router, { linkAccess }: LinksRouteDeps): void {
  const tag = 'Links'
  defineRoute(
    router,
    { method: 'get', path: '/links', summary: 'The links my classes belong to', tag, access: 'user', response: z.array(linkSchema) },
    ({ auth }) => linkAccess.linksOf(auth.user),
  )
  defineRoute(
    router,
    { method: 'get', path: '/links/:linkId', summary: 'One link with its partner classes', tag, access: 'user', params: linkIdParamsSchema, response: linkSchema },
    async ({ auth, params }) => (await linkAccess.membershipOf(auth.user, params.linkId)).link,
  )
}
