import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import type { Pupil } from '../../../../shared/schemas/schools.js'
import { apiPatch, apiPost } from '../../api/http.js'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { Field, TextAreaField } from '../../ui/Field.js'
import { Loading, PageHeader } from '../../ui/Page.js'
import { classesKey, pupilsKey, useClass, usePupils } from './api.js'
import { ClassLanguageSetting } from './ClassLanguageSetting.js'
import { DataSaverSetting } from './DataSaverSetting.js'
import { SignInLockNotice } from './SignInLockNotice.js'
import { ClassCalendar } from '../privacy/ClassCalendar.js'
import { PupilLeaving } from '../privacy/PupilLeaving.js'

function AddPupilsForm({ classId }: { classId: string }) {
  const { t } = useTranslation('schools')
  const queryClient = useQueryClient()
  const [names, setNames] = useState('')
  const add = useMutation({
    mutationFn: (displayNames: string[]) => apiPost<Pupil[]>(`/classes/${classId}/pupils`, { displayNames }),
    onSuccess: () => {
      setNames('')
      void queryClient.invalidateQueries({ queryKey: classesKey })
    },
  })
  const list = names
    .split('\n')
    .map((n) => n.trim())
    .filter(Boolean)
  return (
    <form
      className="card stack no-print"
      onSubmit={(event) => {
        event.preventDefault()
        if (list.length) add.mutate(list)
      }}
    >
      <h2>{t('pupils.addTitle')}</h2>
      <TextAreaField
        label={t('pupils.names')}
        hint={t('pupils.namesHint')}
        value={names}
        onChange={(e) => setNames(e.target.value)}
      />
      {add.isError ? <ErrorNotice error={add.error} /> : null}
      <button type="submit" disabled={add.isPending || list.length === 0}>
        {t('pupils.add', { count: list.length })}
      </button>
    </form>
  )
}

/** Only a pupil's teachers name her: partner schools read this name on everything she wrote. */
function RenamePupilForm({ classId, pupil, onDone }: { classId: string; pupil: Pupil; onDone: () => void }) {
  const { t } = useTranslation('schools')
  const queryClient = useQueryClient()
  const [name, setName] = useState(pupil.displayName)
  const rename = useMutation({
    mutationFn: (displayName: string) => apiPatch<Pupil>(`/classes/${classId}/pupils/${pupil.id}`, { displayName }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: pupilsKey(classId) })
      onDone()
    },
  })
  return (
    <form
      className="stack"
      onSubmit={(event) => {
        event.preventDefault()
        if (name.trim()) rename.mutate(name.trim())
      }}
    >
      <Field
        label={t('pupils.newName', { name: pupil.displayName })}
        hint={t('pupils.nameHint')}
        maxLength={60}
        value={name}
        onChange={(e) => setName(e.target.value)}
      />
      {rename.isError ? <ErrorNotice error={rename.error} /> : null}
      <div className="row">
        <button type="submit" disabled={rename.isPending || !name.trim()}>
          {t('pupils.save')}
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          {t('pupils.cancel')}
        </button>
      </div>
    </form>
  )
}

function PupilRow({ classId, pupil }: { classId: string; pupil: Pupil }) {
  const { t } = useTranslation('schools')
  const queryClient = useQueryClient()
  const [renaming, setRenaming] = useState(false)
  const refresh = () => queryClient.invalidateQueries({ queryKey: pupilsKey(classId) })
  const reset = useMutation({
    mutationFn: () => apiPost(`/classes/${classId}/pupils/${pupil.id}/reset-code`),
    onSuccess: refresh,
  })
  const toggle = useMutation({
    mutationFn: () => apiPatch(`/classes/${classId}/pupils/${pupil.id}`, { active: !pupil.active }),
    onSuccess: refresh,
  })
  return (
    <tr>
      <td>
        {renaming ? (
          <RenamePupilForm classId={classId} pupil={pupil} onDone={() => setRenaming(false)} />
        ) : (
          pupil.displayName
        )}
      </td>
      <td>
        <code>{pupil.personalCode}</code>
      </td>
      <td>
        {pupil.active ? (
          <span className="badge">{t('pupils.active')}</span>
        ) : (
          <span className="badge off">{t('pupils.inactive')}</span>
        )}
      </td>
      <td className="row">
        <button
          type="button"
          className="secondary"
          onClick={() => setRenaming(true)}
          disabled={renaming}
          aria-label={t('pupils.renameFor', { name: pupil.displayName })}
        >
          {t('pupils.rename')}
        </button>
        <button
          type="button"
          className="secondary"
          onClick={() => reset.mutate()}
          aria-label={t('pupils.resetFor', { name: pupil.displayName })}
        >
          {t('pupils.reset')}
        </button>
        <button
          type="button"
          className={pupil.active ? 'danger' : 'secondary'}
          onClick={() => toggle.mutate()}
          aria-label={t(pupil.active ? 'pupils.deactivateFor' : 'pupils.reactivateFor', { name: pupil.displayName })}
        >
          {t(pupil.active ? 'pupils.deactivate' : 'pupils.reactivate')}
        </button>
        <PupilLeaving classId={classId} pupil={pupil} />
        {reset.isError || toggle.isError ? <ErrorNotice error={reset.error ?? toggle.error} /> : null}
      </td>
    </tr>
  )
}

export function ClassPage() {
  const { t } = useTranslation('schools')
  const { classId = '' } = useParams()
  const schoolClass = useClass(classId)
  const pupils = usePupils(classId)
  if (schoolClass.isPending) return <Loading />
  if (schoolClass.isError) return <ErrorNotice error={schoolClass.error} />
  const c = schoolClass.data
  return (
    <section className="stack">
      <PageHeader
        title={c.name}
        intro={t('class.intro', { code: c.code, min: c.ageMin, max: c.ageMax })}
        actions={
          <>
            <Link className="button" to={`/classes/${classId}/cards`}>
              {t('cards.open')}
            </Link>
            <Link className="button secondary" to={`/classes/${classId}/partners`}>
              {t('partners.open')}
            </Link>
            <Link className="button secondary" to={`/classes/${classId}/consent`}>
              {t('partners.consent')}
            </Link>
          </>
        }
      />
      <SignInLockNotice classId={classId} />
      <div className="card">
        <h2>{t('pupils.title')}</h2>
        {pupils.isPending ? <Loading /> : null}
        {pupils.isError ? <ErrorNotice error={pupils.error} /> : null}
        {pupils.data?.length === 0 ? <p className="muted">{t('pupils.empty')}</p> : null}
        {pupils.data?.length ? (
          <table>
            <thead>
              <tr>
                <th>{t('pupils.name')}</th>
                <th>{t('pupils.code')}</th>
                <th>{t('pupils.status')}</th>
                <th>{t('pupils.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {pupils.data.map((p) => (
                <PupilRow key={p.id} classId={classId} pupil={p} />
              ))}
            </tbody>
          </table>
        ) : null}
      </div>
      <AddPupilsForm classId={classId} />
      <DataSaverSetting schoolClass={c} />
      <ClassLanguageSetting schoolClass={c} />
      <ClassCalendar classId={classId} />
    </section>
  )
}
