import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useCallback, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Link as RouterLink, useParams } from 'react-router'
import { MAX_POST_LENGTH, type NewThread, type Post } from '../../../../shared/schemas/boards.js'
import { apiPost } from '../../api/http.js'
import { useIdempotencyKeys } from '../../api/useIdempotencyKeys.js'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { Field, TextAreaField } from '../../ui/Field.js'
import { Loading, PageHeader } from '../../ui/Page.js'
import { useFocusTarget } from '../../ui/useFocusTarget.js'
import { FormatButtons } from '../../ui/FormatButtons.js'
import { boardKey, useBoard, useThreads } from './api.js'
import { PictureInput } from '../media/PictureInput.js'
import { isTemporary, type OutboxEntry } from '../outbox/outbox.js'
import { OutboxList } from '../outbox/OutboxList.js'
import { useOutbox } from '../outbox/useOutbox.js'
import { PostCard } from './PostCard.js'
import { useBoardLive } from './useBoardLive.js'
import './boards.css'

export function BoardPage() {
  const { t } = useTranslation('boards')
  const { boardId = '' } = useParams()
  const [q, setQ] = useState('')
  const [search, setSearch] = useState('')
  const [page, setPage] = useState(1)
  const board = useBoard(boardId)
  const threads = useThreads(boardId, search, page)
  useBoardLive(boardId)
  useFocusTarget(board.isSuccess, 'thread-title')
  if (board.isPending) return <Loading />
  if (board.isError) return <ErrorNotice error={board.error} />
  const pages = Math.max(1, Math.ceil((threads.data?.total ?? 0) / (threads.data?.pageSize ?? 20)))
  const back = board.data.linkId ? `/links/${board.data.linkId}` : '/staffroom'
  return (
    <section className="stack">
      <PageHeader title={board.data.title} intro={t(`kind.${board.data.kind}`)} actions={<RouterLink className="button secondary" to={back}>{t('board.back')}</RouterLink>} />
      <NewThreadForm boardId={boardId} linkId={board.data.linkId} />
      <form className="row" role="search" onSubmit={(e) => { e.preventDefault(); setPage(1); setSearch(q) }}>
        <Field label={t('board.search')} type="search" value={q} onChange={(e) => setQ(e.target.value)} />
        <button type="submit" className="secondary">{t('board.searchButton')}</button>
      </form>
      {threads.isError ? <ErrorNotice error={threads.error} /> : null}
      {threads.data?.items.length === 0 ? <p className="muted">{search ? t('board.noResults') : t('board.empty')}</p> : null}
      <ul className="plain-list stack" aria-label={t('board.threads')}>
        {threads.data?.items.map((post) => <li key={post.id}><PostCard post={post} asThreadLink /></li>)}
      </ul>
      {pages > 1 ? (
        <nav className="row" aria-label={t('board.pages')}>
          <button type="button" className="secondary" disabled={page <= 1} onClick={() => setPage(page - 1)}>{t('board.previous')}</button>
          <span>{t('board.pageOf', { page, pages })}</span>
          <button type="button" className="secondary" disabled={page >= pages} onClick={() => setPage(page + 1)}>{t('board.next')}</button>
        </nav>
      ) : null}
    </section>
  )
}

function NewThreadForm({ boardId, linkId }: { boardId: string; linkId: string | null }) {
  const { t } = useTranslation('boards')
  const queryClient = useQueryClient()
  const [title, setTitle] = useState('')
  const [body, setBody] = useState('')
  const [mediaId, setMediaId] = useState<string | null>(null)
  const keys = useIdempotencyKeys()
  const [fromOutbox, setFromOutbox] = useState<Post | null>(null)
  const arrived = useCallback((post: Post) => {
    setFromOutbox(post)
    void queryClient.invalidateQueries({ queryKey: boardKey(boardId) })
  }, [queryClient, boardId])
  const outbox = useOutbox<Post>(`board:${boardId}`, arrived)
  const path = `/boards/${boardId}/threads`
  const done = (input: NewThread) => {
    keys.sent(input)
    setTitle('')
    setBody('')
    setMediaId(null)
  }
  const create = useMutation({
    mutationFn: (input: NewThread) => apiPost<Post>(path, input, { idempotencyKey: keys.keyFor(input) }),
    // Offline it fails at once (not paused in memory) and the outbox keeps it, with its key.
    networkMode: 'always',
    onSuccess: (_post, input) => {
      done(input)
      void queryClient.invalidateQueries({ queryKey: boardKey(boardId) })
    },
    onError: (error, input) => {
      if (isTemporary(error)) void outbox.keep(path, input, keys.keyFor(input)).then(() => done(input))
    },
  })
  const edit = (entry: OutboxEntry) => {
    const input = entry.input as NewThread
    setTitle(input.title)
    setBody(input.body)
    setMediaId(input.mediaId ?? null)
    void outbox.discard(entry)
  }
  const submit = (event: FormEvent) => {
    event.preventDefault()
    setFromOutbox(null)
    create.mutate({ title, body, ...(mediaId ? { mediaId } : {}) })
  }
  return (
    <form className="card stack" onSubmit={submit} aria-labelledby="new-thread">
      <h2 id="new-thread">{t('board.newThread')}</h2>
      <Field id="thread-title" label={t('board.title')} value={title} onChange={(e) => setTitle(e.target.value)} maxLength={120} required />
      <FormatButtons targetId="thread-body" value={body} onChange={setBody} />
      <TextAreaField id="thread-body" label={t('board.body')} hint={t('board.formatHint')} value={body} onChange={(e) => setBody(e.target.value)} maxLength={MAX_POST_LENGTH} required rows={4} />
      {linkId ? <PictureInput linkId={linkId} value={mediaId} onChange={setMediaId} /> : null}
      {create.isError && !isTemporary(create.error) ? <ErrorNotice error={create.error} /> : null}
      {(create.isSuccess && create.data.status === 'held') || fromOutbox?.status === 'held' ? <p className="notice" role="status">{t('board.heldNotice')}</p> : null}
      <div className="row"><button type="submit" disabled={create.isPending}>{t('board.post')}</button></div>
      <OutboxList entries={outbox.entries} preview={(entry) => `${(entry.input as NewThread).title}: ${(entry.input as NewThread).body}`} onEdit={edit} onDiscard={(entry) => void outbox.discard(entry)} />
    </form>
  )
}
