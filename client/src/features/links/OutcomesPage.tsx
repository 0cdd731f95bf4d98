import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useLightForm } from '../../ui/useLightForm.js'
import { useTranslation } from 'react-i18next'
import { useParams } from 'react-router'
import { z } from 'zod'
import type { Link } from '../../../../shared/schemas/links.js'
import {
  evidenceKindSchema,
  reviewRatingSchema,
  type EvidenceOption,
  type OutcomeReview,
  type OutcomeState,
} from '../../../../shared/schemas/outcomeReviews.js'
import { optionalTextSchema } from '../../../../shared/schemas/common.js'
import { apiPost } from '../../api/http.js'
import { useMe } from '../../app/session.js'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { TextAreaField } from '../../ui/Field.js'
import { Loading, PageHeader } from '../../ui/Page.js'
import { ActivityCurriculum } from './ActivityCurriculum.js'
import { linkKey, useLink, useOutcomes } from './api.js'
import './links.css'
import { useFormat } from '../../i18n/format.js'

export function OutcomesPage() {
  const { t } = useTranslation('links')
  const { linkId = '' } = useParams()
  const outcomes = useOutcomes(linkId)
  const link = useLink(linkId)
  const me = useMe()
  if (outcomes.isPending || link.isPending) return <Loading />
  if (outcomes.isError) return <ErrorNotice error={outcomes.error} />
  if (link.isError) return <ErrorNotice error={link.error} />
  const teacher = me.data?.user.role === 'teacher'
  return (
    <section className="stack">
      <PageHeader title={t('outcomes.title')} intro={t('outcomes.intro')} />
      <p className="muted">{t('outcomes.every', { weeks: outcomes.data.reviewEveryWeeks })}</p>
      {outcomes.data.outcomes.length === 0 ? <p className="notice">{t('outcomes.none')}</p> : null}
      {outcomes.data.outcomes.map((outcome) => (
        <OutcomeCard
          key={outcome.index}
          outcome={outcome}
          link={link.data}
          evidence={outcomes.data.evidenceOptions}
          canReview={teacher && link.data.status !== 'ended'}
        />
      ))}
      {teacher ? <ActivityCurriculum linkId={linkId} /> : null}
    </section>
  )
}

function OutcomeCard({
  outcome,
  link,
  evidence,
  canReview,
}: {
  outcome: OutcomeState
  link: Link
  evidence: EvidenceOption[]
  canReview: boolean
}) {
  const { t } = useTranslation('links')
  const format = useFormat()
  const date = (iso: string) => format.dateTime(iso, 'date')
  const schoolName = (id: string) => link.classes.find((c) => c.schoolId === id)?.schoolName ?? ''
  const headingId = `outcome-${outcome.index}`
  return (
    <article className="card stack" aria-labelledby={headingId} data-testid="outcome">
      <h2 id={headingId}>{outcome.text}</h2>
      <p className={outcome.overdue ? 'notice warn' : 'muted'}>
        {outcome.overdue
          ? t('outcomes.overdue', { date: format.day(outcome.nextDue) })
          : t('outcomes.nextDue', { date: format.day(outcome.nextDue) })}
      </p>
      {outcome.lastJoint ? (
        <p data-testid="last-joint">
          <strong>
            {t('outcomes.lastJoint', {
              date: date(outcome.lastJoint.reviewedAt),
              rating: t(`ratings.${outcome.lastJoint.rating}`),
            })}
          </strong>
          {outcome.lastJoint.nextSteps ? ` — ${outcome.lastJoint.nextSteps}` : ''}
        </p>
      ) : null}
      <ul className="plain-list stack" aria-label={t('outcomes.scopeSchool')}>
        {outcome.schoolReviews.map((r) => (
          <ReviewItem
            key={r.id}
            review={r}
            label={t('outcomes.schoolReview', { school: r.schoolName ?? '', rating: t(`ratings.${r.rating}`) })}
          />
        ))}
      </ul>
      {outcome.awaitingSchoolIds.length ? (
        <p className="muted">
          {t('outcomes.awaiting', { schools: outcome.awaitingSchoolIds.map(schoolName).join(', ') })}
        </p>
      ) : null}
      {canReview ? <ReviewForm outcome={outcome} linkId={link.id} evidence={evidence} /> : null}
      {outcome.history.length ? (
        <details>
          <summary>{t('outcomes.history')}</summary>
          <ul className="plain-list stack">
            {outcome.history.map((r) => (
              <ReviewItem
                key={r.id}
                review={r}
                label={`${date(r.reviewedAt)} · ${r.scope === 'joint' ? t('outcomes.joint') : (r.schoolName ?? '')}: ${t(`ratings.${r.rating}`)}`}
              />
            ))}
          </ul>
        </details>
      ) : null}
    </article>
  )
}

function ReviewItem({ review, label }: { review: OutcomeReview; label: string }) {
  const { t } = useTranslation('links')
  return (
    <li>
      <span>{label}</span>
      {review.evidence.length ? (
        <span className="muted">
          {' '}
          · {review.evidence.map((e) => `${t(`outcomes.evidenceKind.${e.kind}`)}: ${e.title}`).join('; ')}
        </span>
      ) : null}
      {review.nextSteps ? <p className="muted">{review.nextSteps}</p> : null}
    </li>
  )
}

const reviewFormSchema = z.object({
  scope: z.enum(['school', 'joint']),
  rating: reviewRatingSchema,
  evidence: z.array(z.string()).max(20),
  nextSteps: optionalTextSchema(1000),
})

function ReviewForm({
  outcome,
  linkId,
  evidence,
}: {
  outcome: OutcomeState
  linkId: string
  evidence: EvidenceOption[]
}) {
  const { t } = useTranslation('links')
  const me = useMe()
  const queryClient = useQueryClient()
  const ownDone = !outcome.awaitingSchoolIds.includes(me.data?.user.schoolId ?? '')
  const jointOpen = outcome.awaitingSchoolIds.length === 0
  const { register, handleSubmit, reset, formState } = useLightForm({
    schema: reviewFormSchema,
    defaultValues: { scope: ownDone && jointOpen ? 'joint' : 'school', rating: 'met', evidence: [], nextSteps: '' },
  })
  const save = useMutation({
    mutationFn: (input: z.output<typeof reviewFormSchema>) =>
      apiPost<OutcomeReview>(`/links/${linkId}/outcomes/reviews`, {
        outcomeIndex: outcome.index,
        scope: input.scope,
        rating: input.rating,
        nextSteps: input.nextSteps,
        evidence: input.evidence.map((key) => {
          const [kind, id] = key.split(':')
          return { kind: evidenceKindSchema.parse(kind), id }
        }),
      }),
    onSuccess: () => {
      reset()
      void queryClient.invalidateQueries({ queryKey: linkKey(linkId) })
    },
  })
  const formId = `review-${outcome.index}`
  return (
    <form
      className="stack review-form"
      noValidate
      aria-labelledby={formId}
      onSubmit={handleSubmit((input) => save.mutate(input))}
    >
      <h3 id={formId}>{t('outcomes.form')}</h3>
      <fieldset>
        <legend>{t('outcomes.scope')}</legend>
        <label className="choice">
          <input type="radio" value="school" {...register('scope')} /> {t('outcomes.scopeSchool')}
        </label>
        <label className="choice">
          <input type="radio" value="joint" disabled={!jointOpen} {...register('scope')} /> {t('outcomes.scopeJoint')}
        </label>
        {!jointOpen ? <p className="hint">{t('outcomes.jointWaits')}</p> : null}
      </fieldset>
      <fieldset>
        <legend>{t('outcomes.rating')}</legend>
        {reviewRatingSchema.options.map((rating) => (
          <label key={rating} className="choice">
            <input type="radio" value={rating} {...register('rating')} /> {t(`ratings.${rating}`)}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('outcomes.evidence')}</legend>
        {evidence.length === 0 ? <p className="hint">{t('outcomes.noEvidence')}</p> : null}
        {evidence.map((e) => (
          <label key={`${e.kind}:${e.id}`} className="choice">
            <input type="checkbox" value={`${e.kind}:${e.id}`} {...register('evidence')} />{' '}
            {t(`outcomes.evidenceKind.${e.kind}`)}: {e.title}
          </label>
        ))}
      </fieldset>
      <TextAreaField label={t('outcomes.nextSteps')} rows={2} {...register('nextSteps')} />
      {save.isError ? <ErrorNotice error={save.error} /> : null}
      {save.isSuccess && !formState.isDirty ? (
        <p role="status" className="notice ok">
          {t('outcomes.saved')}
        </p>
      ) : null}
      <button type="submit" disabled={save.isPending}>
        {t('outcomes.save')}
      </button>
    </form>
  )
}
