import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useLightForm } from '../../ui/useLightForm.js'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import type { School } from '../../../../shared/schemas/schools.js'
import { countryCodeSchema, textSchema, timeZoneSchema } from '../../../../shared/schemas/common.js'
import { apiPatch } from '../../api/http.js'
import { ME_KEY, useMe, useSignOut, type Me } from '../../app/session.js'
import { useNavigate } from 'react-router'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { Field } from '../../ui/Field.js'
import { fieldError, languagesTextSchema } from '../../ui/forms.js'
import { Loading, PageHeader } from '../../ui/Page.js'
import { TimeZoneSelect } from '../../ui/TimeZoneSelect.js'
import { ChangePasswordForm } from '../accounts/ChangePasswordForm.js'
import { DataProtectionSettings } from '../privacy/DataProtectionSettings.js'
import { clockTimeSchema } from '../../../../shared/schemas/partners.js'
import { SafeguardingRecord, StaffSection } from './StaffSection.js'

const schoolFormSchema = z.object({
  name: textSchema(120),
  country: countryCodeSchema,
  city: textSchema(80),
  timeZone: timeZoneSchema,
  languages: languagesTextSchema,
  dayEndsAt: clockTimeSchema,
})

function SchoolForm({ school, canEdit }: { school: School; canEdit: boolean }) {
  const { t } = useTranslation('schools')
  const queryClient = useQueryClient()
  const { register, handleSubmit, formState } = useLightForm({
    schema: schoolFormSchema,
    defaultValues: { ...school, languages: school.languages.join(', ') },
  })
  const save = useMutation({
    mutationFn: (input: z.infer<typeof schoolFormSchema>) => apiPatch<School>('/school', input),
    onSuccess: (updated) =>
      queryClient.setQueryData<Me | null>(ME_KEY, (old) => (old ? { ...old, school: updated } : old)),
  })
  const errors = formState.errors
  return (
    <form className="card stack" noValidate onSubmit={handleSubmit((input) => save.mutate(input))}>
      <fieldset className="stack" disabled={!canEdit}>
        <Field label={t('school.name')} error={fieldError(t, errors.name)} {...register('name')} />
        <Field
          label={t('school.country')}
          maxLength={2}
          error={fieldError(t, errors.country)}
          {...register('country')}
        />
        <Field label={t('school.city')} error={fieldError(t, errors.city)} {...register('city')} />
        <TimeZoneSelect label={t('fields.timeZone')} {...register('timeZone')} />
        <Field
          label={t('fields.languages')}
          hint={t('fields.languagesHint')}
          error={fieldError(t, errors.languages)}
          {...register('languages')}
        />
        <Field
          label={t('school.dayEndsAt')}
          type="time"
          hint={t('school.dayEndsAtHint')}
          error={fieldError(t, errors.dayEndsAt)}
          {...register('dayEndsAt')}
        />
      </fieldset>
      {canEdit ? null : <p className="muted">{t('school.adminOnly')}</p>}
      {save.isError ? <ErrorNotice error={save.error} /> : null}
      {save.isSuccess ? (
        <p className="notice" role="status">
          {t('school.saved')}
        </p>
      ) : null}
      {canEdit ? (
        <button type="submit" disabled={save.isPending}>
          {t('school.save')}
        </button>
      ) : null}
    </form>
  )
}

function AccountCard() {
  const { t } = useTranslation('schools')
  const signOut = useSignOut()
  const navigate = useNavigate()
  return (
    <div className="card stack">
      <h2>{t('account.title')}</h2>
      <p className="muted">{t('account.everywhereHint')}</p>
      <div>
        <button type="button" className="danger" onClick={() => void signOut(true).then(() => navigate('/sign-in'))}>
          {t('account.everywhere')}
        </button>
      </div>
      <ChangePasswordForm />
    </div>
  )
}

export function SchoolPage() {
  const { t } = useTranslation('schools')
  const me = useMe()
  if (!me.data) return <Loading />
  return (
    <section>
      <PageHeader title={t('school.title')} intro={t('school.intro')} />
      <div className="stack">
        <SchoolForm school={me.data.school} canEdit={me.data.user.schoolAdmin} />
        <DataProtectionSettings />
        <StaffSection me={me.data.user} />
        {me.data.user.safeguardingLead ? <SafeguardingRecord /> : null}
        <AccountCard />
      </div>
    </section>
  )
}
