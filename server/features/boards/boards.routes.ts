import type { Router } from 'express'
import { z } from 'zod'
import {
  boardParamsSchema,
  boardSchema,
  newBoardSchema,
  newReplySchema,
  newThreadSchema,
  postParamsSchema,
  postSchema,
  threadFlagsSchema,
  threadParamsSchema,
  threadQuerySchema,
  threadsPageSchema,
  threadsQuerySchema,
  threadViewSchema,
} from '../../../shared/schemas/boards.js'
import { secondTextSchema } from '../../../shared/schemas/bilingual.js'
import { linkIdParamsSchema } from '../../../shared/schemas/links.js'
import { defineRoute } from '../../http/routes.js'
import type { BoardsService } from './boards.service.js'

export function registerBoardsRoutes(router: Router, { boards }: { boards: BoardsService }): void {
  const tag = 'Boards'
  defineRoute(
    router,
    {
      method: 'get',
      path: '/links/:linkId/boards',
      summary: "A link's boards (pupils: its discussion boards)",
      tag,
      access: 'user',
      params: linkIdParamsSchema,
      response: z.array(boardSchema),
    },
    ({ auth, params }) => boards.listLinkBoards(auth.user, params.linkId),
  )
  defineRoute(
    router,
    {
      method: 'post',
      path: '/links/:linkId/boards',
      summary: 'Start a board on a topic (or a teachers-only staffroom)',
      tag,
      access: 'teacher',
      params: linkIdParamsSchema,
      body: newBoardSchema,
      response: boardSchema,
      status: 201,
    },
    ({ auth, params, body }) => boards.createLinkBoard(auth.user, params.linkId, body),
  )
  defineRoute(
    router,
    {
      method: 'get',
      path: '/forum/boards',
      summary: 'The staffroom forum every teacher on Bridges shares',
      tag,
      access: 'teacher',
      response: z.array(boardSchema),
    },
    ({ auth }) => boards.listForumBoards(auth.user),
  )
  defineRoute(
    router,
    {
      method: 'post',
      path: '/forum/boards',
      summary: 'Start a forum topic',
      tag,
      access: 'teacher',
      body: newBoardSchema,
      response: boardSchema,
      status: 201,
    },
    ({ auth, body }) => boards.createForumBoard(auth.user, body),
  )
  defineRoute(
    router,
    {
      method: 'get',
      path: '/boards/:boardId',
      summary: 'One board',
      tag,
      access: 'user',
      params: boardParamsSchema,
      response: boardSchema,
    },
    async ({ auth, params }) => (await boards.boardFor(auth.user, params.boardId)).board,
  )
  defineRoute(
    router,
    {
      method: 'get',
      path: '/boards/:boardId/threads',
      summary: "A board's threads, pinned first; search with q",
      tag,
      access: 'user',
      params: boardParamsSchema,
      query: threadsQuerySchema,
      response: threadsPageSchema,
    },
    ({ auth, params, query }) => boards.threads(auth.user, params.boardId, query),
  )
  defineRoute(
    router,
    {
      method: 'post',
      path: '/boards/:boardId/threads',
      summary: 'Start a thread (a pupil’s is held for their teacher)',
      tag,
      access: 'user',
      params: boardParamsSchema,
      body: newThreadSchema,
      response: postSchema,
      status: 201,
      idempotent: true,
    },
    ({ auth, params, body }) => boards.startThread(auth.user, params.boardId, body),
  )
  defineRoute(
    router,
    {
      method: 'get',
      path: '/threads/:threadId',
      summary: 'A thread with the replies I may see',
      tag,
      access: 'user',
      params: threadParamsSchema,
      query: threadQuerySchema,
      response: threadViewSchema,
    },
    ({ auth, params, query }) => boards.thread(auth.user, params.threadId, query),
  )
  defineRoute(
    router,
    {
      method: 'post',
      path: '/threads/:threadId/replies',
      summary: 'Reply to a thread',
      tag,
      access: 'user',
      params: threadParamsSchema,
      body: newReplySchema,
      response: postSchema,
      status: 201,
      idempotent: true,
    },
    ({ auth, params, body }) => boards.reply(auth.user, params.threadId, body),
  )
  defineRoute(
    router,
    {
      method: 'patch',
      path: '/threads/:threadId',
      summary: 'Pin or lock a thread',
      tag,
      access: 'teacher',
      params: threadParamsSchema,
      body: threadFlagsSchema,
      response: postSchema,
    },
    ({ auth, params, body }) => boards.setThreadFlags(auth.user, params.threadId, body),
  )
  defineRoute(
    router,
    {
      method: 'put',
      path: '/posts/:postId/second-text',
      summary: "A teacher of the writer's school adds the post's text in a second language",
      tag,
      access: 'teacher',
      params: postParamsSchema,
      body: secondTextSchema,
      response: postSchema,
    },
    ({ auth, params, body }) => boards.setSecondText(auth.user, params.postId, body),
  )
}
