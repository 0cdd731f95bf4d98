import type { Request } from 'express'
import busboy from 'busboy'
import { DomainError } from '../domain/errors.js'

/**
 * Reads the one file of a multipart upload into memory, streaming, and stops as soon as it passes
 * `maxBytes` (the rest of the request is drained, never buffered). Nothing touches the disk here.
 */
export function readSingleFile(req: Request, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy
    try {
      parser = busboy({ headers: req.headers, limits: { fileSize: maxBytes, files: 1, fields: 5 } })
    } catch {
      reject(
        new DomainError('INVALID_PAYLOAD', 'Send the picture as multipart/form-data in a field named "file"', {
          fields: { file: 'Required' },
        }),
      )
      return
    }
    let found = false
    let tooLarge = false
    const chunks: Buffer[] = []
    parser.on('file', (_name, stream) => {
      found = true
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('limit', () => {
        tooLarge = true
        chunks.length = 0
        stream.resume()
      })
    })
    parser.on('error', () => reject(new DomainError('INVALID_PAYLOAD', 'The upload could not be read')))
    parser.on('close', () => {
      if (tooLarge)
        reject(new DomainError('PAYLOAD_TOO_LARGE', `Pictures can be at most ${Math.round(maxBytes / 1024 / 1024)} MB`))
      else if (!found || chunks.length === 0)
        reject(new DomainError('INVALID_PAYLOAD', 'No picture was sent', { fields: { file: 'Required' } }))
      else resolve(Buffer.concat(chunks))
    })
    req.pipe(parser)
  })
}
