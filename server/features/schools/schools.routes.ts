import type { Router } from 'express'
import { z } from 'zod'
import {
  classIdParamsSchema,
  classSignInLockSchema,
  classInputSchema,
  classSchema,
  newPupilsSchema,
  pupilParamsSchema,
  pupilSchema,
  schoolSchema,
  updateClassSchema,
  updatePupilSchema,
  updateSchoolSchema,
} from '../../../shared/schemas/schools.js'
import { defineRoute } from '../../http/routes.js'
import type { SchoolsService } from './schools.service.js'

export interface SchoolsRouteDeps {
  schools: SchoolsService
  disconnectSessions(sessionIds: string[], reason?: 'signed-out' | 'deactivated'): void
}

export function registerSchoolsRoutes(router: Router, { schools, disconnectSessions }: SchoolsRouteDeps): void {
  const tag = 'Schools'

  defineRoute(
    router,
    { method: 'get', path: '/school', summary: 'My school', tag, access: 'user', response: schoolSchema },
    ({ auth }) => schools.getMySchool(auth.user),
  )
  defineRoute(
    router,
    {
      method: 'patch',
      path: '/school',
      summary: "Update my school's profile",
      tag,
      access: 'teacher',
      body: updateSchoolSchema,
      response: schoolSchema,
    },
    ({ auth, body }) => schools.updateMySchool(auth.user, body),
  )
  defineRoute(
    router,
    {
      method: 'get',
      path: '/classes',
      summary: "My school's classes (a pupil: their own)",
      tag,
      access: 'user',
      response: z.array(classSchema),
    },
    ({ auth }) => schools.listClasses(auth.user),
  )
  defineRoute(
    router,
    {
      method: 'post',
      path: '/classes',
      summary: 'Create a class',
      tag,
      access: 'teacher',
      body: classInputSchema,
      response: classSchema,
      status: 201,
    },
    ({ auth, body }) => schools.createClass(auth.user, body),
  )
  defineRoute(
    router,
    {
      method: 'get',
      path: '/classes/:classId',
      summary: 'One class',
      tag,
      access: 'user',
      params: classIdParamsSchema,
      response: classSchema,
    },
    ({ auth, params }) => schools.getClass(auth.user, params.classId),
  )
  defineRoute(
    router,
    {
      method: 'patch',
      path: '/classes/:classId',
      summary: 'Update a class',
      tag,
      access: 'teacher',
      params: classIdParamsSchema,
      body: updateClassSchema,
      response: classSchema,
    },
    ({ auth, params, body }) => schools.updateClass(auth.user, params.classId, body),
  )
  defineRoute(
    router,
    {
      method: 'get',
      path: '/classes/:classId/sign-in-lock',
      summary: "Whether pupils' sign-ins to the class are being slowed or blocked",
      tag,
      access: 'teacher',
      params: classIdParamsSchema,
      response: classSignInLockSchema,
    },
    ({ auth, params }) => schools.signInLock(auth.user, params.classId),
  )
  defineRoute(
    router,
    {
      method: 'delete',
      path: '/classes/:classId/sign-in-lock',
      summary: "Lift the slowing or blocking of the class's sign-ins",
      tag,
      access: 'teacher',
      params: classIdParamsSchema,
    },
    async ({ auth, params }) => {
      await schools.liftSignInLock(auth.user, params.classId)
      return undefined
    },
  )
  defineRoute(
    router,
    {
      method: 'get',
      path: '/classes/:classId/pupils',
      summary: "A class's pupils with their sign-in codes",
      tag,
      access: 'teacher',
      params: classIdParamsSchema,
      response: z.array(pupilSchema),
    },
    ({ auth, params }) => schools.listPupils(auth.user, params.classId),
  )
  defineRoute(
    router,
    {
      method: 'post',
      path: '/classes/:classId/pupils',
      summary: 'Add pupils to a class',
      tag,
      access: 'teacher',
      params: classIdParamsSchema,
      body: newPupilsSchema,
      response: z.array(pupilSchema),
      status: 201,
    },
    ({ auth, params, body }) => schools.addPupils(auth.user, params.classId, body),
  )
  defineRoute(
    router,
    {
      method: 'patch',
      path: '/classes/:classId/pupils/:pupilId',
      summary: 'Rename, deactivate or reactivate a pupil',
      tag,
      access: 'teacher',
      params: pupilParamsSchema,
      body: updatePupilSchema,
      response: pupilSchema,
    },
    async ({ auth, params, body }) => {
      const { pupil, endedSessions } = await schools.updatePupil(auth.user, params.classId, params.pupilId, body)
      disconnectSessions(endedSessions, 'deactivated')
      return pupil
    },
  )
  defineRoute(
    router,
    {
      method: 'post',
      path: '/classes/:classId/pupils/:pupilId/reset-code',
      summary: 'Give a pupil a new personal code',
      tag,
      access: 'teacher',
      params: pupilParamsSchema,
      response: pupilSchema,
    },
    async ({ auth, params }) => {
      const { pupil, endedSessions } = await schools.resetPupilCode(auth.user, params.classId, params.pupilId)
      disconnectSessions(endedSessions)
      return pupil
    },
  )
}
