import type { Router } from 'express'
import { linkIdParamsSchema } from '../../../shared/schemas/links.js'
import { MAX_UPLOAD_BYTES, mediaParamsSchema, mediaQuerySchema, mediaSchema } from '../../../shared/schemas/media.js'
import { defineRoute } from '../../http/routes.js'
import { readSingleFile } from '../../http/upload.js'
import type { MediaService } from './media.service.js'

export function registerMediaRoutes(router: Router, { media }: { media: MediaService }): void {
  const tag = 'Media'
  defineRoute(
    router,
    {
      method: 'post',
      path: '/links/:linkId/media',
      summary: 'Upload a picture (multipart field "file", at most 15 MB); metadata is removed',
      tag,
      access: 'user',
      params: linkIdParamsSchema,
      response: mediaSchema,
      status: 201,
      idempotent: true,
    },
    async ({ auth, params, req }) => {
      await media.assertCanUpload(auth.user, params.linkId)
      return media.store(auth.user, params.linkId, await readSingleFile(req, MAX_UPLOAD_BYTES))
    },
  )
  defineRoute(
    router,
    {
      method: 'get',
      path: '/media/:mediaId',
      summary: 'A picture, for members of its link only',
      tag,
      access: 'user',
      params: mediaParamsSchema,
      query: mediaQuerySchema,
    },
    async ({ auth, params, query, res }) => {
      const bytes = await media.picture(auth.user, params.mediaId, query.size)
      // Never cached by shared proxies: a school's shared line must not hand pupils' pictures to others.
      res.setHeader('Cache-Control', 'private, max-age=86400')
      res.type('image/webp')
      res.send(bytes)
      return undefined
    },
  )
}
