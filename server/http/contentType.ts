import type { RequestHandler } from 'express'
import { sendError } from './errors.js'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** `/links/:linkId/media` → a pattern matching one concrete path of that route. */
const pathPattern = (route: string) =>
  new RegExp(`^${route.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:\w+/g, '[^/]+')}/?$`)

const hasBody = (headers: Record<string, string | string[] | undefined>) =>
  headers['transfer-encoding'] !== undefined || Number(headers['content-length'] ?? 0) > 0

/**
 * The API speaks JSON. An HTML form can post text/plain, urlencoded or multipart bodies to another
 * site without asking first, so those are refused before any route runs (JSON from another site
 * needs a CORS preflight this server never grants). Multipart is allowed on the upload routes only.
 */
export function requireJsonBody(options: { uploadPaths: readonly string[] }): RequestHandler {
  const uploads = options.uploadPaths.map(pathPattern)
  return (req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next()
    const header = req.headers['content-type']
    const type = header?.split(';')[0]?.trim().toLowerCase()
    if (type === undefined ? !hasBody(req.headers) : type === 'application/json') return next()
    const upload = uploads.some((pattern) => pattern.test(req.path))
    if (upload && type === 'multipart/form-data') return next()
    sendError(res, {
      code: 'UNSUPPORTED_CONTENT_TYPE',
      message: `Send ${upload ? 'the file as multipart/form-data' : 'a JSON body'} (Content-Type: ${upload ? 'multipart/form-data' : 'application/json'})`,
    })
  }
}
