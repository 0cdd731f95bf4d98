import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useId } from 'react'
import { useLightForm } from '../../ui/useLightForm.js'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { curriculumInputSchema, type CurriculumInput } from '../../../../shared/schemas/outcomeReviews.js'
import type { PortfolioActivity } from '../../../../shared/schemas/portfolio.js'
import { apiPut } from '../../api/http.js'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { Field } from '../../ui/Field.js'
import { fieldError } from '../../ui/forms.js'
import { Loading } from '../../ui/Page.js'
import { linkKey, useLinkActivities } from './api.js'

const list = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
const tagsFormSchema = z.object({
  subjects: z.string().transform(list).pipe(curriculumInputSchema.shape.subjects.unwrap()),
  sdgs: z
    .string()
    .transform((text) => list(text).map(Number))
    .pipe(curriculumInputSchema.shape.sdgs.unwrap()),
  partnerLanguage: z.boolean(),
})

/** My school's curriculum tags on each of the link's activities, with who of my school took part. */
export function ActivityCurriculum({ linkId }: { linkId: string }) {
  const { t } = useTranslation('links')
  const activities = useLinkActivities(linkId)
  const listId = useId()
  return (
    <section className="card stack" aria-labelledby="activities-heading">
      <h2 id="activities-heading">{t('activities.title')}</h2>
      <p className="muted">{t('activities.intro')}</p>
      {activities.isPending ? <Loading /> : null}
      {activities.isError ? <ErrorNotice error={activities.error} /> : null}
      {activities.data ? (
        <>
          <datalist id={listId}>
            {activities.data.subjects.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
          {activities.data.activities.length === 0 ? <p className="muted">{t('activities.none')}</p> : null}
          <ul className="plain-list stack">
            {activities.data.activities.map((a) => (
              <li key={`${a.kind}:${a.id}`}>
                <ActivityTags linkId={linkId} activity={a} subjectsList={listId} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  )
}

function ActivityTags({
  linkId,
  activity,
  subjectsList,
}: {
  linkId: string
  activity: PortfolioActivity
  subjectsList: string
}) {
  const { t } = useTranslation(['links', 'portfolio'])
  const queryClient = useQueryClient()
  const { register, handleSubmit, formState } = useLightForm({
    schema: tagsFormSchema,
    defaultValues: {
      subjects: activity.subjects.join(', '),
      sdgs: activity.sdgs.join(', '),
      partnerLanguage: activity.partnerLanguage,
    },
  })
  const save = useMutation({
    mutationFn: (input: CurriculumInput) =>
      apiPut(`/links/${linkId}/curriculum`, { ...input, kind: activity.kind, itemId: activity.id }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: [...linkKey(linkId), 'activities'] }),
  })
  const headingId = `activity-${activity.id}`
  const took = activity.classes.length
    ? activity.classes.map((c) => t('activities.classPupils', c)).join(', ')
    : t('activities.nobody')
  return (
    <form
      className="stack activity-tags"
      noValidate
      aria-labelledby={headingId}
      onSubmit={handleSubmit((input) => save.mutate(input))}
    >
      <h3 id={headingId}>
        {activity.date} · {t(`portfolio:kind.${activity.kind}`)}: {activity.title}
      </h3>
      <p className="muted">{t('activities.took', { classes: took })}</p>
      <div className="row">
        <Field
          label={t('activities.subjects')}
          hint={t('activities.subjectsHint')}
          list={subjectsList}
          error={fieldError(t, formState.errors.subjects)}
          {...register('subjects')}
        />
        <Field
          label={t('activities.sdgs')}
          hint={t('activities.sdgsHint')}
          inputMode="numeric"
          error={fieldError(t, formState.errors.sdgs)}
          {...register('sdgs')}
        />
      </div>
      <label className="choice">
        <input type="checkbox" {...register('partnerLanguage')} /> {t('activities.language')}
      </label>
      {save.isError ? <ErrorNotice error={save.error} /> : null}
      {save.isSuccess ? (
        <p role="status" className="notice ok">
          {t('activities.saved')}
        </p>
      ) : null}
      <button type="submit" className="secondary" disabled={save.isPending}>
        {t('activities.save')}
      </button>
    </form>
  )
}
