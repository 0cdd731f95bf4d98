import { useMutation, useQueryClient } from '@tanstack/react-query'
import { memo, useCallback, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Link as RouterLink, useParams } from 'react-router'
import { MAX_POST_LENGTH } from '../../../../shared/boardLimits.js'
import type { NewThread, Post } from '../../../../shared/schemas/boards.js'
import { apiPost } from '../../api/http.js'
import { useSecondTextDraft } from '../bilingual/useSecondTextDraft.js'
import { useIdempotencyKeys } from '../../api/useIdempotencyKeys.js'
import { useMe } from '../../app/session.js'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { Field, TextAreaField } from '../../ui/Field.js'
import { Loading, PageHeader } from '../../ui/Page.js'
import { ShowOlder } from '../../ui/ShowOlder.js'
import { useFocusTarget } from '../../ui/useFocusTarget.js'
import { FormatButtons } from '../../ui/FormatButtons.js'
import { attachedPicture, boardKey, useBoard, useThreads } from './api.js'
import { PictureInput } from '../media/PictureInput.js'
import { isTemporary, type OutboxEntry } from '../outbox/outbox.js'
import { OutboxList } from '../outbox/OutboxList.js'
import { useOutbox } from '../outbox/useOutbox.js'
import { PostCard } from './PostCard.js'
import { usePostRendererSoon } from './PostBody.js'
import { useBoardLive } from './useBoardLive.js'
import './boards.css'

export function BoardPage() {
  const { t } = useTranslation('boards')
  const { boardId = '' } = useParams()
  const [q, setQ] = useState('')
  const [search, setSearch] = useState('')
  const board = useBoard(boardId)
  const threads = useThreads(boardId, search)
  useBoardLive(boardId)
  usePostRendererSoon()
  useFocusTarget(board.isSuccess, 'thread-title')
  if (board.isPending) return <Loading />
  if (board.isError) return <ErrorNotice error={board.error} />
  const items = threads.data?.pages.flatMap((p) => p.items)
  const back = board.data.linkId ? `/links/${board.data.linkId}` : '/staffroom'
  return (
    <section className="stack">
      <PageHeader
        title={board.data.title}
        intro={t(`kind.${board.data.kind}`)}
        actions={
          <RouterLink className="button secondary" to={back}>
            {t('board.back')}
          </RouterLink>
        }
      />
      <NewThreadForm boardId={boardId} linkId={board.data.linkId} />
      <form
        className="row"
        role="search"
        onSubmit={(e) => {
          e.preventDefault()
          setSearch(q)
        }}
      >
        <Field label={t('board.search')} type="search" value={q} onChange={(e) => setQ(e.target.value)} />
        <button type="submit" className="secondary">
          {t('board.searchButton')}
        </button>
      </form>
      {threads.isError ? <ErrorNotice error={threads.error} /> : null}
      {items?.length === 0 ? <p className="muted">{search ? t('board.noResults') : t('board.empty')}</p> : null}
      <ul className="plain-list stack" aria-label={t('board.threads')}>
        {items?.map((post) => (
          <ThreadItem key={post.id} post={post} />
        ))}
      </ul>
      {threads.hasNextPage ? (
        <ShowOlder
          label={t('board.older')}
          loading={threads.isFetchingNextPage}
          onMore={() => void (threads.isFetchingNextPage || threads.fetchNextPage())}
        />
      ) : null}
    </section>
  )
}

/**
 * One thread in the list. Memoised: a page of older threads (or a live update) re-renders only the
 * threads whose data changed, not the thousands already shown (the query cache keeps unchanged posts
 * as the same objects).
 */
const ThreadItem = memo(function ThreadItem({ post }: { post: Post }) {
  return (
    <li>
      <PostCard post={post} asThreadLink />
    </li>
  )
})

function NewThreadForm({ boardId, linkId }: { boardId: string; linkId: string | null }) {
  const { t } = useTranslation('boards')
  const queryClient = useQueryClient()
  const [title, setTitle] = useState('')
  const [body, setBody] = useState('')
  const [mediaId, setMediaId] = useState<string | null>(null)
  const second = useSecondTextDraft(linkId)
  const teacher = useMe().data?.user.role === 'teacher'
  const keys = useIdempotencyKeys()
  const [fromOutbox, setFromOutbox] = useState<Post | null>(null)
  const arrived = useCallback(
    (post: Post) => {
      setFromOutbox(post)
      void queryClient.invalidateQueries({ queryKey: boardKey(boardId) })
    },
    [queryClient, boardId],
  )
  const outbox = useOutbox<Post>(`board:${boardId}`, arrived)
  const path = `/boards/${boardId}/threads`
  const done = (input: NewThread) => {
    keys.sent(input)
    setTitle('')
    setBody('')
    setMediaId(null)
    second.reset()
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
    second.load(input)
    void outbox.discard(entry)
  }
  const submit = (event: FormEvent) => {
    event.preventDefault()
    setFromOutbox(null)
    create.mutate({ title, body, ...attachedPicture(mediaId, teacher), ...second.input() })
  }
  return (
    <form className="card stack" onSubmit={submit} aria-labelledby="new-thread">
      <h2 id="new-thread">{t('board.newThread')}</h2>
      <Field
        id="thread-title"
        label={t('board.title')}
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        maxLength={120}
        required
      />
      <FormatButtons targetId="thread-body" value={body} onChange={setBody} />
      <TextAreaField
        id="thread-body"
        label={t('board.body')}
        hint={t('board.formatHint')}
        value={body}
        onChange={(e) => setBody(e.target.value)}
        maxLength={MAX_POST_LENGTH}
        required
        rows={4}
      />
      {second.field(body)}
      {linkId ? <PictureInput linkId={linkId} value={mediaId} onChange={setMediaId} /> : null}
      {create.isError && !isTemporary(create.error) ? <ErrorNotice error={create.error} /> : null}
      {(create.isSuccess && create.data.status === 'held') || fromOutbox?.status === 'held' ? (
        <p className="notice" role="status">
          {t('board.heldNotice')}
        </p>
      ) : null}
      <div className="row">
        <button type="submit" disabled={create.isPending}>
          {t('board.post')}
        </button>
      </div>
      <OutboxList
        entries={outbox.entries}
        preview={(entry) => `${(entry.input as NewThread).title}: ${(entry.input as NewThread).body}`}
        onEdit={edit}
        onDiscard={(entry) => void outbox.discard(entry)}
      />
    </form>
  )
}
