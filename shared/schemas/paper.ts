import { z } from 'zod'
import { idSchema, optionalTextSchema } from './common.js'
import { pictureRefSchema } from './media.js'
import { roundSchema } from './wall.js'

/** One upload: a class's stack of photographed pages, or one scanned PDF. */
export const MAX_PAPER_FILES = 40
/** Each photo or PDF, before processing. */
export const MAX_PAPER_FILE_BYTES = 20 * 1024 * 1024
/** Pages in one upload, whatever files they came from (a class of 30, some letters two pages long). */
export const MAX_PAPER_PAGES = 60

/** A page as the server stored it: straightened, cropped and stripped of every byte of metadata. */
export const paperPageSchema = z.object({
  mediaId: idSchema,
  position: z.number().int(),
  picture: pictureRefSchema,
  /** The reply-sheet code read from the QR code printed on the sheet; null when the page has none. */
  sheetCode: z.string().nullable(),
})
export type PaperPage = z.infer<typeof paperPageSchema>

export const paperUploadSchema = z.object({ uploadId: idSchema, pages: z.array(paperPageSchema) })
export type PaperUpload = z.infer<typeof paperUploadSchema>

/** A pupil of the teacher's own classes, with her pen pals and the code on each of her reply sheets. */
export const paperPupilSchema = z.object({
  pupilId: idSchema,
  name: z.string(),
  className: z.string(),
  penPals: z.array(z.object({ pupilId: idSchema, name: z.string(), code: z.string() })),
})
export type PaperPupil = z.infer<typeof paperPupilSchema>

/** A pupil of the teacher's own classes who might be shown in a page, with her parents' photo consent. */
export const paperShownCandidateSchema = z.object({ pupilId: idSchema, name: z.string(), consent: z.boolean() })
export type PaperShownCandidate = z.infer<typeof paperShownCandidateSchema>

/** What the assignment flow needs: the round the letters go into, who can write to whom, and who may be shown. */
export const paperContextSchema = z.object({
  round: roundSchema.nullable(),
  pupils: z.array(paperPupilSchema),
  shownCandidates: z.array(paperShownCandidateSchema),
})
export type PaperContext = z.infer<typeof paperContextSchema>

export const paperLetterInputSchema = z.object({
  /** The letter's pages, in reading order. */
  pageIds: z.array(idSchema).min(1).max(10),
  pupilId: idSchema,
  /** Her pen pal; none: a letter to the whole partner class. */
  penPalId: idSchema.nullable(),
  /** What the teacher typed of it (optional): lets the reply sheet ask one of its questions. */
  text: optionalTextSchema(4000),
  /**
   * Who the pages show (a drawing or photo of a pupil; an empty list when nobody), said by the teacher
   * as she files it and checked against the photo-consent register for every page.
   */
  shownPupilIds: z.array(idSchema).max(60),
})
export type PaperLetterInput = z.infer<typeof paperLetterInputSchema>

export const paperLettersSchema = z
  .object({
    uploadId: idSchema,
    letters: z.array(paperLetterInputSchema).min(1).max(MAX_PAPER_PAGES),
    /** The teacher has read the pages: approve them as she files them (each still a moderation decision). */
    approve: z.boolean().default(false),
  })
  .refine((b) => new Set(b.letters.flatMap((l) => l.pageIds)).size === b.letters.flatMap((l) => l.pageIds).length, {
    path: ['letters'],
    message: 'Each page belongs to one letter',
  })
export type PaperLetters = z.infer<typeof paperLettersSchema>

export const paperFiledSchema = z.object({
  letters: z.array(z.object({ itemId: idSchema, pupilId: idSchema, status: z.string() })),
  /** Letters filed but not approved (a picture shows a pupil without photo consent…): they wait in the queue. */
  refused: z.array(z.object({ itemId: idSchema, code: z.string(), message: z.string() })),
})
export type PaperFiled = z.infer<typeof paperFiledSchema>

export const paperUploadParamsSchema = z.object({ linkId: idSchema, uploadId: idSchema })
export const paperPageParamsSchema = z.object({ linkId: idSchema, uploadId: idSchema, mediaId: idSchema })

/** Turns a waiting page clockwise by quarter turns (a photo taken sideways the camera did not mark). */
export const paperRotationSchema = z.object({ quarterTurns: z.union([z.literal(1), z.literal(2), z.literal(3)]) })
export type PaperRotation = z.infer<typeof paperRotationSchema>

/** One letter on the printed round: its pages (or its picture) and its text. */
export const sheetLetterSchema = z.object({
  itemId: idSchema,
  body: z.string(),
  pages: z.array(pictureRefSchema),
  source: z.enum(['paper', 'online']),
})

/** A pupil's printed sheet: her pen pal's letters, one question to answer, and the code that files her reply. */
export const replySheetSchema = z.object({
  pupilId: idSchema,
  pupilName: z.string(),
  className: z.string(),
  penPalId: idSchema,
  penPalName: z.string(),
  code: z.string(),
  letters: z.array(sheetLetterSchema),
  /** A question from the letter (its last sentence ending in "?"); null: the sheet shows a default prompt. */
  question: z.string().nullable(),
})
export type ReplySheet = z.infer<typeof replySheetSchema>
export const replySheetsSchema = z.object({ sheets: z.array(replySheetSchema) })
export type ReplySheets = z.infer<typeof replySheetsSchema>

/** Per round and class: how many of its letters came on paper and how many online (those the viewer may see). */
export const paperSummarySchema = z.object({
  rounds: z.array(
    z.object({
      roundId: idSchema,
      theme: z.string(),
      classes: z.array(
        z.object({ classId: idSchema, className: z.string(), paper: z.number().int(), online: z.number().int() }),
      ),
    }),
  ),
})
export type PaperSummary = z.infer<typeof paperSummarySchema>
