import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { z } from 'zod'
import { useTranslation } from 'react-i18next'
import { Link, Navigate, useNavigate } from 'react-router'
import {
  CLASS_CODE_LENGTH,
  MAX_TYPED_CODE_LENGTH,
  PERSONAL_CODE_LENGTH,
  normalizeCode,
} from '../../../../shared/codes.js'
import type { PupilSignIn, TeacherSignIn } from '../../../../shared/schemas/accounts.js'
import { apiPost } from '../../api/http.js'
import { ME_KEY, useMe, type Me } from '../../app/session.js'
import { forgetSignedOutChoice, localeChosenForSignIn } from '../../i18n/index.js'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { Field } from '../../ui/Field.js'
import { fieldError } from '../../ui/fieldError.js'
import { PageHeader } from '../../ui/Page.js'
import { useLightForm } from '../../ui/useLightForm.js'

/**
 * The sign-in forms check with plain rules (useLightForm's `required`, `maxLength`, `validate`) rather than
 * the shared zod schemas: zod would be a fifth of a pupil's first download on a slow line. The server still validates every field with `pupilSignInSchema` / `teacherSignInSchema`; these
 * rules only catch slips before the request.
 */
const codeRules = (length: number) => ({
  required: true,
  maxLength: MAX_TYPED_CODE_LENGTH,
  validate: (typed: string) => normalizeCode(typed).length === length,
})
const MAX_EMAIL_LENGTH = 254
const MAX_PASSWORD_LENGTH = 200

function useSignIn<T>(path: string) {
  const queryClient = useQueryClient()
  const navigate = useNavigate()
  return useMutation({
    // A language picked on this page before signing in goes along and becomes the account's.
    mutationFn: (input: T) => apiPost<Me>(path, { ...input, locale: localeChosenForSignIn() }),
    onSuccess: (me) => {
      forgetSignedOutChoice()
      queryClient.setQueryData(ME_KEY, me)
      void navigate(me.user.role === 'teacher' ? '/classes' : '/home')
    },
  })
}

function PupilSignInForm() {
  const { t } = useTranslation('accounts')
  const signIn = useSignIn<PupilSignIn>('/auth/pupil-sign-in')
  const { register, handleSubmit, formState } = useLightForm<z.ZodType<PupilSignIn, PupilSignIn>>()
  return (
    <form className="card pupil-card stack" onSubmit={handleSubmit((input) => signIn.mutate(input))} noValidate>
      <h2>{t('pupil.title')}</h2>
      <p className="muted">{t('pupil.intro')}</p>
      <Field
        label={t('pupil.classCode')}
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        error={fieldError(t, formState.errors.classCode)}
        {...register('classCode', codeRules(CLASS_CODE_LENGTH))}
      />
      <Field
        label={t('pupil.personalCode')}
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        error={fieldError(t, formState.errors.personalCode)}
        {...register('personalCode', codeRules(PERSONAL_CODE_LENGTH))}
      />
      {signIn.isError ? <ErrorNotice error={signIn.error} /> : null}
      <button type="submit" disabled={signIn.isPending}>
        {t('pupil.submit')}
      </button>
    </form>
  )
}

function TeacherSignInForm() {
  const { t } = useTranslation('accounts')
  const signIn = useSignIn<TeacherSignIn>('/auth/sign-in')
  const { register, handleSubmit, formState } = useLightForm<z.ZodType<TeacherSignIn, TeacherSignIn>>()
  return (
    <form className="card stack" onSubmit={handleSubmit((input) => signIn.mutate(input))} noValidate>
      <h2>{t('teacher.title')}</h2>
      <Field
        label={t('fields.email')}
        type="email"
        autoComplete="username"
        error={fieldError(t, formState.errors.email)}
        {...register('email', {
          required: true,
          maxLength: MAX_EMAIL_LENGTH,
          validate: (email: string) => /^[^\s@]+@[^\s@]+$/.test(email.trim()),
        })}
      />
      <Field
        label={t('fields.password')}
        type="password"
        autoComplete="current-password"
        error={fieldError(t, formState.errors.password)}
        {...register('password', { required: true, maxLength: MAX_PASSWORD_LENGTH })}
      />
      {signIn.isError ? <ErrorNotice error={signIn.error} /> : null}
      <button type="submit" disabled={signIn.isPending}>
        {t('teacher.submit')}
      </button>
      <p>
        <Link to="/forgot-password">{t('teacher.forgot')}</Link>
      </p>
      <p>
        {t('teacher.noAccount')} <Link to="/register">{t('teacher.register')}</Link>
      </p>
    </form>
  )
}

export function SignInPage() {
  const { t } = useTranslation('accounts')
  const me = useMe()
  if (me.data) return <Navigate to="/" replace />
  return (
    <section>
      <PageHeader title={t('signIn.title')} intro={t('signIn.intro')} />
      <div className="hero">
        <PupilSignInForm />
        <TeacherSignInForm />
      </div>
    </section>
  )
}
