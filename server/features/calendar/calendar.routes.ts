import type { Router } from 'express'
import { calendarFeedSchema, calendarTokenParamsSchema } from '../../../shared/schemas/privacy.js'
import { classIdParamsSchema } from '../../../shared/schemas/schools.js'
import { defineRoute } from '../../http/routes.js'
import type { CalendarService } from './calendar.service.js'

export function registerCalendarRoutes(router: Router, { calendar }: { calendar: CalendarService }): void {
  const tag = 'Calendars'
  defineRoute(
    router,
    {
      method: 'get',
      path: '/classes/:classId/calendar',
      summary: "The class's private calendar feed address",
      tag,
      access: 'teacher',
      params: classIdParamsSchema,
      response: calendarFeedSchema,
    },
    ({ auth, params }) => calendar.feed(auth.user, params.classId),
  )
  defineRoute(
    router,
    {
      method: 'post',
      path: '/classes/:classId/calendar/reset',
      summary: 'Replace the calendar feed address (the old one stops working)',
      tag,
      access: 'teacher',
      params: classIdParamsSchema,
      response: calendarFeedSchema,
    },
    ({ auth, params }) => calendar.reset(auth.user, params.classId),
  )
  defineRoute(
    router,
    {
      method: 'get',
      path: '/calendars/:token',
      summary: "A class's calendar (iCalendar): assemblies, plan items and round dates; the secret address is the key",
      tag,
      access: 'public',
      params: calendarTokenParamsSchema,
    },
    async ({ params, res }) => {
      const text = await calendar.render(params.token.replace(/\.ics$/, ''))
      res.setHeader('Content-Type', 'text/calendar; charset=utf-8')
      res.setHeader('Cache-Control', 'private, max-age=300')
      res.end(text)
      return undefined
    },
  )
}
