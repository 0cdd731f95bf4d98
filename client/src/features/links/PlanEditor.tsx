import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import type { PlanItem } from '../../../../shared/schemas/agreements.js'
import { apiPost } from '../../api/http.js'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { linkKey } from './api.js'

interface Props {
  linkId: string
  plan: PlanItem[]
  doneItemIds: string[]
  /** Items in the stored agreement: only those can be marked done. */
  savedItemIds: string[]
  readOnly: boolean
  onChange(plan: PlanItem[]): void
}

/** The timetabled plan: dated activities, each with the outcome the schools expect from it. */
export function PlanEditor({ linkId, plan, doneItemIds, savedItemIds, readOnly, onChange }: Props) {
  const { t } = useTranslation('links')
  const queryClient = useQueryClient()
  const markDone = useMutation({
    mutationFn: (itemId: string) => apiPost(`/links/${linkId}/plan/${itemId}/done`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: linkKey(linkId) }),
  })
  const update = (id: string, change: Partial<PlanItem>) =>
    onChange(plan.map((item) => (item.id === id ? { ...item, ...change } : item)))
  const add = () =>
    onChange([
      ...plan,
      { id: crypto.randomUUID(), date: new Date().toISOString().slice(0, 10), activity: '', outcome: '' },
    ])
  return (
    <fieldset className="stack plan">
      <legend>{t('plan.title')}</legend>
      <p className="hint muted">{t('plan.hint')}</p>
      {plan.map((item, index) => {
        const done = doneItemIds.includes(item.id)
        return (
          <div key={item.id} className="plan-item row" role="group" aria-label={t('plan.item', { n: index + 1 })}>
            <label>
              {t('plan.date')}
              <input
                type="date"
                value={item.date}
                onChange={(e) => update(item.id, { date: e.target.value })}
                required
              />
            </label>
            <label className="grow">
              {t('plan.activity')}
              <input
                value={item.activity}
                onChange={(e) => update(item.id, { activity: e.target.value })}
                maxLength={200}
                required
              />
            </label>
            <label className="grow">
              {t('plan.outcome')}
              <input
                value={item.outcome}
                onChange={(e) => update(item.id, { outcome: e.target.value })}
                maxLength={500}
              />
            </label>
            {done ? <span className="badge">{t('plan.done')}</span> : null}
            {!readOnly && !done ? (
              <>
                {savedItemIds.includes(item.id) ? (
                  <button type="button" className="secondary" onClick={() => markDone.mutate(item.id)}>
                    {t('plan.markDone')}
                  </button>
                ) : null}
                <button type="button" className="link" onClick={() => onChange(plan.filter((p) => p.id !== item.id))}>
                  {t('plan.remove')}
                </button>
              </>
            ) : null}
          </div>
        )
      })}
      {markDone.isError ? <ErrorNotice error={markDone.error} /> : null}
      {readOnly ? null : (
        <div>
          <button type="button" className="secondary" onClick={add}>
            {t('plan.add')}
          </button>
        </div>
      )}
    </fieldset>
  )
}
