import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Link as RouterLink, useParams } from 'react-router'
import type { Round } from '../../../../shared/schemas/wall.js'
import { apiPost } from '../../api/http.js'
import { useMe } from '../../app/session.js'
import { useFormat } from '../../i18n/format.js'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { Field } from '../../ui/Field.js'
import { Loading, PageHeader } from '../../ui/Page.js'
import { useFocusTarget } from '../../ui/useFocusTarget.js'
import { useLink } from '../links/api.js'
import { useLinkRoom } from '../links/useLinkRoom.js'
import { ComposeForm } from './ComposeForm.js'
import { VideoComposer } from '../video/VideoComposer.js'
import { WallItemCard } from './WallItemCard.js'
import { useWall, wallKey } from './api.js'
import '../boards/boards.css'
import './wall.css'

export function WallPage() {
  const { t } = useTranslation('wall')
  const { linkId = '' } = useParams()
  const wall = useWall(linkId)
  const me = useMe().data?.user
  useLinkRoom(linkId)
  useFocusTarget(wall.isSuccess, 'letter-body')
  if (wall.isPending) return <Loading />
  if (wall.isError) return <ErrorNotice error={wall.error} />
  const items = wall.data.pages.flatMap((p) => p.items)
  const rounds = wall.data.pages[0]?.rounds ?? []
  const open = rounds.find((r) => r.status === 'open')
  const top = items.filter((i) => !i.parentId)
  return (
    <section className="stack">
      <PageHeader
        title={t('title')}
        intro={t('intro')}
        actions={
          <>
            <RouterLink className="button secondary" to={`/links/${linkId}/penpals`}>
              {t('penPals.open')}
            </RouterLink>
            <RouterLink className="button secondary" to={`/links/${linkId}`}>
              {t('back')}
            </RouterLink>
          </>
        }
      />
      {open ? <RoundBanner round={open} /> : null}
      {!open && me?.role === 'teacher' ? <NewRoundForm linkId={linkId} /> : null}
      <ComposeForm linkId={linkId} />
      <VideoComposer linkId={linkId} />
      {top.length === 0 ? <p className="muted">{t('empty')}</p> : null}
      <ul className="plain-list wall-grid" aria-label={t('items')}>
        {top.map((item) => (
          <li key={item.id}>
            <WallItemCard item={item} replies={items.filter((r) => r.parentId === item.id)} />
          </li>
        ))}
      </ul>
      {wall.hasNextPage ? (
        <div className="row">
          <button
            type="button"
            className="secondary"
            disabled={wall.isFetchingNextPage}
            onClick={() => void wall.fetchNextPage()}
          >
            {t('older')}
          </button>
        </div>
      ) : null}
      {rounds.filter((r) => r.status === 'released').length ? (
        <section className="card stack" aria-labelledby="past-rounds">
          <h2 id="past-rounds">{t('rounds.past')}</h2>
          <ul className="plain-list">
            {rounds
              .filter((r) => r.status === 'released')
              .map((r) => (
                <li key={r.id}>
                  <RouterLink to={`/rounds/${r.id}/print`}>{r.theme}</RouterLink>
                </li>
              ))}
          </ul>
        </section>
      ) : null}
    </section>
  )
}

function RoundBanner({ round }: { round: Round }) {
  const { t } = useTranslation('wall')
  const format = useFormat()
  const me = useMe().data?.user
  const ownZone = useMe().data?.school.timeZone
  const queryClient = useQueryClient()
  const agree = useMutation({
    mutationFn: () => apiPost<Round>(`/rounds/${round.id}/early-release`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: wallKey(round.linkId) }),
  })
  const link = useLink(round.linkId)
  const agreedIds = new Set(round.earlyReleaseClassIds)
  const classes = link.data?.classes ?? []
  const names = (agreed: boolean) =>
    classes
      .filter((c) => agreedIds.has(c.classId) === agreed)
      .map((c) => `${c.className} (${c.schoolName})`)
      .join(', ')
  const when = (iso: string) => format.dateTime(iso, 'dateTimeFull', ownZone)
  return (
    <section className="notice stack round-banner" aria-labelledby="round-heading" data-testid="round">
      <h2 id="round-heading">{t('rounds.current', { theme: round.theme })}</h2>
      <p>{t('rounds.dates', { deadline: when(round.deadline), release: when(round.releaseAt) })}</p>
      <p className="muted">{t('rounds.how')}</p>
      {me?.role === 'teacher' ? (
        <div className="row">
          <RouterLink className="button secondary" to={`/rounds/${round.id}`}>
            {t('rounds.report')}
          </RouterLink>
          <button type="button" className="secondary" onClick={() => agree.mutate()} disabled={agree.isPending}>
            {t('rounds.agreeEarly')}
          </button>
          <span className="muted">{t('rounds.agreed', { count: round.earlyReleaseClassIds.length })}</span>
        </div>
      ) : null}
      {me?.role === 'teacher' && classes.length ? (
        <p role="status" data-testid="early-release">
          {agreedIds.size ? t('rounds.agreedBy', { names: names(true) }) : null}{' '}
          {t('rounds.stillNeeded', { names: names(false) })}
        </p>
      ) : null}
      {agree.isError ? <ErrorNotice error={agree.error} /> : null}
    </section>
  )
}

function NewRoundForm({ linkId }: { linkId: string }) {
  const { t } = useTranslation('wall')
  const queryClient = useQueryClient()
  const [theme, setTheme] = useState('')
  const [deadline, setDeadline] = useState('')
  const [release, setRelease] = useState('')
  const create = useMutation({
    mutationFn: () =>
      apiPost<Round>(`/links/${linkId}/rounds`, {
        theme,
        deadline: new Date(deadline).toISOString(),
        releaseAt: new Date(release).toISOString(),
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: wallKey(linkId) }),
  })
  const submit = (event: FormEvent) => {
    event.preventDefault()
    create.mutate()
  }
  return (
    <form className="card stack" onSubmit={submit} aria-labelledby="new-round">
      <h2 id="new-round">{t('rounds.new')}</h2>
      <p className="muted">{t('rounds.how')}</p>
      <Field
        label={t('rounds.theme')}
        value={theme}
        onChange={(e) => setTheme(e.target.value)}
        maxLength={120}
        required
      />
      <div className="row">
        <Field
          label={t('rounds.deadline')}
          type="datetime-local"
          value={deadline}
          onChange={(e) => setDeadline(e.target.value)}
          required
        />
        <Field
          label={t('rounds.releaseAt')}
          type="datetime-local"
          value={release}
          onChange={(e) => setRelease(e.target.value)}
          required
        />
      </div>
      {create.isError ? <ErrorNotice error={create.error} /> : null}
      <div className="row">
        <button type="submit" disabled={create.isPending}>
          {t('rounds.create')}
        </button>
      </div>
    </form>
  )
}
