import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useLightForm } from '../../ui/useLightForm.js'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { z } from 'zod'
import { emailSchema, MIN_PASSWORD_LENGTH, type TeacherSignUp } from '../../../../shared/schemas/accounts.js'
import { countryCodeSchema, textSchema, timeZoneSchema } from '../../../../shared/schemas/common.js'
import { isSupportedLocale } from '../../../../shared/locales.js'
import { apiPost } from '../../api/http.js'
import { ME_KEY, type Me } from '../../app/session.js'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { Field } from '../../ui/Field.js'
import { fieldError, languagesTextSchema, timeZoneOptions } from '../../ui/forms.js'
import { PageHeader } from '../../ui/Page.js'
import { TimeZoneSelect } from '../../ui/TimeZoneSelect.js'
import { isWeakPassword, passwordFeedback } from './passwordFeedback.js'

const registerFormSchema = z.object({
  displayName: textSchema(80),
  email: emailSchema,
  password: z.string().min(MIN_PASSWORD_LENGTH).max(200),
  schoolName: textSchema(120),
  country: countryCodeSchema,
  city: textSchema(80),
  timeZone: timeZoneSchema,
  languages: languagesTextSchema,
})

export function RegisterPage() {
  const { t, i18n } = useTranslation('accounts')
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const { register, handleSubmit, formState } = useLightForm({
    schema: registerFormSchema,
    defaultValues: { timeZone: timeZoneOptions()[0], languages: i18n.language },
  })
  const signUp = useMutation({
    mutationFn: (input: TeacherSignUp) => apiPost<Me>('/auth/teachers', input),
    onSuccess: (me) => {
      queryClient.setQueryData(ME_KEY, me)
      void navigate('/classes')
    },
  })
  const errors = formState.errors

  return (
    <section>
      <PageHeader title={t('register.title')} intro={t('register.intro')} />
      <form
        className="stack"
        noValidate
        onSubmit={handleSubmit(({ schoolName, country, city, timeZone, languages, ...teacher }) =>
          signUp.mutate({
            ...teacher,
            locale: isSupportedLocale(i18n.language) ? i18n.language : undefined,
            school: { name: schoolName, country, city, timeZone, languages },
          }),
        )}
      >
        <fieldset className="stack">
          <legend>{t('register.aboutYou')}</legend>
          <Field
            label={t('fields.displayName')}
            hint={t('fields.displayNameHint')}
            autoComplete="name"
            error={fieldError(t, errors.displayName)}
            {...register('displayName')}
          />
          <Field
            label={t('fields.email')}
            type="email"
            autoComplete="email"
            error={fieldError(t, errors.email)}
            {...register('email')}
          />
          <Field
            label={t('fields.password')}
            type="password"
            autoComplete="new-password"
            hint={t('fields.passwordHint', { min: MIN_PASSWORD_LENGTH })}
            error={fieldError(t, errors.password) ?? passwordFeedback(t, i18n, signUp.error, 'password')}
            {...register('password')}
          />
        </fieldset>
        <fieldset className="stack">
          <legend>{t('register.yourSchool')}</legend>
          <Field label={t('fields.schoolName')} error={fieldError(t, errors.schoolName)} {...register('schoolName')} />
          <Field
            label={t('fields.country')}
            hint={t('fields.countryHint')}
            maxLength={2}
            error={fieldError(t, errors.country)}
            {...register('country')}
          />
          <Field label={t('fields.city')} error={fieldError(t, errors.city)} {...register('city')} />
          <TimeZoneSelect label={t('fields.timeZone')} {...register('timeZone')} />
          <Field
            label={t('fields.languages')}
            hint={t('fields.languagesHint')}
            error={fieldError(t, errors.languages)}
            {...register('languages')}
          />
        </fieldset>
        {signUp.isError && !isWeakPassword(signUp.error) ? <ErrorNotice error={signUp.error} /> : null}
        <button type="submit" disabled={signUp.isPending}>
          {t('register.submit')}
        </button>
      </form>
    </section>
  )
}
