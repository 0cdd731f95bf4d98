import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomUUID } from 'node:crypto'
import { pipeline } from 'node:stream/promises'
import type { Request } from 'express'
import busboy from 'busboy'
import { DomainError } from '../../domain/errors.js'

/**
 * Streams the one file of a multipart upload to a temporary file (a phone video is too large to hold
 * in memory), stopping at `maxBytes`: then the partial file is removed and the rest drained. The
 * caller removes the returned file when done with it.
 */
export function receiveVideoFile(req: Request, maxBytes: number): Promise<string> {
  const file = path.join(os.tmpdir(), `bridges-upload-${randomUUID()}`)
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy
    try {
      parser = busboy({ headers: req.headers, limits: { fileSize: maxBytes, files: 1, fields: 5 } })
    } catch {
      reject(new DomainError('INVALID_PAYLOAD', 'Send the video as multipart/form-data in a field named "file"'))
      return
    }
    let writing: Promise<void> | undefined
    let tooLarge = false
    parser.on('file', (_name, stream) => {
      stream.on('limit', () => (tooLarge = true))
      writing = pipeline(stream, fs.createWriteStream(file))
    })
    parser.on('error', () => reject(new DomainError('INVALID_PAYLOAD', 'The upload could not be read')))
    parser.on('close', () => {
      void (async () => {
        await writing?.catch(() => undefined)
        const size = writing ? (fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0) : 0
        if (tooLarge || size === 0) fs.rmSync(file, { force: true })
        if (tooLarge)
          reject(new DomainError('PAYLOAD_TOO_LARGE', `Videos can be at most ${Math.round(maxBytes / 1024 / 1024)} MB`))
        else if (size === 0)
          reject(new DomainError('INVALID_PAYLOAD', 'No video was sent', { fields: { file: 'Required' } }))
        else resolve(file)
      })()
    })
    req.pipe(parser)
  })
}
