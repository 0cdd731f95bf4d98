import { useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { isErrorBody } from '../../../../shared/errors.js'
import { MAX_UPLOAD_BYTES, type Media } from '../../../../shared/schemas/media.js'
import { ApiRequestError } from '../../api/http.js'
import { ErrorNotice } from '../../ui/ErrorNotice.js'

async function uploadPicture(linkId: string, file: File): Promise<Media> {
  const form = new FormData()
  form.append('file', file)
  let res: Response
  try {
    res = await fetch(`/api/links/${linkId}/media`, { method: 'POST', body: form, credentials: 'same-origin' })
  } catch {
    throw new ApiRequestError(0, { code: 'INTERNAL', message: 'network' })
  }
  const data: unknown = await res.json().catch(() => undefined)
  if (!res.ok) throw new ApiRequestError(res.status, isErrorBody(data) ? data.error : { code: 'INTERNAL', message: res.statusText })
  return data as Media
}

/**
 * Choose a photo or drawing: it is uploaded at once (the server strips its metadata and location)
 * and previewed, so the pupil sees exactly what partners will see.
 */
export function PictureInput({ linkId, value, onChange }: { linkId: string; value: string | null; onChange(mediaId: string | null): void }) {
  const { t } = useTranslation('common')
  const id = useId()
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const choose = async (file: File | undefined) => {
    setError(null)
    if (!file) return
    if (file.size > MAX_UPLOAD_BYTES) {
      setError(new ApiRequestError(413, { code: 'PAYLOAD_TOO_LARGE', message: 'too large' }))
      return
    }
    setBusy(true)
    try {
      onChange((await uploadPicture(linkId, file)).id)
    } catch (caught) {
      setError(caught)
    } finally {
      setBusy(false)
    }
  }
  return (
    <div className="field picture-input">
      <label htmlFor={id}>{t('picture.label')}</label>
      <span className="hint">{t('picture.hint')}</span>
      <input id={id} type="file" accept="image/jpeg,image/png,image/webp,image/heic" onChange={(e) => void choose(e.target.files?.[0])} disabled={busy} />
      {busy ? <span role="status">{t('picture.uploading')}</span> : null}
      {value ? (
        <div className="row">
          <img src={`/api/media/${value}?size=thumb`} alt={t('picture.preview')} className="thumb" />
          <button type="button" className="link" onClick={() => onChange(null)}>{t('picture.remove')}</button>
        </div>
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
    </div>
  )
}
