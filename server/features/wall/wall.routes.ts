import type { Router } from 'express'
import { z } from 'zod'
import { linkIdParamsSchema } from '../../../shared/schemas/links.js'
import { classIdParamsSchema } from '../../../shared/schemas/schools.js'
import {
  consentEntrySchema,
  consentUpdateSchema,
  newRoundSchema,
  newWallItemSchema,
  penPalGroupsSchema,
  penPalViewSchema,
  roundParamsSchema,
  roundReportSchema,
  roundSchema,
  secondTextSchema,
  wallItemParamsSchema,
  wallItemSchema,
  wallPageQuerySchema,
  wallPageSchema,
} from '../../../shared/schemas/wall.js'
import { defineRoute } from '../../http/routes.js'
import type { WallService } from './wall.service.js'
import type { WallAdminService } from './wallAdmin.service.js'

export function registerWallRoutes(
  router: Router,
  { wall, wallAdmin }: { wall: WallService; wallAdmin: WallAdminService },
): void {
  const tag = 'Wall'
  defineRoute(
    router,
    {
      method: 'get',
      path: '/links/:linkId/wall',
      summary: "A page of the link's exchange wall (newest first) and its rounds, as I may see them",
      tag,
      access: 'user',
      params: linkIdParamsSchema,
      query: wallPageQuerySchema,
      response: wallPageSchema,
    },
    ({ auth, params, query }) => wall.list(auth.user, params.linkId, query),
  )
  defineRoute(
    router,
    {
      method: 'post',
      path: '/links/:linkId/wall',
      summary: 'Post a letter, a picture or a reply (a pupil’s is held for their teacher)',
      tag,
      access: 'user',
      params: linkIdParamsSchema,
      body: newWallItemSchema,
      response: wallItemSchema,
      status: 201,
      idempotent: true,
    },
    ({ auth, params, body }) => wall.post(auth.user, params.linkId, body),
  )
  defineRoute(
    router,
    {
      method: 'put',
      path: '/wall/:itemId/second-text',
      summary: "A teacher of the writer's school adds the letter's text in a second language",
      tag,
      access: 'teacher',
      params: wallItemParamsSchema,
      body: secondTextSchema,
      response: wallItemSchema,
    },
    ({ auth, params, body }) => wall.setSecondText(auth.user, params.itemId, body),
  )
  defineRoute(
    router,
    {
      method: 'post',
      path: '/links/:linkId/rounds',
      summary: 'Open an exchange round',
      tag,
      access: 'teacher',
      params: linkIdParamsSchema,
      body: newRoundSchema,
      response: roundSchema,
      status: 201,
    },
    ({ auth, params, body }) => wall.createRound(auth.user, params.linkId, body),
  )
  defineRoute(
    router,
    {
      method: 'get',
      path: '/rounds/:roundId/report',
      summary: 'Who has written, and each class’s letters collated',
      tag,
      access: 'teacher',
      params: roundParamsSchema,
      response: roundReportSchema,
    },
    ({ auth, params }) => wallAdmin.report(auth.user, params.roundId),
  )
  defineRoute(
    router,
    {
      method: 'post',
      path: '/rounds/:roundId/early-release',
      summary: 'Agree to release the round now (it goes out when every class agrees)',
      tag,
      access: 'teacher',
      params: roundParamsSchema,
      response: roundSchema,
    },
    ({ auth, params }) => wall.agreeEarlyRelease(auth.user, params.roundId),
  )
  defineRoute(
    router,
    {
      method: 'get',
      path: '/links/:linkId/penpals',
      summary: 'Pen-pal groups (a pupil: their own)',
      tag,
      access: 'user',
      params: linkIdParamsSchema,
      response: penPalViewSchema,
    },
    ({ auth, params }) => wallAdmin.penPals(auth.user, params.linkId),
  )
  defineRoute(
    router,
    {
      method: 'post',
      path: '/links/:linkId/penpals/auto',
      summary: 'Pair pupils automatically across the classes',
      tag,
      access: 'teacher',
      params: linkIdParamsSchema,
      response: penPalViewSchema,
    },
    ({ auth, params }) => wallAdmin.pairAutomatically(auth.user, params.linkId),
  )
  defineRoute(
    router,
    {
      method: 'put',
      path: '/links/:linkId/penpals',
      summary: 'Set the pen-pal groups by hand',
      tag,
      access: 'teacher',
      params: linkIdParamsSchema,
      body: penPalGroupsSchema,
      response: penPalViewSchema,
    },
    ({ auth, params, body }) => wallAdmin.setPenPals(auth.user, params.linkId, body),
  )
  defineRoute(
    router,
    {
      method: 'get',
      path: '/classes/:classId/consent',
      summary: "The class's photo-consent register",
      tag,
      access: 'teacher',
      params: classIdParamsSchema,
      response: z.array(consentEntrySchema),
    },
    ({ auth, params }) => wallAdmin.consent(auth.user, params.classId),
  )
  defineRoute(
    router,
    {
      method: 'put',
      path: '/classes/:classId/consent',
      summary: 'Record a pupil’s photo consent; “no” withdraws pictures already shared',
      tag,
      access: 'teacher',
      params: classIdParamsSchema,
      body: consentUpdateSchema,
      response: z.array(consentEntrySchema),
    },
    ({ auth, params, body }) => wallAdmin.setConsent(auth.user, params.classId, body.pupilId, body.consent),
  )
}
