import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useLightForm } from '../../ui/useLightForm.js'
import { useTranslation } from 'react-i18next'
import { Link as RouterLink, useNavigate } from 'react-router'
import { type z } from 'zod'
import { idSchema } from '../../../../shared/schemas/common.js'
import {
  newReflectionSchema,
  reflectionStatementSchema,
  type Reflection,
} from '../../../../shared/schemas/reflections.js'
import { apiPost } from '../../api/http.js'
import { useMe } from '../../app/session.js'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { Field } from '../../ui/Field.js'
import { fieldError } from '../../ui/forms.js'
import { Loading, PageHeader } from '../../ui/Page.js'
import { useClasses } from '../schools/api.js'
import { reflectionsKey, useReflections } from './api.js'
import './reflections.css'
import { useFormat } from '../../i18n/format.js'

/** A pupil's list of her class's reflections; a teacher's, with the form to open a new one. */
export function ReflectionsPage() {
  const { t } = useTranslation('reflections')
  const me = useMe()
  const reflections = useReflections()
  const teacher = me.data?.user.role === 'teacher'
  return (
    <section className="stack">
      <PageHeader
        title={teacher ? t('teacherTitle') : t('pupilTitle')}
        intro={teacher ? t('teacherIntro') : t('pupilIntro')}
      />
      {teacher ? <OpenReflectionForm /> : null}
      {reflections.isPending ? <Loading /> : null}
      {reflections.isError ? <ErrorNotice error={reflections.error} /> : null}
      {reflections.data?.length === 0 ? <p className="notice">{t('none')}</p> : null}
      <ul className="plain-list stack" aria-label={t('title')}>
        {reflections.data?.map((r) => (
          <li key={r.id}>
            <ReflectionItem reflection={r} />
          </li>
        ))}
      </ul>
    </section>
  )
}

function ReflectionItem({ reflection }: { reflection: Reflection }) {
  const { t } = useTranslation('reflections')
  const opened = useFormat().dateTime(reflection.openedAt, 'date')
  return (
    <article className="card row">
      <div className="stack">
        <strong>
          {reflection.className} · {t(`moment.${reflection.moment}`)}
        </strong>
        <span className="muted">
          {opened}
          {reflection.closedAt ? ` · ${t('closed')}` : ''}
        </span>
      </div>
      <RouterLink className="button" to={`/reflections/${reflection.id}`}>
        {t('open')}
      </RouterLink>
    </article>
  )
}

const openFormSchema = newReflectionSchema.extend({ classId: idSchema })

function OpenReflectionForm() {
  const { t } = useTranslation('reflections')
  const classes = useClasses()
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const { register, handleSubmit, formState } = useLightForm({
    schema: openFormSchema,
    values: {
      classId: classes.data?.[0]?.id ?? '',
      moment: 'term' as const,
      statements: ['dayAtPartner', 'wouldVisit'],
      question: t('questionDefault'),
    },
  })
  const open = useMutation({
    mutationFn: ({ classId, ...input }: z.output<typeof openFormSchema>) =>
      apiPost<Reflection>(`/classes/${classId}/reflections`, input),
    onSuccess: (created) => {
      void queryClient.invalidateQueries({ queryKey: reflectionsKey })
      void navigate(`/reflections/${created.id}`)
    },
  })
  return (
    <form
      className="card stack"
      noValidate
      aria-labelledby="open-reflection"
      onSubmit={handleSubmit((input) => open.mutate(input))}
    >
      <h2 id="open-reflection">{t('openNew')}</h2>
      <div className="row">
        <div className="field">
          <label htmlFor="reflection-class">{t('class')}</label>
          <select id="reflection-class" {...register('classId')}>
            {classes.data?.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="reflection-moment">{t('momentLabel')}</label>
          <select id="reflection-moment" {...register('moment')}>
            <option value="before">{t('moment.before')}</option>
            <option value="term">{t('moment.term')}</option>
          </select>
        </div>
      </div>
      <fieldset>
        <legend>{t('statements')}</legend>
        {reflectionStatementSchema.options.map((s) => (
          <label key={s} className="choice">
            <input type="checkbox" value={s} {...register('statements')} /> {t(`statement.${s}`)}
          </label>
        ))}
        {formState.errors.statements ? (
          <p className="field-error" role="alert">
            {fieldError(t, formState.errors.statements)}
          </p>
        ) : null}
      </fieldset>
      <Field label={t('question')} error={fieldError(t, formState.errors.question)} {...register('question')} />
      {open.isError ? <ErrorNotice error={open.error} /> : null}
      <button type="submit" disabled={open.isPending || !classes.data?.length}>
        {t('create')}
      </button>
    </form>
  )
}
