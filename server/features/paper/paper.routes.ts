import type { Router } from 'express'
import { linkIdParamsSchema } from '../../../shared/schemas/links.js'
import {
  MAX_PAPER_FILE_BYTES,
  MAX_PAPER_FILES,
  paperContextSchema,
  paperFiledSchema,
  paperLettersSchema,
  paperPageParamsSchema,
  paperRotationSchema,
  paperSummarySchema,
  paperUploadParamsSchema,
  paperUploadSchema,
  replySheetsSchema,
} from '../../../shared/schemas/paper.js'
import { roundParamsSchema } from '../../../shared/schemas/wall.js'
import { defineRoute } from '../../http/routes.js'
import type { PaperService } from './paper.service.js'
import { readFiles } from './paperUpload.js'
import type { ReplySheetsService } from './replySheets.service.js'

export function registerPaperRoutes(
  router: Router,
  { paper, replySheets }: { paper: PaperService; replySheets: ReplySheetsService },
): void {
  const tag = 'Paper'
  defineRoute(
    router,
    {
      method: 'post',
      path: '/links/:linkId/paper/uploads',
      summary: `Upload a stack of letters: photos and/or scanned PDFs (multipart fields "file", at most ${MAX_PAPER_FILES}); pages are split, straightened, cropped and stripped of metadata`,
      tag,
      access: 'teacher',
      params: linkIdParamsSchema,
      response: paperUploadSchema,
      status: 201,
      idempotent: true,
    },
    async ({ auth, params, req }) => {
      await paper.assertCanUpload(auth.user, params.linkId)
      const files = await readFiles(req, MAX_PAPER_FILES, MAX_PAPER_FILE_BYTES)
      return paper.upload(auth.user, params.linkId, files)
    },
  )
  defineRoute(
    router,
    {
      method: 'get',
      path: '/links/:linkId/paper/uploads/:uploadId',
      summary: "An upload's pages, for the teacher's school only",
      tag,
      access: 'teacher',
      params: paperUploadParamsSchema,
      response: paperUploadSchema,
    },
    ({ auth, params }) => paper.uploadOf(auth.user, params.linkId, params.uploadId),
  )
  defineRoute(
    router,
    {
      method: 'post',
      path: '/links/:linkId/paper/uploads/:uploadId/pages/:mediaId/rotate',
      summary:
        'Turn a page still waiting in its upload clockwise by quarter turns; the turned page replaces it (a new picture id)',
      tag,
      access: 'teacher',
      params: paperPageParamsSchema,
      body: paperRotationSchema,
      response: paperUploadSchema,
    },
    ({ auth, params, body }) => paper.rotate(auth.user, params.linkId, params.uploadId, params.mediaId, body),
  )
  defineRoute(
    router,
    {
      method: 'get',
      path: '/links/:linkId/paper/context',
      summary: 'The open round, and my pupils with their pen pals and reply-sheet codes',
      tag,
      access: 'teacher',
      params: linkIdParamsSchema,
      response: paperContextSchema,
    },
    ({ auth, params }) => paper.context(auth.user, params.linkId),
  )
  defineRoute(
    router,
    {
      method: 'post',
      path: '/links/:linkId/paper/letters',
      summary: "File an upload's pages as my pupils' letters in the open round (held, or approved as filed)",
      tag,
      access: 'teacher',
      params: linkIdParamsSchema,
      body: paperLettersSchema,
      response: paperFiledSchema,
      status: 201,
      idempotent: true,
    },
    ({ auth, params, body }) => paper.file(auth.user, params.linkId, body),
  )
  defineRoute(
    router,
    {
      method: 'get',
      path: '/links/:linkId/paper/summary',
      summary: 'Per round and class: letters that came on paper and online',
      tag,
      access: 'user',
      params: linkIdParamsSchema,
      response: paperSummarySchema,
    },
    ({ auth, params }) => paper.summary(auth.user, params.linkId),
  )
  defineRoute(
    router,
    {
      method: 'get',
      path: '/rounds/:roundId/paper/sheets',
      summary: "The printed round: each of my pupils' pen pal letters and a reply sheet with its code",
      tag,
      access: 'teacher',
      params: roundParamsSchema,
      response: replySheetsSchema,
    },
    ({ auth, params }) => replySheets.sheets(auth.user, params.roundId),
  )
}
