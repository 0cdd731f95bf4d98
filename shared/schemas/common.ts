import { z } from 'zod'

/** Server-generated identifiers are UUIDs. */
export const idSchema = z.uuid()
export type Id = z.infer<typeof idSchema>

export const isoDateTimeSchema = z.iso.datetime({ offset: true })

/** A BCP 47 language tag such as `en`, `cy`, `sw`, `ar` or `pt-BR`. */
export const languageTagSchema = z
  .string()
  .trim()
  .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, 'Use a language code such as en, cy or sw')

export const languagesSchema = z.array(languageTagSchema).min(1).max(10)

/** ISO 3166-1 alpha-2 country code, upper case. */
export const countryCodeSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{2}$/, 'Use a two-letter country code such as GB or KE')
  .transform((code) => code.toUpperCase())

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

/** An IANA time zone name such as `Europe/London` or `Africa/Nairobi`. */
export const timeZoneSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine(isValidTimeZone, 'Use a time zone such as Europe/London')

/** Free text typed by a person: trimmed, never empty. */
export function textSchema(max: number) {
  return z.string().trim().min(1, 'Required').max(max, `At most ${max} characters`)
}

export const pageQuerySchema = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
})
export type PageQuery = z.infer<typeof pageQuerySchema>

export interface Page<T> {
  items: T[]
  nextCursor: string | null
}
