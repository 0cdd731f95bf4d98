import type { Request } from 'express'
import busboy from 'busboy'
import { DomainError } from '../../domain/errors.js'
import type { PaperFile } from './pages.js'

/**
 * Reads every file of a multipart upload (field "file", repeated) into memory, streaming. It stops
 * keeping bytes as soon as a file passes `maxBytes` or there are more than `maxFiles` files: the rest
 * of the request is drained, never buffered, and the whole upload is refused.
 */
export function readFiles(req: Request, maxFiles: number, maxBytes: number): Promise<PaperFile[]> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy
    try {
      parser = busboy({ headers: req.headers, limits: { fileSize: maxBytes, files: maxFiles, fields: 5 } })
    } catch {
      reject(
        new DomainError('INVALID_PAYLOAD', 'Send the pages as multipart/form-data in fields named "file"', {
          fields: { file: 'Required' },
        }),
      )
      return
    }
    let refusal: DomainError | undefined
    const files: PaperFile[] = []
    parser.on('file', (_name, stream, info) => {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => {
        if (!refusal) chunks.push(chunk)
      })
      stream.on('limit', () => {
        refusal ??= new DomainError(
          'PAYLOAD_TOO_LARGE',
          `Each photo or PDF can be at most ${Math.round(maxBytes / 1024 / 1024)} MB`,
        )
        files.length = 0
      })
      stream.on('end', () => {
        if (!refusal && chunks.length)
          files.push({ name: info.filename ?? '', type: info.mimeType, bytes: Buffer.concat(chunks) })
      })
    })
    parser.on('filesLimit', () => {
      refusal ??= new DomainError('TOO_MANY_FILES', `At most ${maxFiles} files can be sent at once`)
      files.length = 0
    })
    parser.on('error', () => reject(new DomainError('INVALID_PAYLOAD', 'The upload could not be read')))
    parser.on('close', () => {
      if (refusal) reject(refusal)
      else if (files.length === 0)
        reject(new DomainError('INVALID_PAYLOAD', 'No pages were sent', { fields: { file: 'Required' } }))
      else resolve(files)
    })
    req.pipe(parser)
  })
}
