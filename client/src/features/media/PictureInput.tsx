import { useEffect, useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { MAX_UPLOAD_BYTES } from '../../../../shared/mediaSizes.js'
import type { Media } from '../../../../shared/schemas/media.js'
import { ApiRequestError, apiFetch, newIdempotencyKey, readAnswer } from '../../api/http.js'
import { ErrorNotice } from '../../ui/ErrorNotice.js'

/** One key per chosen file: a retry after a lost answer never stores the picture twice. */
async function uploadPicture(linkId: string, file: File): Promise<Media> {
  const form = new FormData()
  form.append('file', file)
  return readAnswer<Media>(
    await apiFetch(`/links/${linkId}/media`, { method: 'POST', body: form }, { idempotencyKey: newIdempotencyKey() }),
  )
}

/**
 * Choose a photo or drawing: it is uploaded at once (the server strips its metadata and location)
 * and previewed, so the pupil sees exactly what partners will see.
 */
export function PictureInput({
  linkId,
  value,
  onChange,
}: {
  linkId: string
  value: string | null
  onChange(mediaId: string | null): void
}) {
  const { t } = useTranslation('common')
  const id = useId()
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const input = useRef<HTMLInputElement>(null)
  // Sent or removed: the file chooser forgets the file too, so the next letter starts without it.
  useEffect(() => {
    if (!value && input.current) input.current.value = ''
  }, [value])
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
      <input
        ref={input}
        id={id}
        type="file"
        accept="image/jpeg,image/png,image/webp,image/heic"
        onChange={(e) => void choose(e.target.files?.[0])}
        disabled={busy}
      />
      {busy ? <span role="status">{t('picture.uploading')}</span> : null}
      {value ? (
        <div className="row">
          <img src={`/api/media/${value}?size=thumb`} alt={t('picture.preview')} className="thumb" />
          <button type="button" className="link" onClick={() => onChange(null)}>
            {t('picture.remove')}
          </button>
        </div>
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
    </div>
  )
}
