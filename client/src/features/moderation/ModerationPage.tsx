import { useQueryClient, type InfiniteData } from '@tanstack/react-query'
import { useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { QueueItem, QueuePage } from '../../../../shared/schemas/moderation.js'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { Loading, PageHeader } from '../../ui/Page.js'
import { ShowOlder } from '../../ui/ShowOlder.js'
import { BulkApprove } from './BulkApprove.js'
import { QueueCard } from './QueueCard.js'
import { moderationKey, queueKey, usePupilNotices, useQueue, withoutDecided } from './api.js'
import '../boards/boards.css'
import { useFormat } from '../../i18n/format.js'
import './moderation.css'

export const itemKey = (item: Pick<QueueItem, 'kind' | 'itemId'>) => `${item.kind}-${item.itemId}`

/**
 * One queue per teacher across boards, the wall and assembly chat: what my school's pupils wrote,
 * each item whole, finished from here (by keyboard too: A approve, R reject, E edit, J/K next/previous).
 */
export function ModerationPage() {
  const { t } = useTranslation('moderation')
  const queue = useQueue()
  const queryClient = useQueryClient()
  const [focusKey, setFocusKey] = useState<string | null>(null)
  const list = useRef<HTMLUListElement>(null)
  const items = useMemo(() => queue.data?.pages.flatMap((page) => page.items) ?? [], [queue.data])

  // After a decision, focus moves to the item that took its place (or the last one).
  useEffect(() => {
    if (!focusKey) return
    const next =
      focusKey === 'done'
        ? document.getElementById('queue-done')
        : list.current?.querySelector<HTMLElement>(`[data-queue-key="${focusKey}"]`)
    if (next) {
      next.focus()
      setFocusKey(null)
    }
  }, [focusKey, items])

  const done = (decided: QueueItem[]) => {
    const gone = new Set(decided.map(itemKey))
    const index = items.findIndex((i) => gone.has(itemKey(i)))
    const rest = items.filter((i) => !gone.has(itemKey(i)))
    const next = rest[Math.min(Math.max(index, 0), rest.length - 1)]
    queryClient.setQueryData<InfiniteData<QueuePage>>(queueKey, (data) => withoutDecided(data, gone, itemKey))
    setFocusKey(next ? itemKey(next) : 'done')
    void queryClient.invalidateQueries({ queryKey: moderationKey })
  }

  // J or K anywhere on the page (not in a field) starts at the first item.
  useEffect(() => {
    const start = (event: globalThis.KeyboardEvent) => {
      const target = event.target as HTMLElement
      if (
        event.defaultPrevented ||
        event.ctrlKey ||
        event.metaKey ||
        event.altKey ||
        target.closest('[data-queue-key], input, textarea, select')
      )
        return
      if (event.key !== 'j' && event.key !== 'k') return
      list.current?.querySelector<HTMLElement>('[data-queue-key]')?.focus()
      event.preventDefault()
    }
    document.addEventListener('keydown', start)
    return () => document.removeEventListener('keydown', start)
  }, [])

  const move = (from: HTMLElement, step: 1 | -1) => {
    const all = [...(list.current?.querySelectorAll<HTMLElement>('[data-queue-key]') ?? [])]
    all[all.indexOf(from) + step]?.focus()
  }

  return (
    <section className="stack">
      <PageHeader title={t('title')} intro={t('intro')} />
      {queue.isPending ? <Loading /> : null}
      {queue.isError ? <ErrorNotice error={queue.error} /> : null}
      {queue.isSuccess && items.length === 0 && !queue.hasNextPage ? (
        <p className="notice ok" role="status" tabIndex={-1} id="queue-done">
          {t('empty')}
        </p>
      ) : null}
      {items.length ? (
        <p className="muted" id="queue-keys">
          {t('keys')}
        </p>
      ) : null}
      <BulkApprove items={items} onDone={done} />
      <ul ref={list} className="plain-list stack" aria-label={t('title')}>
        {items.map((item) => (
          <li key={itemKey(item)}>
            <QueueCard item={item} onDone={() => done([item])} onMove={move} />
          </li>
        ))}
      </ul>
      {queue.hasNextPage ? (
        <ShowOlder
          label={t('older.queue')}
          loading={queue.isFetchingNextPage}
          onMore={() => void (queue.isFetchingNextPage || queue.fetchNextPage())}
        />
      ) : null}
      <PupilNotices />
    </section>
  )
}

/** Pupils slowed down for writing too fast: a flood is noticed by their teachers, not just refused. */
function PupilNotices() {
  const { t } = useTranslation('moderation')
  const format = useFormat()
  const notices = usePupilNotices()
  if (!notices.data?.length) return null
  return (
    <section className="card stack" aria-labelledby="pupil-notices">
      <h2 id="pupil-notices">{t('notices.title')}</h2>
      <p className="muted">{t('notices.intro')}</p>
      <ul className="plain-list stack">
        {notices.data.map((n) => (
          <li key={n.id} className="row">
            <strong>{n.pupilName}</strong>
            <span>{t(`notices.kind.${n.kind}`)}</span>
            <time className="muted" dateTime={n.createdAt}>
              {format.dateTime(n.createdAt, 'dateTimeShort')}
            </time>
          </li>
        ))}
      </ul>
    </section>
  )
}
