import type { Router } from 'express'
import { pupilHomeSchema } from '../../../shared/schemas/pupil.js'
import { defineRoute } from '../../http/routes.js'
import type { PupilHomeService } from './pupil.service.js'

export function registerPupilRoutes(router: Router, { pupilHome }: { pupilHome: PupilHomeService }): void {
  const tag = 'Pupil'
  defineRoute(
    router,
    {
      method: 'get',
      path: '/pupil/home',
      summary: 'A pupil’s home: her partner classes, what is new for her, the ways in',
      tag,
      access: 'user',
      response: pupilHomeSchema,
    },
    ({ auth }) => pupilHome.home(auth.user),
  )
  defineRoute(
    router,
    { method: 'post', path: '/pupil/home/seen', summary: 'She has looked at what is new', tag, access: 'user' },
    async ({ auth }) => {
      await pupilHome.markSeen(auth.user)
      return undefined
    },
  )
}
