import type { Router } from 'express'
import { z } from 'zod'
import {
  classParamsSchema,
  newReflectionSchema,
  reflectionAnswerInputSchema,
  reflectionAnswerSchema,
  reflectionParamsSchema,
  reflectionSchema,
  reflectionViewSchema,
} from '../../../shared/schemas/reflections.js'
import { idSchema } from '../../../shared/schemas/common.js'
import { defineRoute } from '../../http/routes.js'
import type { ReflectionsService } from './reflections.service.js'

export function registerReflectionsRoutes(router: Router, { reflections }: { reflections: ReflectionsService }): void {
  const tag = 'Reflections'
  defineRoute(
    router,
    {
      method: 'get',
      path: '/reflections',
      summary: "A pupil's class's reflections; a teacher's school's (or one class's)",
      tag,
      access: 'user',
      query: z.object({ classId: idSchema.optional() }),
      response: z.array(reflectionSchema),
    },
    ({ auth, query }) => reflections.list(auth.user, query.classId),
  )
  defineRoute(
    router,
    {
      method: 'post',
      path: '/classes/:classId/reflections',
      summary: 'Open a reflection for a class of my school',
      tag,
      access: 'teacher',
      params: classParamsSchema,
      body: newReflectionSchema,
      response: reflectionSchema,
      status: 201,
      idempotent: true,
    },
    ({ auth, params, body }) => reflections.open(auth.user, params.classId, body),
  )
  defineRoute(
    router,
    {
      method: 'get',
      path: '/reflections/:reflectionId',
      summary: 'A reflection: a pupil gets her own answer, her teachers every answer and the counts',
      tag,
      access: 'user',
      params: reflectionParamsSchema,
      response: reflectionViewSchema,
    },
    ({ auth, params }) => reflections.view(auth.user, params.reflectionId),
  )
  defineRoute(
    router,
    {
      method: 'post',
      path: '/reflections/:reflectionId/answers',
      summary: 'Answer a reflection (once); words wait for a teacher of my school',
      tag,
      access: 'user',
      params: reflectionParamsSchema,
      body: reflectionAnswerInputSchema,
      response: reflectionAnswerSchema,
      status: 201,
      idempotent: true,
    },
    ({ auth, params, body }) => reflections.answer(auth.user, params.reflectionId, body),
  )
  defineRoute(
    router,
    {
      method: 'post',
      path: '/reflections/:reflectionId/close',
      summary: 'Close a reflection',
      tag,
      access: 'teacher',
      params: reflectionParamsSchema,
      response: reflectionSchema,
    },
    ({ auth, params }) => reflections.close(auth.user, params.reflectionId),
  )
}
