import { z } from 'zod'

/** Server-generated identifiers are UUIDs. */
export const idSchema = z.uuid()
export type Id = z.infer<typeof idSchema>

export const isoDateTimeSchema = z.iso.datetime({ offset: true })

/**
 * True for C0 control characters other than tab, line feed and carriage return, and for UTF-16
 * surrogates that are not part of a pair. No keyboard types them; PostgreSQL refuses NUL in text
 * outright, and a lone surrogate cannot be encoded as UTF-8, so both are refused at the edge with the
 * field named. (A loop, not a regex with lookbehind, which older school iPads cannot parse.)
 */
export function hasInvalidCodePoint(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i)
    if (c < 0x20) {
      if (c !== 0x09 && c !== 0x0a && c !== 0x0d) return true
    } else if (c >= 0xd800 && c <= 0xdbff) {
      const next = value.charCodeAt(i + 1)
      if (!(next >= 0xdc00 && next <= 0xdfff)) return true
      i++
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return true
    }
  }
  return false
}

export const INVALID_CODE_POINT_MESSAGE = 'Contains a character that is not allowed'

/** Every string a client sends starts here: any text, but no control characters or broken Unicode. */
export function safeString() {
  return z.string().refine((value) => !hasInvalidCodePoint(value), INVALID_CODE_POINT_MESSAGE)
}

/** A BCP 47 language tag such as `en`, `cy`, `sw`, `ar` or `pt-BR`. */
export const languageTagSchema = safeString()
  .trim()
  .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, 'Use a language code such as en, cy or sw')

export const languagesSchema = z.array(languageTagSchema).min(1).max(10)

/** ISO 3166-1 alpha-2 country code, upper case. */
export const countryCodeSchema = safeString()
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
export const timeZoneSchema = safeString()
  .trim()
  .min(1)
  .max(64)
  .refine(isValidTimeZone, 'Use a time zone such as Europe/London')

/** Free text typed by a person: trimmed, never empty. */
export function textSchema(max: number) {
  return safeString().trim().min(1, 'Required').max(max, `At most ${max} characters`)
}

/** Free text that may be left empty: trimmed, `''` when omitted. */
export function optionalTextSchema(max: number) {
  return safeString().trim().max(max, `At most ${max} characters`).default('')
}

/** A partial update must change something: an empty one is refused instead of reaching the database. */
export function requireSomeField<T extends z.ZodObject>(schema: T) {
  return schema.refine((value: Record<string, unknown>) => Object.values(value).some((field) => field !== undefined), {
    message: 'Give at least one field to change',
  })
}

export const pageQuerySchema = z.object({
  cursor: safeString().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
})
export type PageQuery = z.infer<typeof pageQuerySchema>

export interface Page<T> {
  items: T[]
  nextCursor: string | null
}

export { IDEMPOTENCY_KEY_HEADER } from '../http.js'

/** A key chosen by the client for one write (a UUID, or any 16–128 letters, digits, `-`, `_`, `.`, `:`). */
export const idempotencyKeySchema = z
  .string()
  .regex(
    /^[A-Za-z0-9_.:-]{16,128}$/,
    'Use a random key of 16 to 128 letters, digits, "-", "_", "." or ":", such as a UUID',
  )
