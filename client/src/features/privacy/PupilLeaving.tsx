import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { LeaverContent } from '../../../../shared/schemas/privacy.js'
import type { Pupil } from '../../../../shared/schemas/schools.js'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { subjectAccessUrl, useRemovePupil } from './api.js'

/** Her teacher removes a pupil who left, choosing what happens to what she wrote; nothing is undone. */
export function PupilLeaving({ classId, pupil }: { classId: string; pupil: Pupil }) {
  const { t } = useTranslation('privacy')
  const [open, setOpen] = useState(false)
  const [content, setContent] = useState<LeaverContent>('delete')
  const remove = useRemovePupil(classId, pupil.id)
  const name = pupil.displayName
  if (!open) {
    return (
      <>
        <a
          className="button secondary"
          href={subjectAccessUrl(pupil.id)}
          download
          aria-label={t('access.downloadFor', { name })}
        >
          {t('access.download')}
        </a>
        <button
          type="button"
          className="danger"
          onClick={() => setOpen(true)}
          aria-label={t('leave.openFor', { name })}
        >
          {t('leave.open')}
        </button>
      </>
    )
  }
  return (
    <form
      className="card stack"
      aria-label={t('leave.title', { name })}
      onSubmit={(event) => {
        event.preventDefault()
        remove.mutate(content)
      }}
    >
      <h3>{t('leave.title', { name })}</h3>
      <p>{t('leave.intro')}</p>
      <fieldset className="stack">
        <legend>{t('leave.content')}</legend>
        {(['delete', 'anonymise'] as const).map((choice) => (
          <label key={choice} className="row">
            <input
              type="radio"
              name={`leaver-${pupil.id}`}
              value={choice}
              checked={content === choice}
              onChange={() => setContent(choice)}
            />
            {t(`leave.${choice}`)}
          </label>
        ))}
      </fieldset>
      {remove.isError ? <ErrorNotice error={remove.error} /> : null}
      <div className="row">
        <button type="submit" className="danger" disabled={remove.isPending}>
          {t('leave.confirm', { name })}
        </button>
        <button type="button" className="secondary" onClick={() => setOpen(false)}>
          {t('leave.cancel')}
        </button>
      </div>
    </form>
  )
}
