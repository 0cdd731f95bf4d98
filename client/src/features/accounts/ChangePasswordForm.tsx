import { useMutation } from '@tanstack/react-query'
import { useLightForm } from '../../ui/useLightForm.js'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { MIN_PASSWORD_LENGTH, type ChangePassword } from '../../../../shared/schemas/accounts.js'
import { apiPost } from '../../api/http.js'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { Field } from '../../ui/Field.js'
import { fieldError } from '../../ui/forms.js'
import { isWeakPassword, passwordFeedback } from './passwordFeedback.js'

const formSchema = z.object({
  currentPassword: z.string().min(1).max(200),
  newPassword: z.string().min(MIN_PASSWORD_LENGTH).max(200),
})

/** A teacher's own password: the current one, then a new one the server checks for strength. */
export function ChangePasswordForm() {
  const { t, i18n } = useTranslation('accounts')
  const { register, handleSubmit, formState, reset } = useLightForm({ schema: formSchema })
  const change = useMutation({
    mutationFn: (input: ChangePassword) => apiPost<void>('/auth/password', input),
    onSuccess: () => reset(),
  })
  const errors = formState.errors
  return (
    <form className="stack" noValidate onSubmit={handleSubmit((input) => change.mutate(input))}>
      <h3>{t('password.title')}</h3>
      <Field
        label={t('password.current')}
        type="password"
        autoComplete="current-password"
        error={fieldError(t, errors.currentPassword)}
        {...register('currentPassword')}
      />
      <Field
        label={t('password.new')}
        type="password"
        autoComplete="new-password"
        hint={t('fields.passwordHint', { min: MIN_PASSWORD_LENGTH })}
        error={fieldError(t, errors.newPassword) ?? passwordFeedback(t, i18n, change.error, 'newPassword')}
        {...register('newPassword')}
      />
      {change.isError && !isWeakPassword(change.error) ? <ErrorNotice error={change.error} /> : null}
      {change.isSuccess ? (
        <p className="notice" role="status">
          {t('password.changed')}
        </p>
      ) : null}
      <div>
        <button type="submit" disabled={change.isPending}>
          {t('password.submit')}
        </button>
      </div>
    </form>
  )
}
