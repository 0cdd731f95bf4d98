import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { brotliCompressSync, gzipSync } from 'node:zlib'
import { io as connect } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../test/server.js'

const script = `console.log(${JSON.stringify('a pupil on a slow line '.repeat(200))})`
const page = `<!doctype html><html lang="en"><title>Bridges</title><body>${'<p>shell</p>'.repeat(200)}</body></html>`

/** A built client as vite.config.ts writes it: each file with its Brotli and gzip copies, no source maps. */
function fakeBuild(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bridges-static-'))
  fs.mkdirSync(path.join(dir, 'assets'))
  for (const [file, text] of [
    ['index.html', page],
    ['assets/index-abc123.js', script],
  ] as const) {
    fs.writeFileSync(path.join(dir, file), text)
    fs.writeFileSync(path.join(dir, `${file}.br`), brotliCompressSync(text))
    fs.writeFileSync(path.join(dir, `${file}.gz`), gzipSync(text))
  }
  // A map that slipped into the served folder all the same is still not served.
  fs.writeFileSync(path.join(dir, 'assets/index-abc123.js.map'), '{"version":3}')
  return dir
}

/** A raw GET (fetch would decode the body and hide the encoding). */
function get(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
      })
      .on('error', reject)
  })
}

let server: TestServer
let clientDir: string
beforeAll(async () => {
  clientDir = fakeBuild()
  server = await startTestServer({ clientDir })
})
afterAll(async () => {
  await server.close()
  fs.rmSync(clientDir, { recursive: true, force: true })
})

describe('compressed responses', () => {
  it('serves the precompressed copy of a hashed bundle the browser accepts, Brotli first, with Vary', async () => {
    const url = `${server.url}/assets/index-abc123.js`
    const br = await get(url, { 'accept-encoding': 'gzip, deflate, br' })
    expect(br.headers['content-encoding']).toBe('br')
    expect(br.headers.vary).toMatch(/Accept-Encoding/i)
    expect(br.headers['content-type']).toMatch(/javascript/)
    expect(br.headers['cache-control']).toMatch(/immutable/)
    expect(br.body.length).toBe(fs.statSync(path.join(clientDir, 'assets/index-abc123.js.br')).size)

    const gz = await get(url, { 'accept-encoding': 'gzip' })
    expect(gz.headers['content-encoding']).toBe('gzip')
    const plain = await get(url, { 'accept-encoding': 'identity' })
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.body.toString()).toBe(script)
  })

  it('sends the page (app shell) compressed too, for every app path', async () => {
    for (const route of ['/', '/sign-in', '/boards/123']) {
      const res = await get(server.url + route, { 'accept-encoding': 'br' })
      expect(res.status).toBe(200)
      expect(res.headers['content-encoding']).toBe('br')
      expect(res.headers['content-type']).toMatch(/text\/html/)
      expect(res.headers.vary).toMatch(/Accept-Encoding/i)
      expect(res.headers['cache-control']).toBe('no-cache')
    }
    expect((await get(`${server.url}/sign-in`)).body.toString()).toBe(page)
  })

  it('never serves a source map', async () => {
    const res = await get(`${server.url}/assets/index-abc123.js.map`)
    expect(res.status).toBe(404)
    expect(res.body.toString()).not.toContain('version')
  })

  it('compresses API JSON above 1 KB only', async () => {
    const big = await get(`${server.url}/api/openapi.json`, { 'accept-encoding': 'gzip, br' })
    expect(big.status).toBe(200)
    expect(big.headers['content-encoding']).toBe('br')
    expect(big.headers.vary).toMatch(/Accept-Encoding/i)
    const small = await get(`${server.url}/api/session`, { 'accept-encoding': 'gzip, br' })
    expect(small.headers['content-encoding']).toBeUndefined()
    expect(JSON.parse(small.body.toString())).toEqual({ user: null, school: null })
  })

  it('leaves Socket.IO alone: polling and WebSocket handshakes still work', async () => {
    const polling = await get(`${server.url}/socket.io/?EIO=4&transport=polling`, { 'accept-encoding': 'gzip, br' })
    // Unauthenticated handshakes are refused by Socket.IO itself, in its own plain format.
    expect(polling.headers['content-encoding']).not.toBe('br')
    for (const transport of ['websocket', 'polling'] as const) {
      const socket = connect(server.url, { transports: [transport], reconnection: false, forceNew: true })
      const error = await new Promise<Error>((resolve) => socket.once('connect_error', resolve))
      socket.close()
      // Reached the server's own authentication: the transport itself worked.
      expect(error.message).toBe('UNAUTHENTICATED')
    }
  })
})
