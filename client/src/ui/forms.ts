import { z } from 'zod'
import { languagesSchema } from '../../../shared/schemas/common.js'
import { deviceTimeZone } from '../i18n/format.js'

export { fieldError } from './fieldError.js'

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
