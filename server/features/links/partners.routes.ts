import type { Router } from 'express'
import { z } from 'zod'
import {
  directoryEntryInputSchema,
  directoryEntrySchema,
  directoryPageSchema,
  directoryQuerySchema,
  linkRequestInputSchema,
  linkRequestSchema,
  requestIdParamsSchema,
} from '../../../shared/schemas/partners.js'
import { classIdParamsSchema } from '../../../shared/schemas/schools.js'
import { defineRoute } from '../../http/routes.js'
import type { PartnersService } from './partners.service.js'

export function registerPartnersRoutes(router: Router, { partners }: { partners: PartnersService }): void {
  const tag = 'Partners'
  defineRoute(
    router,
    {
      method: 'get',
      path: '/classes/:classId/directory',
      summary: "My class's directory entry (null when not opted in)",
      tag,
      access: 'teacher',
      params: classIdParamsSchema,
      response: directoryEntrySchema.nullable(),
    },
    ({ auth, params }) => partners.getEntry(auth.user, params.classId),
  )
  defineRoute(
    router,
    {
      method: 'put',
      path: '/classes/:classId/directory',
      summary: 'Opt my class into the partner directory, or update its entry',
      tag,
      access: 'teacher',
      params: classIdParamsSchema,
      body: directoryEntryInputSchema,
      response: directoryEntrySchema,
    },
    ({ auth, params, body }) => partners.optIn(auth.user, params.classId, body),
  )
  defineRoute(
    router,
    {
      method: 'delete',
      path: '/classes/:classId/directory',
      summary: 'Take my class out of the directory',
      tag,
      access: 'teacher',
      params: classIdParamsSchema,
      status: 204,
    },
    async ({ auth, params }) => {
      await partners.optOut(auth.user, params.classId)
      return undefined
    },
  )
  defineRoute(
    router,
    {
      method: 'get',
      path: '/directory',
      summary: 'Search partner classes: a page at a time, newest opt-in first (`before` cursor, `limit` ≤ 50)',
      tag,
      access: 'teacher',
      query: directoryQuerySchema,
      response: directoryPageSchema,
    },
    ({ auth, query }) => partners.search(auth.user, query),
  )
  defineRoute(
    router,
    {
      method: 'get',
      path: '/link-requests',
      summary: 'Invitations to, from and within my links',
      tag,
      access: 'teacher',
      response: z.array(linkRequestSchema),
    },
    ({ auth }) => partners.listRequests(auth.user),
  )
  defineRoute(
    router,
    {
      method: 'post',
      path: '/link-requests',
      summary: 'Invite a class to link (or to join one of my links)',
      tag,
      access: 'teacher',
      body: linkRequestInputSchema,
      response: linkRequestSchema,
      status: 201,
    },
    ({ auth, body }) => partners.invite(auth.user, body),
  )
  defineRoute(
    router,
    {
      method: 'post',
      path: '/link-requests/:requestId/accept',
      summary: 'Accept an invitation',
      tag,
      access: 'teacher',
      params: requestIdParamsSchema,
      response: z.object({ request: linkRequestSchema, linkId: z.string() }),
    },
    ({ auth, params }) => partners.accept(auth.user, params.requestId),
  )
  defineRoute(
    router,
    {
      method: 'post',
      path: '/link-requests/:requestId/decline',
      summary: 'Decline an invitation',
      tag,
      access: 'teacher',
      params: requestIdParamsSchema,
      response: linkRequestSchema,
    },
    ({ auth, params }) => partners.decline(auth.user, params.requestId),
  )
  defineRoute(
    router,
    {
      method: 'post',
      path: '/link-requests/:requestId/withdraw',
      summary: 'Withdraw my invitation',
      tag,
      access: 'teacher',
      params: requestIdParamsSchema,
      response: linkRequestSchema,
    },
    ({ auth, params }) => partners.withdraw(auth.user, params.requestId),
  )
}
