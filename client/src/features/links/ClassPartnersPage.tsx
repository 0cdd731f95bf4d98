import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Link as RouterLink, useParams } from 'react-router'
import { DEFAULT_SCHOOL_DAY } from '../../../../shared/schoolHours.js'
import type { DirectoryEntry, DirectoryEntryInput } from '../../../../shared/schemas/partners.js'
import { apiDelete, apiPut } from '../../api/http.js'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { Field, TextAreaField } from '../../ui/Field.js'
import { Loading, PageHeader } from '../../ui/Page.js'
import { useClass } from '../schools/api.js'
import { directoryEntryKey, useDirectoryEntry } from './api.js'

/** A teacher opts a class into the partner directory (or out of it) and says what they hope for. */
export function ClassPartnersPage() {
  const { t } = useTranslation('links')
  const { classId = '' } = useParams()
  const schoolClass = useClass(classId)
  const entry = useDirectoryEntry(classId)
  if (schoolClass.isPending || entry.isPending) return <Loading />
  if (schoolClass.isError) return <ErrorNotice error={schoolClass.error} />
  if (entry.isError) return <ErrorNotice error={entry.error} />
  return (
    <section className="stack">
      <PageHeader
        title={t('optIn.title', { name: schoolClass.data.name })}
        intro={t('optIn.intro')}
        actions={
          <RouterLink className="button secondary" to={`/directory?overlapWith=${classId}`}>
            {t('optIn.findPartners')}
          </RouterLink>
        }
      />
      <p className={entry.data ? 'notice' : 'muted'} role="status">
        {entry.data ? t('optIn.listed') : t('optIn.notListed')}
      </p>
      <OptInForm classId={classId} entry={entry.data} />
    </section>
  )
}

function OptInForm({ classId, entry }: { classId: string; entry: DirectoryEntry | null }) {
  const { t } = useTranslation('links')
  const queryClient = useQueryClient()
  const [hopes, setHopes] = useState(entry?.hopes ?? '')
  const [themes, setThemes] = useState(entry?.themes.join(', ') ?? '')
  const [start, setStart] = useState(entry?.schoolDay.start ?? DEFAULT_SCHOOL_DAY.start)
  const [end, setEnd] = useState(entry?.schoolDay.end ?? DEFAULT_SCHOOL_DAY.end)
  const refresh = () => queryClient.invalidateQueries({ queryKey: directoryEntryKey(classId) })
  const save = useMutation({
    mutationFn: (input: DirectoryEntryInput) => apiPut<DirectoryEntry>(`/classes/${classId}/directory`, input),
    onSuccess: refresh,
  })
  const remove = useMutation({ mutationFn: () => apiDelete<void>(`/classes/${classId}/directory`), onSuccess: refresh })
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const themeList = themes
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
    save.mutate({ hopes, themes: themeList, schoolDay: { start, end } })
  }
  return (
    <form className="card stack" onSubmit={submit}>
      <TextAreaField
        label={t('optIn.hopes')}
        hint={t('optIn.hopesHint')}
        value={hopes}
        onChange={(e) => setHopes(e.target.value)}
        maxLength={500}
        required
      />
      <Field
        label={t('optIn.themes')}
        hint={t('optIn.themesHint')}
        value={themes}
        onChange={(e) => setThemes(e.target.value)}
      />
      <div className="row">
        <Field
          label={t('optIn.dayStart')}
          type="time"
          value={start}
          onChange={(e) => setStart(e.target.value)}
          required
        />
        <Field label={t('optIn.dayEnd')} type="time" value={end} onChange={(e) => setEnd(e.target.value)} required />
      </div>
      <p className="hint muted">{t('optIn.fromClass')}</p>
      {save.isError ? <ErrorNotice error={save.error} /> : null}
      {remove.isError ? <ErrorNotice error={remove.error} /> : null}
      {save.isSuccess ? (
        <p className="notice" role="status">
          {t('optIn.saved')}
        </p>
      ) : null}
      <div className="row">
        <button type="submit" disabled={save.isPending}>
          {entry ? t('optIn.update') : t('optIn.submit')}
        </button>
        {entry ? (
          <button type="button" className="danger" onClick={() => remove.mutate()} disabled={remove.isPending}>
            {t('optIn.remove')}
          </button>
        ) : null}
      </div>
    </form>
  )
}
