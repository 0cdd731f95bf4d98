import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { localTime } from '../../../../shared/schoolHours.js'
import type { DirectoryResult, LinkRequest, LinkRequestInput } from '../../../../shared/schemas/partners.js'
import { apiPost } from '../../api/http.js'
import { useMe } from '../../app/session.js'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { TextAreaField } from '../../ui/Field.js'
import { requestsKey } from './api.js'
import { deviceTimeZone } from '../../i18n/format.js'

interface Props {
  entry: DirectoryResult
  inviteFrom: { id: string; name: string }[]
  linkId?: string
  preferredClassId?: string
}

/** One partner class in the directory, with the hours we share and a way to invite it. */
export function DirectoryResultCard({ entry, inviteFrom, linkId, preferredClassId }: Props) {
  const { t, i18n } = useTranslation('links')
  const me = useMe()
  const queryClient = useQueryClient()
  const [fromClassId, setFrom] = useState(
    inviteFrom.find((c) => c.id === preferredClassId)?.id ?? inviteFrom[0]?.id ?? '',
  )
  const [message, setMessage] = useState('')
  const invite = useMutation({
    mutationFn: (input: LinkRequestInput) => apiPost<LinkRequest>('/link-requests', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: requestsKey }),
  })
  const myZone = me.data?.school?.timeZone ?? deviceTimeZone()
  const firstWindow = entry.overlap?.windows[0]
  const submit = (event: FormEvent) => {
    event.preventDefault()
    invite.mutate({
      fromClassId: fromClassId || (inviteFrom[0]?.id ?? ''),
      toClassId: entry.classId,
      message,
      ...(linkId ? { linkId } : {}),
    })
  }
  const headingId = `partner-${entry.classId}`
  return (
    <article className="card stack" aria-labelledby={headingId}>
      <div>
        <h2 id={headingId}>
          {entry.schoolName} · {entry.className}
        </h2>
        <p className="muted">
          {t('directory.where', { city: entry.city, country: entry.country })} ·{' '}
          {t('directory.ages', { min: entry.ageMin, max: entry.ageMax })} ·{' '}
          {t('directory.speaks', { languages: entry.languages.join(', ') })}
        </p>
      </div>
      <p>{entry.hopes}</p>
      {entry.themes.length ? (
        <p className="row">
          {entry.themes.map((theme) => (
            <span key={theme} className="badge">
              {theme}
            </span>
          ))}
        </p>
      ) : null}
      {entry.overlap ? (
        <p className="notice" data-testid="overlap">
          {entry.overlap.minutesPerWeek === 0
            ? t('directory.noOverlap')
            : t('directory.overlap', { hours: Math.round((entry.overlap.minutesPerWeek / 60) * 10) / 10 })}
          {firstWindow
            ? ' ' +
              t('directory.overlapExample', {
                ours: `${localTime(Date.parse(firstWindow.start), myZone, i18n.language)}–${localTime(Date.parse(firstWindow.end), myZone, i18n.language)}`,
                theirs: `${localTime(Date.parse(firstWindow.start), entry.timeZone, i18n.language)}–${localTime(Date.parse(firstWindow.end), entry.timeZone, i18n.language)}`,
              })
            : null}
        </p>
      ) : null}
      {invite.isSuccess ? (
        <p className="notice" role="status">
          {t('directory.invited')}
        </p>
      ) : (
        <form
          className="stack"
          onSubmit={submit}
          aria-label={t('directory.inviteFormLabel', { school: entry.schoolName })}
        >
          {inviteFrom.length > 1 ? (
            <div className="field">
              <label htmlFor={`from-${entry.classId}`}>{t('directory.inviteFrom')}</label>
              <select id={`from-${entry.classId}`} value={fromClassId} onChange={(e) => setFrom(e.target.value)}>
                {inviteFrom.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          <TextAreaField
            label={t('directory.message')}
            value={message}
            onChange={(e) => setMessage(e.target.value)}
            maxLength={1000}
            required
            rows={3}
          />
          {invite.isError ? <ErrorNotice error={invite.error} /> : null}
          <div className="row">
            <button type="submit" disabled={invite.isPending || inviteFrom.length === 0}>
              {t('directory.invite')}
            </button>
          </div>
        </form>
      )}
    </article>
  )
}
