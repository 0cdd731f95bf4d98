import type { TFunction } from 'i18next'
import { MIN_PASSWORD_LENGTH, passwordFeedbackKeys } from '../../../../shared/schemas/accounts.js'
import { ApiRequestError } from '../../api/http.js'

/**
 * The server's reason a new password was refused (WEAK_PASSWORD), in the reader's language: zxcvbn's
 * warning and suggestions arrive as keys beside the named field. Undefined for any other error.
 */
export function passwordFeedback(
  t: TFunction,
  i18n: { exists(key: string): boolean },
  error: unknown,
  field: string,
): string | undefined {
  if (!(error instanceof ApiRequestError) || error.error.code !== 'WEAK_PASSWORD') return undefined
  const fields = error.error.fields ?? {}
  const keys = passwordFeedbackKeys(field)
  if (fields[keys.suggestions] === undefined)
    return t('accounts:passwordFeedback.tooShort', { min: MIN_PASSWORD_LENGTH })
  const warning = fields[keys.warning]
  const suggestions = (fields[keys.suggestions] ?? '').split(',').filter(Boolean)
  // Only keys this version knows: a newer zxcvbn's new key falls back to the general sentence.
  const lines = [
    warning && i18n.exists(`accounts:passwordFeedback.warnings.${warning}`)
      ? t(`accounts:passwordFeedback.warnings.${warning}`)
      : t('accounts:passwordFeedback.weak'),
    ...suggestions
      .filter((key) => i18n.exists(`accounts:passwordFeedback.suggestions.${key}`))
      .map((key) => t(`accounts:passwordFeedback.suggestions.${key}`)),
  ]
  return lines.join(' ')
}

/** True when the error is a refused password, shown beside its field rather than as a general notice. */
export const isWeakPassword = (error: unknown) =>
  error instanceof ApiRequestError && error.error.code === 'WEAK_PASSWORD'
