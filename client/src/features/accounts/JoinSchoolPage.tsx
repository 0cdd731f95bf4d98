import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useLightForm } from '../../ui/useLightForm.js'
import { useTranslation } from 'react-i18next'
import { useNavigate, useParams } from 'react-router'
import { z } from 'zod'
import { MIN_PASSWORD_LENGTH, emailSchema, type Me } from '../../../../shared/schemas/accounts.js'
import { textSchema } from '../../../../shared/schemas/common.js'
import { isSupportedLocale } from '../../../../shared/locales.js'
import type { InvitationPreview, JoinSchool } from '../../../../shared/schemas/staff.js'
import { apiGet, apiPost } from '../../api/http.js'
import { ME_KEY } from '../../app/session.js'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { Field } from '../../ui/Field.js'
import { fieldError } from '../../ui/forms.js'
import { Loading, PageHeader } from '../../ui/Page.js'
import { isWeakPassword, passwordFeedback } from './passwordFeedback.js'

const joinFormSchema = z.object({
  displayName: textSchema(80),
  email: emailSchema,
  password: z.string().min(MIN_PASSWORD_LENGTH).max(200),
})

/** A colleague's invitation link: she makes her teacher account in the inviting school. */
export function JoinSchoolPage() {
  const { t, i18n } = useTranslation('accounts')
  const code = useParams().code ?? ''
  const queryClient = useQueryClient()
  const navigate = useNavigate()
  const preview = useQuery({
    queryKey: ['invitation', code],
    queryFn: () => apiGet<InvitationPreview>(`/staff/invitations/${code}`),
    retry: false,
  })
  const { register, handleSubmit, formState } = useLightForm({ schema: joinFormSchema })
  const join = useMutation({
    mutationFn: (input: JoinSchool) => apiPost<Me>('/staff/join', input),
    onSuccess: (me) => {
      queryClient.setQueryData(ME_KEY, me)
      void navigate('/classes')
    },
  })
  if (preview.isPending) return <Loading />
  if (preview.isError) {
    return (
      <section>
        <PageHeader title={t('join.titleUnknown')} />
        <ErrorNotice error={preview.error} />
      </section>
    )
  }
  const errors = formState.errors
  return (
    <section>
      <PageHeader
        title={t('join.title', { school: preview.data.schoolName })}
        intro={t('join.intro', { name: preview.data.invitedBy })}
      />
      <form
        className="card stack"
        noValidate
        onSubmit={handleSubmit((input) =>
          join.mutate({
            ...input,
            code,
            locale: isSupportedLocale(i18n.language) ? i18n.language : undefined,
          }),
        )}
      >
        <Field
          label={t('fields.displayName')}
          hint={t('fields.displayNameHint')}
          error={fieldError(t, errors.displayName)}
          {...register('displayName')}
        />
        <Field
          label={t('fields.email')}
          type="email"
          autoComplete="username"
          error={fieldError(t, errors.email)}
          {...register('email')}
        />
        <Field
          label={t('fields.password')}
          type="password"
          autoComplete="new-password"
          hint={t('fields.passwordHint', { min: MIN_PASSWORD_LENGTH })}
          error={fieldError(t, errors.password) ?? passwordFeedback(t, i18n, join.error, 'password')}
          {...register('password')}
        />
        {join.isError && !isWeakPassword(join.error) ? <ErrorNotice error={join.error} /> : null}
        <div>
          <button type="submit" disabled={join.isPending}>
            {t('join.submit')}
          </button>
        </div>
      </form>
    </section>
  )
}
