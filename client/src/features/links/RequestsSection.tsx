import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import type { LinkRequest } from '../../../../shared/schemas/partners.js'
import { apiPost } from '../../api/http.js'
import { useMe } from '../../app/session.js'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { linksKey, requestsKey, useRequests } from './api.js'
import { useRequestsLive } from './useLinkRoom.js'
import { useFormat } from '../../i18n/format.js'

/** Invitations waiting for an answer: to my classes, from them, and into links we are part of. */
export function RequestsSection() {
  const { t } = useTranslation('links')
  const me = useMe()
  const requests = useRequests()
  useRequestsLive()
  const schoolId = me.data?.user.schoolId
  const pending = requests.data?.filter((r) => r.status === 'pending') ?? []
  const incoming = pending.filter((r) => r.to.schoolId === schoolId)
  const outgoing = pending.filter((r) => r.from.schoolId === schoolId)
  const others = pending.filter((r) => r.to.schoolId !== schoolId && r.from.schoolId !== schoolId)
  if (requests.isError) return <ErrorNotice error={requests.error} />
  return (
    <section className="stack" aria-labelledby="requests-heading">
      <h2 id="requests-heading">{t('requests.title')}</h2>
      {requests.data && pending.length === 0 ? <p className="muted">{t('requests.none')}</p> : null}
      <RequestList title={t('requests.incoming')} requests={incoming} side="to" />
      <RequestList title={t('requests.outgoing')} requests={outgoing} side="from" />
      <RequestList title={t('requests.inMyLinks')} requests={others} side="none" />
    </section>
  )
}

function RequestList({
  title,
  requests,
  side,
}: {
  title: string
  requests: LinkRequest[]
  side: 'to' | 'from' | 'none'
}) {
  if (requests.length === 0) return null
  return (
    <div className="stack">
      <h3>{title}</h3>
      <ul className="stack plain-list">
        {requests.map((request) => (
          <li key={request.id}>
            <RequestCard request={request} side={side} />
          </li>
        ))}
      </ul>
    </div>
  )
}

function RequestCard({ request, side }: { request: LinkRequest; side: 'to' | 'from' | 'none' }) {
  const { t } = useTranslation('links')
  const format = useFormat()
  const queryClient = useQueryClient()
  const navigate = useNavigate()
  const act = useMutation({
    mutationFn: (action: 'accept' | 'decline' | 'withdraw') =>
      apiPost<{ linkId?: string }>(`/link-requests/${request.id}/${action}`),
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey: requestsKey })
      void queryClient.invalidateQueries({ queryKey: linksKey })
      if (result.linkId) void navigate(`/links/${result.linkId}/agreement`)
    },
  })
  const from = `${request.from.schoolName} (${request.from.className}, ${request.from.city})`
  const to = `${request.to.schoolName} (${request.to.className}, ${request.to.city})`
  return (
    <article className="card stack" aria-label={t('requests.cardLabel', { from, to })}>
      <p>
        <strong>{t(request.linkId ? 'requests.joinSentence' : 'requests.sentence', { from, to })}</strong>
      </p>
      <blockquote className="quote">{request.message}</blockquote>
      <p className="muted">
        {t('requests.by', { name: request.createdByName, date: format.dateTime(request.createdAt, 'date') })}
      </p>
      {act.isError ? <ErrorNotice error={act.error} /> : null}
      <div className="row">
        {side === 'to' ? (
          <>
            <button type="button" onClick={() => act.mutate('accept')} disabled={act.isPending}>
              {t('requests.accept')}
            </button>
            <button type="button" className="secondary" onClick={() => act.mutate('decline')} disabled={act.isPending}>
              {t('requests.decline')}
            </button>
          </>
        ) : null}
        {side === 'from' ? (
          <button type="button" className="secondary" onClick={() => act.mutate('withdraw')} disabled={act.isPending}>
            {t('requests.withdraw')}
          </button>
        ) : null}
      </div>
    </article>
  )
}
