import fs from 'node:fs'
import { pipeline } from 'node:stream/promises'
import type { Router } from 'express'
import { linkIdParamsSchema } from '../../../shared/schemas/links.js'
import {
  captionParamsSchema,
  captionsInputSchema,
  classParamsSchema,
  MAX_VIDEO_UPLOAD_BYTES,
  videoParamsSchema,
  videoSchema,
  videoSettingsInputSchema,
  videoSettingsSchema,
} from '../../../shared/schemas/video.js'
import { defineRoute } from '../../http/routes.js'
import { receiveVideoFile } from './videoUpload.js'
import type { VideoService } from './video.service.js'

/** The upload route, which takes multipart bodies (see requireJsonBody in app.ts). */
export const VIDEO_UPLOAD_PATH = '/links/:linkId/videos'

export function registerVideoRoutes(router: Router, { video }: { video: VideoService }): void {
  const tag = 'Video'
  defineRoute(
    router,
    {
      method: 'post',
      path: VIDEO_UPLOAD_PATH,
      summary: 'Upload a recorded or phone video (multipart field "file"); probed, then transcoded in the queue',
      tag,
      access: 'user',
      params: linkIdParamsSchema,
      response: videoSchema,
      status: 201,
      idempotent: true,
    },
    async ({ auth, params, req }) => {
      await video.assertCanUpload(auth.user, params.linkId)
      const file = await receiveVideoFile(req, MAX_VIDEO_UPLOAD_BYTES)
      try {
        return await video.upload(auth.user, params.linkId, file)
      } finally {
        fs.rmSync(file, { force: true })
      }
    },
  )
  defineRoute(
    router,
    {
      method: 'get',
      path: '/videos/:videoId',
      summary: 'A video postcard’s state: transcode progress, size, captions',
      tag,
      access: 'user',
      params: videoParamsSchema,
      response: videoSchema,
    },
    ({ auth, params }) => video.status(auth.user, params.videoId),
  )
  defineRoute(
    router,
    {
      method: 'get',
      path: '/videos/:videoId/file',
      summary: 'The video (MP4) with HTTP range requests, for those who may see it',
      tag,
      access: 'user',
      params: videoParamsSchema,
    },
    async ({ auth, params, req, res }) => {
      const file = await video.file(auth.user, params.videoId)
      res.setHeader('Accept-Ranges', 'bytes')
      // Never cached by shared proxies: a school's shared line must not hand pupils' videos to others.
      res.setHeader('Cache-Control', 'private, max-age=86400')
      res.type('video/mp4')
      const ranges = file.length > 0 ? req.range(file.length, { combine: true }) : undefined
      if (ranges === -1) {
        res.status(416).setHeader('Content-Range', `bytes */${file.length}`).end()
        return undefined
      }
      let [start, end] = [0, file.length - 1]
      if (Array.isArray(ranges) && ranges.type === 'bytes' && ranges.length === 1) {
        ;({ start, end } = ranges[0]!)
        res.status(206).setHeader('Content-Range', `bytes ${start}-${end}/${file.length}`)
      }
      res.setHeader('Content-Length', String(end - start + 1))
      if (req.method === 'HEAD' || file.length === 0) res.end()
      // A viewer who seeks away closes the connection: the pipeline then stops reading the store.
      else await pipeline(file.read(start, end), res).catch(() => res.destroy())
      return undefined
    },
  )
  defineRoute(
    router,
    {
      method: 'get',
      path: '/videos/:videoId/captions/:language',
      summary: 'A video’s captions in one language (WebVTT)',
      tag,
      access: 'user',
      params: captionParamsSchema,
    },
    async ({ auth, params, res }) => {
      const vtt = await video.caption(auth.user, params.videoId, params.language)
      res.setHeader('Cache-Control', 'private, no-cache')
      res.type('text/vtt').send(vtt)
      return undefined
    },
  )
  defineRoute(
    router,
    {
      method: 'put',
      path: '/videos/:videoId/captions/:language',
      summary: 'A teacher of the sending school adds or replaces captions (WebVTT) in one of the link’s languages',
      tag,
      access: 'teacher',
      params: captionParamsSchema,
      body: captionsInputSchema,
      response: videoSchema,
    },
    ({ auth, params, body }) => video.setCaption(auth.user, params.videoId, params.language, body),
  )
  defineRoute(
    router,
    {
      method: 'get',
      path: '/links/:linkId/video-settings',
      summary: 'Whether video is on, the school’s longest video and whether pupils may record',
      tag,
      access: 'user',
      params: linkIdParamsSchema,
      response: videoSettingsSchema,
    },
    ({ auth, params }) => video.settings(auth.user, params.linkId),
  )
  defineRoute(
    router,
    {
      method: 'patch',
      path: '/classes/:classId/video-settings',
      summary: 'A teacher lets the class’s pupils record, or sets the school’s longest video',
      tag,
      access: 'teacher',
      params: classParamsSchema,
      body: videoSettingsInputSchema,
      response: videoSettingsSchema,
    },
    ({ auth, params, body }) => video.updateSettings(auth.user, params.classId, body),
  )
}
