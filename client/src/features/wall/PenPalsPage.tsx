import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { Link as RouterLink, useParams } from 'react-router'
import type { PenPalView } from '../../../../shared/schemas/wall.js'
import { apiPost, apiPut } from '../../api/http.js'
import { useMe } from '../../app/session.js'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { Loading, PageHeader } from '../../ui/Page.js'
import { penPalsKey, usePenPals } from './api.js'

/** Pen pals across the link's classes: paired automatically, adjusted by a teacher. */
export function PenPalsPage() {
  const { t } = useTranslation('wall')
  const { linkId = '' } = useParams()
  const me = useMe().data?.user
  const penPals = usePenPals(linkId)
  const queryClient = useQueryClient()
  const onSuccess = (view: PenPalView) => queryClient.setQueryData(penPalsKey(linkId), view)
  const auto = useMutation({ mutationFn: () => apiPost<PenPalView>(`/links/${linkId}/penpals/auto`), onSuccess })
  const save = useMutation({
    mutationFn: (groups: string[][]) => apiPut<PenPalView>(`/links/${linkId}/penpals`, { groups }),
    onSuccess,
  })
  if (penPals.isPending) return <Loading />
  if (penPals.isError) return <ErrorNotice error={penPals.error} />
  const groups = penPals.data.groups
  const moveTo = (pupilId: string, target: number) => {
    const next = groups.map((g) => g.map((p) => p.pupilId).filter((id) => id !== pupilId))
    next[target]?.push(pupilId)
    save.mutate(next.filter((g) => g.length > 0))
  }
  return (
    <section className="stack">
      <PageHeader
        title={t('penPals.title')}
        intro={me?.role === 'teacher' ? t('penPals.intro') : t('penPals.pupilIntro')}
        actions={
          <RouterLink className="button secondary" to={`/links/${linkId}/wall`}>
            {t('back')}
          </RouterLink>
        }
      />
      {me?.role === 'teacher' ? (
        <div className="row">
          <button type="button" onClick={() => auto.mutate()} disabled={auto.isPending}>
            {t('penPals.auto')}
          </button>
        </div>
      ) : null}
      {auto.isError ? <ErrorNotice error={auto.error} /> : null}
      {save.isError ? <ErrorNotice error={save.error} /> : null}
      {groups.length === 0 ? <p className="muted">{t('penPals.none')}</p> : null}
      <ol className="grid plain-list" aria-label={t('penPals.title')}>
        {groups.map((group, index) => (
          <li
            key={group.map((p) => p.pupilId).join()}
            className="card stack"
            aria-label={t('penPals.group', { n: index + 1 })}
          >
            <h2>{t('penPals.group', { n: index + 1 })}</h2>
            {group.map((p) => (
              <div key={p.pupilId} className="row">
                <span>
                  {p.name} <span className="muted">({p.className})</span>
                </span>
                {me?.role === 'teacher' ? (
                  <label className="sr-label">
                    <span className="visually-hidden">{t('penPals.move', { name: p.name })}</span>
                    <select value={index} onChange={(e) => moveTo(p.pupilId, Number(e.target.value))}>
                      {groups.map((_, i) => (
                        <option key={i} value={i}>
                          {t('penPals.group', { n: i + 1 })}
                        </option>
                      ))}
                    </select>
                  </label>
                ) : null}
              </div>
            ))}
          </li>
        ))}
      </ol>
    </section>
  )
}
