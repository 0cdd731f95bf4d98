import type { TFunction } from 'i18next'

/**
 * The translated message for a form field's error, from its type: a zod issue code (forms validated by a
 * shared schema) or a plain rule (client/src/ui/useLightForm.ts: the sign-in forms). Never the library's English text.
 */
const MESSAGE_OF_TYPE: Record<string, string> = {
  too_small: 'too_small',
  too_big: 'too_big',
  invalid_format: 'invalid_format',
  invalid_type: 'invalid_type',
  invalid_value: 'invalid_value',
  // useLightForm's plain rules (react-hook-form's names)
  required: 'invalid_type',
  minLength: 'too_small',
  maxLength: 'too_big',
  pattern: 'invalid_format',
  validate: 'invalid_format',
}

export function fieldError(t: TFunction, error: { type?: string } | undefined): string | undefined {
  if (!error) return undefined
  const key = error.type ? MESSAGE_OF_TYPE[error.type] : undefined
  return t(`errors:field.${key ?? 'custom'}`)
}
