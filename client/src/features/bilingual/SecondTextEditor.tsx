import { useMutation } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { apiPut } from '../../api/http.js'
import { useMe } from '../../app/session.js'
import { useFormat } from '../../i18n/format.js'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { TextAreaField } from '../../ui/Field.js'
import { useLink } from '../links/api.js'
import type { BilingualItem } from './BilingualText.js'
import { partnerLanguage } from './partnerLanguage.js'

interface Props {
  item: BilingualItem
  /** The link whose partner classes' languages are offered. */
  linkId: string
  /** Where the second text is PUT (`/wall/:id/second-text`, `/posts/:id/second-text`). */
  path: string
  onSaved: () => void
}

/** A teacher of the writer's school adds the text in the partner class's language (while moderating, say). */
export function SecondTextEditor({ item, linkId, path, onSaved }: Props) {
  const { t } = useTranslation()
  const format = useFormat()
  const me = useMe().data?.user
  const link = useLink(linkId)
  const [open, setOpen] = useState(false)
  const [body, setBody] = useState('')
  const language =
    item.secondText?.language ?? partnerLanguage(link.data, me?.schoolId, item.language || (me?.locale ?? ''))
  const save = useMutation({
    mutationFn: () => apiPut<unknown>(path, { language, body }),
    onSuccess: () => {
      setOpen(false)
      onSaved()
    },
  })
  if (!language) return null
  const name = format.language(language)
  if (!open) {
    return (
      <button
        type="button"
        className="secondary small"
        onClick={() => {
          setBody(item.secondText?.body ?? '')
          setOpen(true)
        }}
      >
        {t('common:bilingual.addSecond', { language: name })}
      </button>
    )
  }
  const submit = (event: FormEvent) => {
    event.preventDefault()
    save.mutate()
  }
  return (
    <form className="stack" onSubmit={submit}>
      <TextAreaField
        label={t('common:bilingual.secondText', { language: name })}
        lang={language}
        dir="auto"
        value={body}
        onChange={(e) => setBody(e.target.value)}
        maxLength={4000}
        rows={4}
        required
      />
      {save.isError ? <ErrorNotice error={save.error} /> : null}
      <div className="row">
        <button type="submit" className="small" disabled={save.isPending || !body.trim()}>
          {t('common:bilingual.saveSecond', { language: name })}
        </button>
      </div>
    </form>
  )
}
