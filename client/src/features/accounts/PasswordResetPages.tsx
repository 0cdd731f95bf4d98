import { useMutation, useQuery } from '@tanstack/react-query'
import { useLightForm } from '../../ui/useLightForm.js'
import { useTranslation } from 'react-i18next'
import { Link, useSearchParams } from 'react-router'
import { z } from 'zod'
import { MIN_PASSWORD_LENGTH } from '../../../../shared/schemas/accounts.js'
import {
  passwordResetRequestSchema,
  type PasswordReset,
  type PasswordResetRequest,
} from '../../../../shared/schemas/staff.js'
import { apiGet, apiPost } from '../../api/http.js'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { Field } from '../../ui/Field.js'
import { fieldError } from '../../ui/forms.js'
import { PageHeader } from '../../ui/Page.js'
import { isWeakPassword, passwordFeedback } from './passwordFeedback.js'

/** "I forgot my password": the answer is the same whether or not the address has an account. */
export function ForgotPasswordPage() {
  const { t } = useTranslation('accounts')
  const mode = useQuery({
    queryKey: ['password-reset-mode'],
    queryFn: () => apiGet<{ byEmail: boolean }>('/auth/password-reset'),
  })
  const { register, handleSubmit, formState } = useLightForm({ schema: passwordResetRequestSchema })
  const ask = useMutation({
    mutationFn: (input: PasswordResetRequest) => apiPost<unknown>('/auth/password-reset', input),
  })
  return (
    <section>
      <PageHeader
        title={t('forgot.title')}
        intro={mode.data?.byEmail === false ? t('forgot.byAdmin') : t('forgot.intro')}
      />
      {mode.data?.byEmail === false ? null : (
        <form className="card stack" noValidate onSubmit={handleSubmit((input) => ask.mutate(input))}>
          <Field
            label={t('fields.email')}
            type="email"
            autoComplete="username"
            error={fieldError(t, formState.errors.email)}
            {...register('email')}
          />
          {ask.isError ? <ErrorNotice error={ask.error} /> : null}
          {ask.isSuccess ? (
            <p className="notice" role="status">
              {t('forgot.sent')}
            </p>
          ) : null}
          <div>
            <button type="submit" disabled={ask.isPending}>
              {t('forgot.submit')}
            </button>
          </div>
        </form>
      )}
      <p>
        <Link to="/sign-in">{t('forgot.back')}</Link>
      </p>
    </section>
  )
}

const resetFormSchema = z.object({
  newPassword: z.string().min(MIN_PASSWORD_LENGTH).max(200),
})

/** Choosing a new password with the link from the mail, or the one a school admin handed over. */
export function ResetPasswordPage() {
  const { t, i18n } = useTranslation('accounts')
  const [params] = useSearchParams()
  const token = params.get('token') ?? ''
  const { register, handleSubmit, formState } = useLightForm({ schema: resetFormSchema })
  const reset = useMutation({
    mutationFn: (input: PasswordReset) => apiPost<void>('/auth/password-reset/confirm', input),
  })
  if (reset.isSuccess) {
    return (
      <section>
        <PageHeader title={t('reset.title')} />
        <p className="notice" role="status">
          {t('reset.done')}
        </p>
        <Link className="button" to="/sign-in">
          {t('reset.signIn')}
        </Link>
      </section>
    )
  }
  return (
    <section>
      <PageHeader title={t('reset.title')} intro={t('reset.intro')} />
      <form
        className="card stack"
        noValidate
        onSubmit={handleSubmit((input) => reset.mutate({ token, newPassword: input.newPassword }))}
      >
        <Field
          label={t('password.new')}
          type="password"
          autoComplete="new-password"
          hint={t('fields.passwordHint', { min: MIN_PASSWORD_LENGTH })}
          error={fieldError(t, formState.errors.newPassword) ?? passwordFeedback(t, i18n, reset.error, 'newPassword')}
          {...register('newPassword')}
        />
        {reset.isError && !isWeakPassword(reset.error) ? <ErrorNotice error={reset.error} /> : null}
        <div>
          <button type="submit" disabled={reset.isPending}>
            {t('reset.submit')}
          </button>
        </div>
      </form>
    </section>
  )
}
