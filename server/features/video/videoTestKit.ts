import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { ErrorBody } from '../../../shared/errors.js'
import type { Video } from '../../../shared/schemas/video.js'
import { expect } from 'vitest'
import { multipart } from '../../test/fixtures.js'
import type { TestClient, TestServer } from '../../test/server.js'

export const ffmpegSkipReason = (() => {
  try {
    execFileSync('ffprobe', ['-version'], { stdio: 'ignore' })
    execFileSync('ffmpeg', ['-version'], { stdio: 'ignore' })
    return undefined
  } catch {
    return 'Video tests skipped: ffmpeg/ffprobe are not installed (apt-get install -y ffmpeg).'
  }
})()

export const uploadVideo = (client: TestClient, linkId: string, file: Buffer, name = 'postcard.mp4') => {
  const { body, contentType } = multipart(file, name, 'video/mp4')
  return client.request<Video & ErrorBody>('POST', `/api/links/${linkId}/videos`, body, { 'content-type': contentType })
}

/** Uploads a 40-second clip and waits until a worker has started transcoding it (to stop a node mid-job). */
export async function uploadLongUntilProcessing(client: TestClient, linkId: string): Promise<Video> {
  const long = await uploadVideo(client, linkId, makeClip(40, '640x480'))
  expect(long.status).toBe(201)
  let state: Video = long.body
  while (state.status !== 'processing') {
    expect(state.status).toBe('queued')
    state = (await client.get<Video>(`/api/videos/${long.body.id}`)).body
  }
  return state
}

/** Polls the video's state (the worker runs in the background) until it is ready or failed. */
export async function settled(client: TestClient, videoId: string, timeoutMs = 30_000): Promise<Video> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const { body } = await client.get<Video>(`/api/videos/${videoId}`)
    if (body.status === 'ready' || body.status === 'failed' || Date.now() > until) return body
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

export const fetchVideo = async (server: TestServer, client: TestClient, videoId: string, range?: string) => {
  const res = await fetch(`${server.url}/api/videos/${videoId}/file`, {
    headers: { cookie: client.cookie, ...(range ? { range } : {}) },
  })
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) }
}

/** ffprobe's view of some bytes: streams with their tags and side data, and the container's tags. */
export function probeBytes(bytes: Buffer): {
  streams: {
    codec_type: string
    codec_name: string
    width?: number
    height?: number
    bit_rate?: string
    tags?: Record<string, string>
    side_data_list?: unknown[]
  }[]
  format: { tags?: Record<string, string>; format_name: string; bit_rate?: string }
} {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bridges-probe-'))
  try {
    const file = path.join(dir, 'v.mp4')
    fs.writeFileSync(file, bytes)
    const out = execFileSync('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file])
    return JSON.parse(out.toString()) as ReturnType<typeof probeBytes>
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

/** A short test clip made by ffmpeg (colour bars and a tone). */
export function makeClip(seconds: number, size = '320x240'): Buffer {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bridges-clip-'))
  try {
    const file = path.join(dir, 'clip.mp4')
    execFileSync('ffmpeg', [
      ...['-v', 'error', '-f', 'lavfi', '-i', `testsrc=duration=${seconds}:size=${size}:rate=15`],
      ...['-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`, '-shortest'],
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', file],
    ])
    return fs.readFileSync(file)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
