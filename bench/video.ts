// `npm run bench:video`: a 30-second 720p clip transcoded through Bridges' queue against bare ffmpeg
// with the same settings, the output's size against the input's, and other requests' p99 while four
// videos wait in the queue (which bounds how many transcode at once) against idle.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import type { Video, VideoProgress } from '../shared/schemas/video.js'
import { BACKGROUND_PRIORITY, ENCODE_ARGS, run, SCALE_FILTER, STRIP_ARGS } from '../server/features/video/ffmpeg.js'
import { settled, uploadVideo } from '../server/features/video/videoTestKit.js'
import { createLinkedClasses } from '../server/test/links.js'
import { startTestServer, type TestClient } from '../server/test/server.js'
import { percentile, report } from './support.js'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bridges-bench-video-'))
const clip = path.join(dir, 'clip.mp4')
// Like a phone's recording: 720p at 30 frames, with moving pictures and sensor-like grain (testsrc2
// plus temporal noise), at a phone's bitrate (about 9 Mbit/s; phones record 720p at 8–12 Mbit/s).
// A clean synthetic picture compresses far better than anything a camera sees.
execFileSync('ffmpeg', [
  ...['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=duration=30:size=1280x720:rate=30,noise=alls=12:allf=t'],
  ...['-f', 'lavfi', '-i', 'sine=frequency=440:duration=30', '-shortest'],
  ...['-c:v', 'libx264', '-preset', 'veryfast', '-b:v', '9M', '-maxrate', '9M', '-bufsize', '18M'],
  ...['-c:a', 'aac', '-b:a', '128k', clip],
])
const input = fs.readFileSync(clip)

// Not spawnSync: a blocked event loop would stall the server in this process (and its idle connections).
// At the transcode's own CPU priority: on a busy machine a lower priority alone would dwarf what this
// measures, the pipeline's cost around ffmpeg.
async function bareFfmpegMs(): Promise<number> {
  const started = performance.now()
  const out = path.join(dir, 'bare.mp4')
  const result = await run(
    'ffmpeg',
    [
      ...['-hide_banner', '-nostdin', '-y', '-loglevel', 'error', '-i', clip],
      ...['-map', '0:v:0', '-map', '0:a:0?', '-vf', SCALE_FILTER, ...STRIP_ARGS, ...ENCODE_ARGS, out],
    ],
    undefined,
    undefined,
    BACKGROUND_PRIORITY,
  )
  if (result.code !== 0) throw new Error(result.stderr)
  return performance.now() - started
}

/**
 * Sends the clip as a browser sends a chosen file: streamed from disk, not first copied into memory
 * (three copies of 35 MB cost this process a second on a busy machine, and they are not Bridges' work).
 */
async function uploadFromDisk(client: TestClient, linkId: string): Promise<Video> {
  const boundary = `----bridges${Date.now().toString(16)}`
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="clip.mp4"\r\nContent-Type: video/mp4\r\n\r\n`,
  )
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`)
  async function* parts() {
    yield head
    yield* fs.createReadStream(clip)
    yield tail
  }
  const res = await fetch(`${client.baseUrl}/api/links/${linkId}/videos`, {
    method: 'POST',
    headers: {
      cookie: client.cookie,
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'content-length': String(head.length + fs.statSync(clip).size + tail.length),
    },
    body: Readable.toWeb(Readable.from(parts())) as ReadableStream,
    duplex: 'half',
  } as RequestInit)
  if (res.status !== 201) throw new Error(`upload answered ${res.status}: ${await res.text()}`)
  return (await res.json()) as Video
}

async function latencies(client: TestClient, path: string, count: number): Promise<number[]> {
  const times: number[] = []
  for (let i = 0; i < count; i++) {
    const started = performance.now()
    await client.get(path)
    times.push(performance.now() - started)
  }
  return times
}

const server = await startTestServer({ env: { MEDIA_DIR: path.join(dir, 'media'), VIDEO_CONCURRENCY: '1' } })
try {
  const linked = await createLinkedClasses(server, { pupilsPerClass: 1 })
  const teacher = linked.sides[0]!.teacher.client
  const reader = linked.sides[1]!.pupils[0]!.client
  const wall = `/api/links/${linked.link.id}/wall`

  // Bare ffmpeg before and after (their mean the baseline), so a load that drifts during the run
  // (a shared machine) weighs on both sides alike.
  // As the teacher's page does: it asks whether video is on before it offers to record, and it hears
  // of the end by socket (polling the status ten times a second would load the server it measures).
  await teacher.get(`/api/links/${linked.link.id}/video-settings`)
  const socket = await teacher.connectSocket()
  const ended = new Map<string, VideoProgress>()
  let heard: () => void = () => undefined
  socket.on('video:progress', (p) => {
    if (p.status === 'ready' || p.status === 'failed') ended.set(p.videoId, p)
    heard()
  })
  socket.on('disconnect', () => heard())
  const bareBefore = await bareFfmpegMs()
  const started = performance.now()
  const uploaded = await uploadFromDisk(teacher, linked.link.id)
  while (!ended.has(uploaded.id) && socket.connected) await new Promise<void>((resolve) => (heard = resolve))
  // Lost the socket? Then the status says when it ended (later: the ratio can only come out worse).
  const done = await settled(teacher, uploaded.id, 300_000)
  const bridges = performance.now() - started
  socket.close()
  const bare = (bareBefore + (await bareFfmpegMs())) / 2
  if (done.status !== 'ready') throw new Error(`transcode ended ${done.status}`)

  await latencies(reader, wall, 20)
  const idle = percentile(await latencies(reader, wall, 300), 99)
  const busy: number[] = []
  const four = await Promise.all([1, 2, 3, 4].map(() => uploadVideo(teacher, linked.link.id, input, 'clip.mp4')))
  const finished = Promise.all(four.map((v) => settled(teacher, v.body.id, 600_000)))
  let allDone = false
  void finished.then(() => (allDone = true))
  while (!allDone) busy.push(...(await latencies(reader, wall, 20)))

  report({
    bench: 'video',
    metric: 'output_bytes_ratio',
    value: done.bytes / input.length,
    baseline: 1,
    target: 0.1,
    inputBytes: input.length,
    outputBytes: done.bytes,
  })
  report({
    bench: 'video',
    metric: 'p99_ms_during_4_transcodes',
    value: percentile(busy, 99),
    baseline: idle,
    target: 2,
    samples: busy.length,
  })
  report({ bench: 'video', metric: 'transcode_ms', value: bridges, baseline: bare, target: 1.2 })
} finally {
  await server.close()
  fs.rmSync(dir, { recursive: true, force: true })
}
