import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useLightForm } from '../../ui/useLightForm.js'
import { useTranslation } from 'react-i18next'
import { Link as RouterLink, useParams } from 'react-router'
import {
  faceSchema,
  reflectionAnswerInputSchema,
  type ReflectionAnswer,
  type ReflectionAnswerInput,
  type ReflectionView,
} from '../../../../shared/schemas/reflections.js'
import { apiPost } from '../../api/http.js'
import { useMe } from '../../app/session.js'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { TextAreaField } from '../../ui/Field.js'
import { fieldError } from '../../ui/forms.js'
import { Loading, PageHeader } from '../../ui/Page.js'
import { reflectionKey, reflectionsKey, useReflection } from './api.js'
import './reflections.css'

const EMOJI = { yes: '😊', unsure: '😐', no: '🙁' } as const

export function ReflectionPage() {
  const { t } = useTranslation('reflections')
  const { reflectionId = '' } = useParams()
  const me = useMe()
  const view = useReflection(reflectionId)
  if (view.isPending) return <Loading />
  if (view.isError) return <ErrorNotice error={view.error} />
  const { reflection } = view.data
  const teacher = me.data?.user.role === 'teacher'
  return (
    <section className="stack">
      <PageHeader
        title={`${reflection.className} · ${t(`moment.${reflection.moment}`)}`}
        intro={teacher ? t('teacherIntro') : t('pupilIntro')}
        actions={
          <RouterLink className="button secondary" to="/reflections">
            {t('back')}
          </RouterLink>
        }
      />
      {teacher ? <Results view={view.data} /> : <PupilAnswer view={view.data} />}
    </section>
  )
}

function PupilAnswer({ view }: { view: ReflectionView }) {
  const { t } = useTranslation('reflections')
  const queryClient = useQueryClient()
  const { reflection, mine } = view
  const { register, handleSubmit, formState } = useLightForm({
    schema: reflectionAnswerInputSchema,
    defaultValues: { faces: {}, answer: '' },
  })
  const send = useMutation({
    mutationFn: (input: ReflectionAnswerInput) =>
      apiPost<ReflectionAnswer>(`/reflections/${reflection.id}/answers`, input),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: reflectionKey(reflection.id) }),
  })
  if (mine) {
    return (
      <div className="card stack" role="status">
        <p className="notice ok">{t('answered')}</p>
        {mine.status === 'held' ? <p>{t('waiting')}</p> : null}
        {mine.status === 'rejected' ? <p>{t('rejected', { reason: mine.rejectReason ?? '' })}</p> : null}
      </div>
    )
  }
  if (reflection.closedAt) return <p className="notice">{t('closed')}</p>
  return (
    <form className="card stack" noValidate onSubmit={handleSubmit((input) => send.mutate(input))}>
      {reflection.statements.map((statement) => (
        <fieldset key={statement} className="faces">
          <legend>{t(`statement.${statement}`)}</legend>
          {faceSchema.options.map((face) => (
            <label key={face} className="face">
              <input type="radio" value={face} {...register(`faces.${statement}`)} />
              <span className="face-emoji" aria-hidden="true">
                {EMOJI[face]}
              </span>
              <span>{t(`face.${face}`)}</span>
            </label>
          ))}
        </fieldset>
      ))}
      <TextAreaField
        label={reflection.question}
        hint={t('yourWords')}
        rows={3}
        error={fieldError(t, formState.errors.answer)}
        {...register('answer')}
      />
      {send.isError ? <ErrorNotice error={send.error} /> : null}
      <button type="submit" disabled={send.isPending}>
        {t('send')}
      </button>
    </form>
  )
}

function Results({ view }: { view: ReflectionView }) {
  const { t } = useTranslation('reflections')
  const queryClient = useQueryClient()
  const { reflection, summary, answers } = view
  const close = useMutation({
    mutationFn: () => apiPost(`/reflections/${reflection.id}/close`),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: reflectionsKey })
    },
  })
  return (
    <>
      <section className="card stack" aria-labelledby="results-heading">
        <h2 id="results-heading">{t('results')}</h2>
        {summary ? <p data-testid="answered-count">{t('answeredCount', summary)}</p> : null}
        <table className="counts">
          <thead>
            <tr>
              <th scope="col">{t('statements')}</th>
              {faceSchema.options.map((f) => (
                <th key={f} scope="col">
                  <span aria-hidden="true">{EMOJI[f]} </span>
                  {t(`face.${f}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {reflection.statements.map((s) => (
              <tr key={s}>
                <th scope="row">{t(`statement.${s}`)}</th>
                {faceSchema.options.map((f) => (
                  <td key={f}>{summary?.counts[s]?.[f] ?? 0}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        {!reflection.closedAt ? (
          <button type="button" className="secondary" onClick={() => close.mutate()} disabled={close.isPending}>
            {t('close')}
          </button>
        ) : (
          <p className="muted">{t('closed')}</p>
        )}
        {close.isError ? <ErrorNotice error={close.error} /> : null}
      </section>
      <section className="card stack" aria-labelledby="answers-heading">
        <h2 id="answers-heading">{t('answersTitle')}</h2>
        <p className="muted">{reflection.question}</p>
        {answers.filter((a) => a.answer).length === 0 ? <p className="muted">{t('noAnswers')}</p> : null}
        <ul className="plain-list stack">
          {answers
            .filter((a) => a.answer)
            .map((a) => (
              <li key={a.id}>
                <strong>{a.authorName}</strong>
                {a.status !== 'published' ? <span className="badge"> {t(`status.${a.status}`)}</span> : null}:{' '}
                {a.answer}
              </li>
            ))}
        </ul>
      </section>
    </>
  )
}
