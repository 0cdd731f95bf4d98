import type { Router } from 'express'
import { z } from 'zod'
import {
  assemblyParamsSchema,
  assemblySchema,
  attendanceSchema,
  chatPageSchema,
  chatQuerySchema,
  iceServersSchema,
  newAssemblySchema,
  pupilChatSchema,
} from '../../../shared/schemas/assemblies.js'
import { linkIdParamsSchema } from '../../../shared/schemas/links.js'
import { defineRoute } from '../../http/routes.js'
import type { SocketAssemblyEvents } from './assemblies.handlers.js'
import type { AssembliesService } from './assemblies.service.js'
import type { AssemblyChatService } from './assemblyChat.service.js'

export function registerAssembliesRoutes(
  router: Router,
  {
    assemblies,
    chat,
    events,
  }: { assemblies: AssembliesService; chat: AssemblyChatService; events: SocketAssemblyEvents },
): void {
  const tag = 'Assemblies'
  defineRoute(
    router,
    {
      method: 'get',
      path: '/links/:linkId/assemblies',
      summary: "The link's assemblies",
      tag,
      access: 'user',
      params: linkIdParamsSchema,
      response: z.array(assemblySchema),
    },
    ({ auth, params }) => assemblies.list(auth.user, params.linkId),
  )
  defineRoute(
    router,
    {
      method: 'post',
      path: '/links/:linkId/assemblies',
      summary: 'Schedule an assembly, or start one now',
      tag,
      access: 'teacher',
      params: linkIdParamsSchema,
      body: newAssemblySchema,
      response: assemblySchema,
      status: 201,
    },
    async ({ auth, params, body }) => {
      const assembly = await assemblies.schedule(auth.user, params.linkId, body)
      events.statusChanged(assembly.linkId, assembly.id, assembly.status)
      return assembly
    },
  )
  defineRoute(
    router,
    {
      method: 'get',
      path: '/assemblies/:assemblyId',
      summary: 'One assembly',
      tag,
      access: 'user',
      params: assemblyParamsSchema,
      response: assemblySchema,
    },
    ({ auth, params }) => assemblies.get(auth.user, params.assemblyId),
  )
  for (const [action, status] of [
    ['open', 'open'],
    ['end', 'ended'],
  ] as const) {
    defineRoute(
      router,
      {
        method: 'post',
        path: `/assemblies/:assemblyId/${action}`,
        summary: action === 'open' ? 'Open the assembly (the host)' : 'End the assembly for everyone',
        tag,
        access: 'teacher',
        params: assemblyParamsSchema,
        response: assemblySchema,
      },
      async ({ auth, params }) => {
        const assembly = await assemblies.setStatus(auth.user, params.assemblyId, status)
        events.statusChanged(assembly.linkId, assembly.id, assembly.status)
        return assembly
      },
    )
  }
  defineRoute(
    router,
    {
      method: 'get',
      path: '/assemblies/:assemblyId/attendance',
      summary: 'Which classes joined, when and for how long',
      tag,
      access: 'teacher',
      params: assemblyParamsSchema,
      response: attendanceSchema,
    },
    ({ auth, params }) => assemblies.attendance(auth.user, params.assemblyId),
  )
  defineRoute(
    router,
    {
      method: 'get',
      path: '/assemblies/:assemblyId/ice',
      summary: 'STUN/TURN servers with TURN credentials minted for this session',
      tag,
      access: 'teacher',
      params: assemblyParamsSchema,
      response: iceServersSchema,
    },
    ({ auth, params }) => assemblies.iceServers(auth.user, params.assemblyId),
  )
  defineRoute(
    router,
    {
      method: 'post',
      path: '/assemblies/:assemblyId/pupil-chat',
      summary: "Let pupils' chat messages through without approval, or hold them again (the host)",
      tag,
      access: 'teacher',
      params: assemblyParamsSchema,
      body: pupilChatSchema,
      response: assemblySchema,
    },
    ({ auth, params, body }) => chat.setPupilChat(auth.user, params.assemblyId, body.allowed),
  )
  defineRoute(
    router,
    {
      method: 'get',
      path: '/assemblies/:assemblyId/chat',
      summary: "A page of the assembly's older chat messages I may see, newest first",
      tag,
      access: 'user',
      params: assemblyParamsSchema,
      query: chatQuerySchema,
      response: chatPageSchema,
    },
    ({ auth, params, query }) => chat.history(auth.user, params.assemblyId, query),
  )
}
