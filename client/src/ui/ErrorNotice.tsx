import { useTranslation } from 'react-i18next'
import { ApiRequestError } from '../api/http.js'

/** The translation key and values for any error the UI may meet. */
export function errorTranslation(error: unknown): { key: string; values: Record<string, unknown> } {
  if (error instanceof ApiRequestError) {
    if (error.status === 0) return { key: 'errors:NETWORK', values: {} }
    return { key: `errors:${error.error.code}`, values: { seconds: error.error.retryAfterSeconds ?? 60 } }
  }
  return { key: 'errors:INTERNAL', values: {} }
}

/** Shows an error in the reader's language, from its stable code (never the server's English text). */
export function ErrorNotice({ error }: { error: unknown }) {
  const { t } = useTranslation('errors')
  if (!error) return null
  const { key, values } = errorTranslation(error)
  return (
    <div className="notice error" role="alert">
      {t(key, values)}
    </div>
  )
}
