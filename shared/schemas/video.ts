import { z } from 'zod'
import { idSchema, languageTagSchema } from './common.js'

/** The largest recording or phone video accepted before transcoding (two minutes of 1080p from a phone). */
export const MAX_VIDEO_UPLOAD_BYTES = 200 * 1024 * 1024
/** A school's longest video when it has not chosen (the issue's default: two minutes). */
export const DEFAULT_VIDEO_MAX_SECONDS = 120
/** The longest caption file accepted (a two-minute video's captions are a few kilobytes). */
export const MAX_CAPTION_CHARS = 64 * 1024

/** queued: waiting for a worker; processing: being transcoded; ready: plays; failed: ffmpeg could not read it. */
export const videoStatusSchema = z.enum(['queued', 'processing', 'ready', 'failed'])
export type VideoStatus = z.infer<typeof videoStatusSchema>

export const videoCaptionSchema = z.object({ language: z.string(), updatedAt: z.string() })

/** A video postcard's state: its id is the media id a wall item carries (its poster is that picture). */
export const videoSchema = z.object({
  id: idSchema,
  linkId: idSchema,
  status: videoStatusSchema,
  /** 0–100 while transcoding. */
  progress: z.number().int().min(0).max(100),
  durationMs: z.number().int(),
  width: z.number().int(),
  height: z.number().int(),
  /** The transcoded file's size (0 until ready). */
  bytes: z.number().int(),
  captions: z.array(videoCaptionSchema),
  createdAt: z.string(),
})
export type Video = z.infer<typeof videoSchema>

export const videoParamsSchema = z.object({ videoId: idSchema })
export const captionParamsSchema = z.object({ videoId: idSchema, language: languageTagSchema })

/**
 * A WebVTT caption file: the WEBVTT header, then cues whose timings read `00:01.000 --> 00:04.000`.
 * Cue text is shown as text by the browser (no markup is rendered beyond WebVTT's own tags).
 */
const TIMING = /^(\d{2,}:)?\d{2}:\d{2}\.\d{3} --> (\d{2,}:)?\d{2}:\d{2}\.\d{3}( .*)?$/
export function vttProblem(text: string): string | undefined {
  const lines = text.replace(/\r\n?/g, '\n').split('\n')
  if (!/^WEBVTT( |\t|$)/.test(lines[0] ?? '')) return 'A caption file starts with WEBVTT'
  let cues = 0
  for (const [index, line] of lines.entries()) {
    if (!line.includes('-->')) continue
    if (!TIMING.test(line.trim())) return `Line ${index + 1}: a cue timing reads 00:01.000 --> 00:04.000`
    cues += 1
  }
  return cues === 0 ? 'Add at least one cue (00:00.000 --> 00:03.000, then its text)' : undefined
}
export const captionsInputSchema = z.object({
  vtt: z
    .string()
    .max(MAX_CAPTION_CHARS)
    .superRefine((text, ctx) => {
      const problem = vttProblem(text)
      if (problem) ctx.addIssue({ code: 'custom', message: problem })
    }),
})
export type CaptionsInput = z.infer<typeof captionsInputSchema>

/** Who may record and for how long: the duration is the school's, pupils' recording the class's. */
export const videoSettingsSchema = z.object({
  maxSeconds: z.number().int().min(10).max(600),
  pupilsMayRecord: z.boolean(),
  /** False when this server has no ffmpeg: video is switched off. */
  available: z.boolean(),
})
export type VideoSettings = z.infer<typeof videoSettingsSchema>
export const videoSettingsInputSchema = z.object({
  maxSeconds: z.number().int().min(10).max(600).optional(),
  pupilsMayRecord: z.boolean().optional(),
})
export const classParamsSchema = z.object({ classId: idSchema })

/** Live progress of a transcode, to the uploader's school teachers and the uploader. */
export const videoProgressSchema = z.object({
  videoId: idSchema,
  linkId: idSchema,
  status: videoStatusSchema,
  progress: z.number().int(),
})
export type VideoProgress = z.infer<typeof videoProgressSchema>
