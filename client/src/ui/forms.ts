import type { FieldError } from 'react-hook-form'
import type { TFunction } from 'i18next'
import { z } from 'zod'
import { languagesSchema } from '../../../shared/schemas/common.js'
import { deviceTimeZone } from '../i18n/format.js'

/** Translates a form field's validation error from its zod issue code (never zod's English text). */
export function fieldError(t: TFunction, error: Pick<FieldError, 'type'> | { type?: string } | undefined): string | undefined {
  if (!error) return undefined
  const known = ['too_small', 'too_big', 'invalid_format', 'invalid_type', 'invalid_value']
  return t(error.type && known.includes(error.type) ? `errors:field.${error.type}` : 'errors:field.custom')
}

/** Comma-separated language codes typed by a teacher ("en, cy") → a validated list. */
export const languagesTextSchema = z
  .string()
  .transform((text) =>
    text
      .split(/[,\s]+/)
      .map((part) => part.trim())
      .filter(Boolean),
  )
  .pipe(languagesSchema)

/** Time zones this browser knows, for pickers; the device's own zone first. */
export function timeZoneOptions(): string[] {
  const own = deviceTimeZone()
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [own]
  return [own, ...all.filter((zone) => zone !== own)]
}
