import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Link as RouterLink, useNavigate } from 'react-router'
import type { Assembly, NewAssembly } from '../../../../shared/schemas/assemblies.js'
import type { Link } from '../../../../shared/schemas/links.js'
import { apiPost } from '../../api/http.js'
import { useMe } from '../../app/session.js'
import { useFormat } from '../../i18n/format.js'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { Field } from '../../ui/Field.js'
import { AgreedTime } from '../links/AgreedTime.js'
import { assembliesKey, useAssemblies } from './api.js'

/** Upcoming assemblies on the link home, each at the reader's school's time beside every partner's. */
export function AssembliesSection({ link }: { link: Link }) {
  const { t } = useTranslation('assemblies')
  const format = useFormat()
  const assemblies = useAssemblies(link.id)
  const teacher = useMe().data?.user.role === 'teacher'
  const current = assemblies.data?.filter((a) => a.status !== 'ended') ?? []
  return (
    <section className="card stack" aria-labelledby="assemblies-heading">
      <h2 id="assemblies-heading">{t('section.title')}</h2>
      {assemblies.isError ? <ErrorNotice error={assemblies.error} /> : null}
      {current.length === 0 ? <p className="muted">{t('section.none')}</p> : null}
      <ul className="plain-list stack">
        {current.map((a) => (
          <li key={a.id} className="stack">
            <RouterLink to={`/assemblies/${a.id}`}>
              <strong>{a.title}</strong>
            </RouterLink>{' '}
            <span className="badge">{t(`status.${a.status}`)}</span>
            <p className="muted">
              <AgreedTime value={a.startsAt} link={link} />
            </p>
            {a.outsideSchoolDayClassIds.length ? (
              <ul className="plain-list">
                {link.classes
                  .filter((c) => a.outsideSchoolDayClassIds.includes(c.classId))
                  .map((c) => (
                    <li key={c.classId} className="warn-text">
                      {t('section.localTime', {
                        school: c.schoolName,
                        time: format.dateTime(a.startsAt, 'weekdayTime', c.timeZone),
                      })}{' '}
                      — <strong>{t('section.outside')}</strong>
                    </li>
                  ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ul>
      {teacher && link.status === 'active' ? <ScheduleForm linkId={link.id} /> : null}
    </section>
  )
}

function ScheduleForm({ linkId }: { linkId: string }) {
  const { t } = useTranslation('assemblies')
  const queryClient = useQueryClient()
  const navigate = useNavigate()
  const [title, setTitle] = useState('')
  const [startsAt, setStartsAt] = useState('')
  const [duration, setDuration] = useState(30)
  const [agenda, setAgenda] = useState('')
  const schedule = useMutation({
    mutationFn: (input: Partial<NewAssembly>) => apiPost<Assembly>(`/links/${linkId}/assemblies`, input),
    onSuccess: (created) => {
      void queryClient.invalidateQueries({ queryKey: assembliesKey(linkId) })
      if (created.status === 'open') void navigate(`/assemblies/${created.id}`)
    },
  })
  const submit = (event: FormEvent) => {
    event.preventDefault()
    schedule.mutate({ title, startsAt: new Date(startsAt).toISOString(), durationMinutes: duration, agenda })
  }
  return (
    <form className="stack" onSubmit={submit} aria-label={t('section.schedule')}>
      <h3>{t('section.schedule')}</h3>
      <Field
        label={t('section.titleLabel')}
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        maxLength={120}
        required
      />
      <div className="row">
        <Field
          label={t('section.startsAt')}
          type="datetime-local"
          value={startsAt}
          onChange={(e) => setStartsAt(e.target.value)}
        />
        <Field
          label={t('section.duration')}
          type="number"
          min={5}
          max={180}
          value={duration}
          onChange={(e) => setDuration(Number(e.target.value))}
        />
      </div>
      <Field label={t('section.agenda')} value={agenda} onChange={(e) => setAgenda(e.target.value)} maxLength={2000} />
      {schedule.isError ? <ErrorNotice error={schedule.error} /> : null}
      <div className="row">
        <button type="submit" disabled={!startsAt || schedule.isPending}>
          {t('section.scheduleButton')}
        </button>
        <button
          type="button"
          className="secondary"
          disabled={!title || schedule.isPending}
          onClick={() => schedule.mutate({ title, startNow: true, durationMinutes: duration, agenda })}
        >
          {t('section.startNow')}
        </button>
      </div>
    </form>
  )
}
