import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useLightForm } from '../../ui/useLightForm.js'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import type { ClassInput, SchoolClass } from '../../../../shared/schemas/schools.js'
import { textSchema, timeZoneSchema } from '../../../../shared/schemas/common.js'
import { apiPost } from '../../api/http.js'
import { useMe } from '../../app/session.js'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { Field } from '../../ui/Field.js'
import { fieldError, languagesTextSchema } from '../../ui/forms.js'
import { TimeZoneSelect } from '../../ui/TimeZoneSelect.js'
import { classesKey } from './api.js'

const age = z.coerce.number().int().min(3).max(19)
const classFormSchema = z
  .object({
    name: textSchema(80),
    ageMin: age,
    ageMax: age,
    languages: languagesTextSchema,
    subjects: z.string().transform((text) =>
      text
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
    timeZone: timeZoneSchema,
  })
  .refine((value) => value.ageMin <= value.ageMax, { path: ['ageMax'], message: 'order' })

export function CreateClassForm({ onCreated }: { onCreated?: (created: SchoolClass) => void }) {
  const { t } = useTranslation('schools')
  const me = useMe()
  const queryClient = useQueryClient()
  const school = me.data?.school
  const { register, handleSubmit, formState, reset } = useLightForm({
    schema: classFormSchema,
    defaultValues: {
      ageMin: 9,
      ageMax: 10,
      languages: school?.languages.join(', ') ?? 'en',
      subjects: '',
      timeZone: school?.timeZone,
    },
  })
  const create = useMutation({
    mutationFn: (input: ClassInput) => apiPost<SchoolClass>('/classes', input),
    onSuccess: (created) => {
      void queryClient.invalidateQueries({ queryKey: classesKey })
      reset()
      onCreated?.(created)
    },
  })
  const errors = formState.errors
  return (
    <form className="card stack" noValidate onSubmit={handleSubmit((input) => create.mutate(input))}>
      <h2>{t('create.title')}</h2>
      <Field
        label={t('fields.name')}
        hint={t('fields.nameHint')}
        error={fieldError(t, errors.name)}
        {...register('name')}
      />
      <div className="row">
        <Field
          label={t('fields.ageMin')}
          type="number"
          min={3}
          max={19}
          error={fieldError(t, errors.ageMin)}
          {...register('ageMin')}
        />
        <Field
          label={t('fields.ageMax')}
          type="number"
          min={3}
          max={19}
          error={errors.ageMax?.type === 'custom' ? t('errors:field.ageOrder') : fieldError(t, errors.ageMax)}
          {...register('ageMax')}
        />
      </div>
      <Field
        label={t('fields.languages')}
        hint={t('fields.languagesHint')}
        error={fieldError(t, errors.languages)}
        {...register('languages')}
      />
      <Field
        label={t('fields.subjects')}
        hint={t('fields.subjectsHint')}
        error={fieldError(t, errors.subjects)}
        {...register('subjects')}
      />
      <TimeZoneSelect label={t('fields.timeZone')} {...register('timeZone')} />
      {create.isError ? <ErrorNotice error={create.error} /> : null}
      <button type="submit" disabled={create.isPending}>
        {t('create.submit')}
      </button>
    </form>
  )
}
