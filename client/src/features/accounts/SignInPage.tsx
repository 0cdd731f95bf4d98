import { zodResolver } from '@hookform/resolvers/zod'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useForm } from 'react-hook-form'
import { useTranslation } from 'react-i18next'
import { Link, Navigate, useNavigate } from 'react-router'
import {
  pupilSignInSchema,
  teacherSignInSchema,
  type PupilSignIn,
  type TeacherSignIn,
} from '../../../../shared/schemas/accounts.js'
import { apiPost } from '../../api/http.js'
import { ME_KEY, useMe, type Me } from '../../app/session.js'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { Field } from '../../ui/Field.js'
import { fieldError } from '../../ui/forms.js'
import { PageHeader } from '../../ui/Page.js'

function useSignIn<T>(path: string) {
  const queryClient = useQueryClient()
  const navigate = useNavigate()
  return useMutation({
    mutationFn: (input: T) => apiPost<Me>(path, input),
    onSuccess: (me) => {
      queryClient.setQueryData(ME_KEY, me)
      void navigate(me.user.role === 'teacher' ? '/classes' : '/home')
    },
  })
}

function PupilSignInForm() {
  const { t } = useTranslation('accounts')
  const signIn = useSignIn<PupilSignIn>('/auth/pupil-sign-in')
  const { register, handleSubmit, formState } = useForm({ resolver: zodResolver(pupilSignInSchema) })
  return (
    <form className="card pupil-card stack" onSubmit={handleSubmit((input) => signIn.mutate(input))} noValidate>
      <h2>{t('pupil.title')}</h2>
      <p className="muted">{t('pupil.intro')}</p>
      <Field label={t('pupil.classCode')} autoComplete="off" autoCapitalize="characters" spellCheck={false} error={fieldError(t, formState.errors.classCode)} {...register('classCode')} />
      <Field label={t('pupil.personalCode')} autoComplete="off" autoCapitalize="characters" spellCheck={false} error={fieldError(t, formState.errors.personalCode)} {...register('personalCode')} />
      {signIn.isError ? <ErrorNotice error={signIn.error} /> : null}
      <button type="submit" disabled={signIn.isPending}>{t('pupil.submit')}</button>
    </form>
  )
}

function TeacherSignInForm() {
  const { t } = useTranslation('accounts')
  const signIn = useSignIn<TeacherSignIn>('/auth/sign-in')
  const { register, handleSubmit, formState } = useForm({ resolver: zodResolver(teacherSignInSchema) })
  return (
    <form className="card stack" onSubmit={handleSubmit((input) => signIn.mutate(input))} noValidate>
      <h2>{t('teacher.title')}</h2>
      <Field label={t('fields.email')} type="email" autoComplete="username" error={fieldError(t, formState.errors.email)} {...register('email')} />
      <Field label={t('fields.password')} type="password" autoComplete="current-password" error={fieldError(t, formState.errors.password)} {...register('password')} />
      {signIn.isError ? <ErrorNotice error={signIn.error} /> : null}
      <button type="submit" disabled={signIn.isPending}>{t('teacher.submit')}</button>
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
