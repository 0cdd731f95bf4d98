import { z } from 'zod'
import { idSchema } from './common.js'

/**
 * A link joins 2–4 classes of different schools. It is `forming` until every class has signed the
 * current agreement, then `active`; any of its teachers can pause it or end it (the exit strategy).
 */
export const linkStatusSchema = z.enum(['forming', 'active', 'paused', 'ended'])
export type LinkStatus = z.infer<typeof linkStatusSchema>

export const MAX_CLASSES_PER_LINK = 4

/** A class as its partners see it: never its pupils or its sign-in code. */
export const linkClassSchema = z.object({
  classId: idSchema,
  className: z.string(),
  schoolId: idSchema,
  schoolName: z.string(),
  country: z.string(),
  city: z.string(),
  timeZone: z.string(),
  languages: z.array(z.string()),
  ageMin: z.number().int(),
  ageMax: z.number().int(),
  /** 0–3: which of the link's accent colours marks this class's posts. */
  colorIndex: z.number().int().min(0).max(3),
  joinedAt: z.string(),
})
export type LinkClass = z.infer<typeof linkClassSchema>

export const linkSchema = z.object({
  id: idSchema,
  status: linkStatusSchema,
  classes: z.array(linkClassSchema),
  createdAt: z.string(),
})
export type Link = z.infer<typeof linkSchema>

export const linkIdParamsSchema = z.object({ linkId: idSchema })
