import { spawn } from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import { DomainError } from '../../domain/errors.js'

/** What Bridges reads from ffprobe before accepting a video. */
export interface ProbedVideo {
  durationMs: number
  /** Displayed size: the stored size turned by the display rotation a phone writes. */
  width: number
  height: number
  hasAudio: boolean
}

/** Where the binaries are; absent ones switch video off (see `ffmpegAvailable`). */
export interface FfmpegPaths {
  ffmpeg: string
  ffprobe: string
}

/** Encoder settings: one small format Chromium and old phones play (H.264 Main + AAC, 480p, ≤ 500 kbit/s). */
export const ENCODE_ARGS = [
  ...['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '28', '-maxrate', '500k', '-bufsize', '1M'],
  ...['-profile:v', 'main', '-pix_fmt', 'yuv420p'],
  ...['-c:a', 'aac', '-b:a', '64k', '-ac', '1'],
  ...['-movflags', '+faststart'],
]
/** The shorter side at most 480 pixels (portrait stays portrait), even sizes as H.264 needs. */
export const SCALE_FILTER = "scale='if(gt(iw,ih),-2,min(480,iw))':'if(gt(iw,ih),min(480,ih),-2)'"
/**
 * Every container and stream tag dropped (phones write GPS `location`, names and times), chapters too;
 * bitexact keeps the muxer from writing its own version strings.
 */
export const STRIP_ARGS = [
  ...['-map_metadata', '-1', '-map_chapters', '-1', '-map_metadata:s', '-1'],
  ...['-fflags', '+bitexact', '-flags:v', '+bitexact', '-flags:a', '+bitexact'],
]

interface RunResult {
  code: number | null
  stdout: string
  stderr: string
}

/** Transcodes are background work: the kernel gives the server's requests the CPU first. */
export const BACKGROUND_PRIORITY = 15

/**
 * Runs a binary with an argument array (no shell); `onStdout` sees output as it arrives. A `priority`
 * (nice value) lowers the child's claim on the CPU.
 */
export function run(
  command: string,
  args: readonly string[],
  onStdout?: (chunk: string) => void,
  signal?: AbortSignal,
  priority?: number,
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], signal })
    if (priority !== undefined && child.pid !== undefined) {
      try {
        os.setPriority(child.pid, priority)
      } catch {
        // Not allowed here (some containers): the transcode runs at normal priority.
      }
    }
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (onStdout) onStdout(chunk)
      else stdout += chunk
    })
    // Only the end of stderr is kept: ffmpeg's log of a long file is large and says nothing useful early on.
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

/** Whether ffmpeg and ffprobe both run on this machine. */
export async function ffmpegAvailable(paths: FfmpegPaths): Promise<boolean> {
  try {
    const [a, b] = await Promise.all([run(paths.ffmpeg, ['-version']), run(paths.ffprobe, ['-version'])])
    return a.code === 0 && b.code === 0
  } catch {
    return false
  }
}

const notAVideo = () =>
  new DomainError('UNSUPPORTED_MEDIA', 'That file is not a video we can read (it may be damaged or incomplete)')

interface ProbeStream {
  codec_type?: string
  width?: number
  height?: number
  side_data_list?: { rotation?: number }[]
  tags?: { rotate?: string }
}

/** Reads a file's streams; refuses (UNSUPPORTED_MEDIA) anything ffprobe cannot read or with no picture. */
export async function probe(paths: FfmpegPaths, file: string): Promise<ProbedVideo> {
  const result = await run(paths.ffprobe, [
    ...['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams'],
    file,
  ])
  if (result.code !== 0) throw notAVideo()
  let parsed: { streams?: ProbeStream[]; format?: { duration?: string } }
  try {
    parsed = JSON.parse(result.stdout) as typeof parsed
  } catch {
    throw notAVideo()
  }
  const video = parsed.streams?.find((s) => s.codec_type === 'video' && (s.width ?? 0) > 0)
  let durationMs = Math.round(Number(parsed.format?.duration ?? NaN) * 1000)
  // A browser's MediaRecorder writes WebM with no duration: then the last packet's time says it.
  if (video && !Number.isFinite(durationMs)) durationMs = await lastPacketMs(paths, file)
  if (!video || !Number.isFinite(durationMs) || durationMs <= 0) throw notAVideo()
  const rotation = Number(
    video.side_data_list?.find((d) => d.rotation !== undefined)?.rotation ?? video.tags?.rotate ?? 0,
  )
  const turned = Math.abs(rotation) % 180 === 90
  return {
    durationMs,
    width: turned ? video.height! : video.width!,
    height: turned ? video.width! : video.height!,
    hasAudio: parsed.streams?.some((s) => s.codec_type === 'audio') ?? false,
  }
}

async function lastPacketMs(paths: FfmpegPaths, file: string): Promise<number> {
  const result = await run(paths.ffprobe, [
    ...['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time', '-of', 'csv=p=0', file],
  ])
  const times = result.stdout
    .split('\n')
    .map(Number)
    .filter((n) => Number.isFinite(n) && n > 0)
  return result.code === 0 && times.length ? Math.round(Math.max(...times) * 1000) : NaN
}

/** The output size SCALE_FILTER gives for a displayed size (for the record before transcoding ends). */
export function scaledSize(width: number, height: number): { width: number; height: number } {
  const even = (n: number) => Math.max(2, Math.round(n / 2) * 2)
  const short = Math.min(width, height)
  if (short <= 480) return { width: even(width), height: even(height) }
  const f = 480 / short
  return width > height ? { width: even(width * f), height: 480 } : { width: 480, height: even(height * f) }
}

const posterBranch = (at: string) => `[p]trim=start=${at},trim=end_frame=1,setpts=PTS-STARTPTS,format=rgb24[poster]`

/**
 * Transcodes to the one format Bridges serves, turning the picture upright from its display rotation
 * (ffmpeg's autorotate) and removing every tag, and writes a poster frame (a second in, or the middle
 * of a shorter clip) as PNG from the same run: the picture is decoded and scaled once, not twice.
 * `onProgress` gets whole percents from `-progress`; the poster's bytes are returned.
 */
export async function transcodeWithPoster(
  paths: FfmpegPaths,
  files: { input: string; output: string; poster: string },
  durationMs: number,
  onProgress: (percent: number) => void,
  signal?: AbortSignal,
): Promise<Buffer> {
  let last = -1
  let buffered = ''
  const at = Math.min(1, durationMs / 2000).toFixed(3)
  const result = await run(
    paths.ffmpeg,
    [
      ...['-hide_banner', '-nostdin', '-y', '-loglevel', 'error', '-progress', 'pipe:1', '-nostats'],
      ...['-i', files.input],
      // Split after the encoder's pixel format, or negotiation converts every frame for the PNG's sake;
      // the poster branch ends after its one frame.
      ...['-filter_complex', `[0:v:0]${SCALE_FILTER},format=yuv420p,split=2[v][p];${posterBranch(at)}`],
      ...['-map', '[v]', '-map', '0:a:0?', ...STRIP_ARGS, ...ENCODE_ARGS, files.output],
      ...['-map', '[poster]', '-frames:v', '1', '-map_metadata', '-1', '-c:v', 'png', '-f', 'image2', files.poster],
    ],
    (chunk) => {
      buffered += chunk
      const lines = buffered.split('\n')
      buffered = lines.pop() ?? ''
      for (const line of lines) {
        const match = /^out_time_us=(\d+)/.exec(line)
        if (!match) continue
        const percent = Math.min(99, Math.floor(Number(match[1]) / 10 / durationMs))
        if (percent > last) onProgress((last = percent))
      }
    },
    signal,
    BACKGROUND_PRIORITY,
  )
  if (result.code !== 0) throw new Error(`ffmpeg failed: ${result.stderr.trim().slice(-500)}`)
  const poster = await fs.readFile(files.poster).catch(() => undefined)
  if (!poster?.length) throw new Error('no poster frame')
  return poster
}
