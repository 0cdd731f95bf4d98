import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { useParams } from 'react-router'
import { apiPut } from '../../api/http.js'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { Loading, PageHeader } from '../../ui/Page.js'
import { useConsent } from './api.js'

/** The class's photo-consent register: whose parents agreed that their image may be shared with partners. */
export function ConsentPage() {
  const { t } = useTranslation('wall')
  const { classId = '' } = useParams()
  const consent = useConsent(classId)
  const queryClient = useQueryClient()
  const set = useMutation({
    mutationFn: (entry: { pupilId: string; consent: boolean }) =>
      apiPut<{ pupilId: string; name: string; consent: boolean }[]>(`/classes/${classId}/consent`, entry),
    onSuccess: (list) => queryClient.setQueryData(['classes', classId, 'consent'], list),
  })
  if (consent.isPending) return <Loading />
  if (consent.isError) return <ErrorNotice error={consent.error} />
  return (
    <section className="stack">
      <PageHeader title={t('consent.title')} intro={t('consent.intro')} />
      {set.isError ? <ErrorNotice error={set.error} /> : null}
      <ul className="plain-list card stack">
        {consent.data.map((p) => (
          <li key={p.pupilId}>
            <label className="row">
              <input
                type="checkbox"
                checked={p.consent}
                onChange={(e) => set.mutate({ pupilId: p.pupilId, consent: e.target.checked })}
              />
              {t('consent.pupil', { name: p.name })}
            </label>
          </li>
        ))}
      </ul>
      <p className="muted">{t('consent.withdrawNote')}</p>
    </section>
  )
}
