import type { Router } from 'express'
import {
  curriculumTagSchema,
  outcomeReviewInputSchema,
  outcomeReviewSchema,
  outcomeReviewsSchema,
} from '../../../shared/schemas/outcomeReviews.js'
import { linkIdParamsSchema } from '../../../shared/schemas/links.js'
import { defineRoute } from '../../http/routes.js'
import type { OutcomeReviewsService } from './outcomeReviews.service.js'

export function registerOutcomeRoutes(
  router: Router,
  { outcomeReviews }: { outcomeReviews: OutcomeReviewsService },
): void {
  const tag = 'Links'
  defineRoute(
    router,
    {
      method: 'get',
      path: '/links/:linkId/outcomes',
      summary: 'The agreed outcomes with their review schedule, every review and the evidence a teacher may pick',
      tag,
      access: 'user',
      params: linkIdParamsSchema,
      response: outcomeReviewsSchema,
    },
    ({ auth, params }) => outcomeReviews.list(auth.user, params.linkId),
  )
  defineRoute(
    router,
    {
      method: 'post',
      path: '/links/:linkId/outcomes/reviews',
      summary: "Record my school's review of an outcome, or (once every school has) the joint one",
      tag,
      access: 'teacher',
      params: linkIdParamsSchema,
      body: outcomeReviewInputSchema,
      response: outcomeReviewSchema,
      status: 201,
      idempotent: true,
    },
    ({ auth, params, body }) => outcomeReviews.review(auth.user, params.linkId, body),
  )
  defineRoute(
    router,
    {
      method: 'put',
      path: '/links/:linkId/curriculum',
      summary: "My school's subjects, SDGs and partner-language use for one of the link's activities",
      tag,
      access: 'teacher',
      params: linkIdParamsSchema,
      body: curriculumTagSchema,
    },
    async ({ auth, params, body: { kind, itemId, ...input } }) => {
      await outcomeReviews.tag(auth.user, params.linkId, kind, itemId, input)
    },
  )
}
