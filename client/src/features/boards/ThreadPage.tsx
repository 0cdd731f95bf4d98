import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useCallback, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Link as RouterLink, useParams } from 'react-router'
import { MAX_POST_LENGTH } from '../../../../shared/boardLimits.js'
import type { NewReply, Post } from '../../../../shared/schemas/boards.js'
import { apiPatch, apiPost } from '../../api/http.js'
import { useSecondTextDraft } from '../bilingual/useSecondTextDraft.js'
import { useIdempotencyKeys } from '../../api/useIdempotencyKeys.js'
import { useMe } from '../../app/session.js'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { TextAreaField } from '../../ui/Field.js'
import { useFocusTarget } from '../../ui/useFocusTarget.js'
import { FormatButtons } from '../../ui/FormatButtons.js'
import { Loading, PageHeader } from '../../ui/Page.js'
import { ShowOlder } from '../../ui/ShowOlder.js'
import { attachedPicture, boardKey, threadKey, useThread } from './api.js'
import { PictureInput } from '../media/PictureInput.js'
import { isTemporary, type OutboxEntry } from '../outbox/outbox.js'
import { OutboxList } from '../outbox/OutboxList.js'
import { useOutbox } from '../outbox/useOutbox.js'
import { PostCard } from './PostCard.js'
import { usePostRendererSoon } from './PostBody.js'
import { useBoardLive } from './useBoardLive.js'
import './boards.css'

export function ThreadPage() {
  const { t } = useTranslation('boards')
  const { threadId = '' } = useParams()
  const view = useThread(threadId)
  useFocusTarget(view.isSuccess)
  useBoardLive(view.data?.pages[0]?.board.id ?? '')
  usePostRendererSoon()
  if (view.isPending) return <Loading />
  if (view.isError) return <ErrorNotice error={view.error} />
  const { thread, board } = view.data.pages[0]!
  // The first page holds the newest replies: older pages go above it.
  const replies = [...view.data.pages].reverse().flatMap((page) => page.replies)
  return (
    <section className="stack">
      <PageHeader
        title={thread.title ?? ''}
        intro={board.title}
        actions={
          <RouterLink className="button secondary" to={`/boards/${board.id}`}>
            {t('thread.back', { board: board.title })}
          </RouterLink>
        }
      />
      <PostCard post={thread} />
      <ThreadTools thread={thread} />
      {view.hasNextPage ? (
        <ShowOlder
          label={t('thread.older')}
          loading={view.isFetchingNextPage}
          onMore={() => void (view.isFetchingNextPage || view.fetchNextPage())}
        />
      ) : null}
      <ul className="plain-list stack replies" aria-label={t('thread.replies')}>
        {replies.map((reply) => (
          <li key={reply.id}>
            <PostCard post={reply} />
          </li>
        ))}
      </ul>
      {thread.locked ? (
        <p className="notice">{t('thread.lockedNotice')}</p>
      ) : thread.status === 'published' ? (
        <ReplyForm thread={thread} linkId={board.linkId} />
      ) : null}
    </section>
  )
}

function ThreadTools({ thread }: { thread: Post }) {
  const { t } = useTranslation('boards')
  const me = useMe().data?.user
  const queryClient = useQueryClient()
  const change = useMutation({
    mutationFn: (flags: { pinned?: boolean; locked?: boolean }) => apiPatch<Post>(`/threads/${thread.id}`, flags),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: threadKey(thread.id) })
      void queryClient.invalidateQueries({ queryKey: boardKey(thread.boardId) })
    },
  })
  if (me?.role !== 'teacher' || thread.status !== 'published') return null
  return (
    <div className="row">
      <button type="button" className="secondary small" onClick={() => change.mutate({ pinned: !thread.pinned })}>
        {thread.pinned ? t('thread.unpin') : t('thread.pin')}
      </button>
      <button type="button" className="secondary small" onClick={() => change.mutate({ locked: !thread.locked })}>
        {thread.locked ? t('thread.unlock') : t('thread.lock')}
      </button>
      {change.isError ? <ErrorNotice error={change.error} /> : null}
    </div>
  )
}

function ReplyForm({ thread, linkId }: { thread: Post; linkId: string | null }) {
  const { t } = useTranslation('boards')
  const queryClient = useQueryClient()
  const [body, setBody] = useState('')
  const [mediaId, setMediaId] = useState<string | null>(null)
  const second = useSecondTextDraft(linkId)
  const teacher = useMe().data?.user.role === 'teacher'
  const keys = useIdempotencyKeys()
  const [fromOutbox, setFromOutbox] = useState<Post | null>(null)
  const arrived = useCallback(
    (post: Post) => {
      setFromOutbox(post)
      void queryClient.invalidateQueries({ queryKey: threadKey(thread.id) })
    },
    [queryClient, thread.id],
  )
  const outbox = useOutbox<Post>(`thread:${thread.id}`, arrived)
  const path = `/threads/${thread.id}/replies`
  const done = (input: NewReply) => {
    keys.sent(input)
    setBody('')
    setMediaId(null)
    second.reset()
  }
  const reply = useMutation({
    mutationFn: (input: NewReply) => apiPost<Post>(path, input, { idempotencyKey: keys.keyFor(input) }),
    // Offline it fails at once (not paused in memory) and the outbox keeps it, with its key.
    networkMode: 'always',
    onSuccess: (_post, input) => {
      done(input)
      void queryClient.invalidateQueries({ queryKey: threadKey(thread.id) })
    },
    onError: (error, input) => {
      if (isTemporary(error)) void outbox.keep(path, input, keys.keyFor(input)).then(() => done(input))
    },
  })
  const submit = (event: FormEvent) => {
    event.preventDefault()
    setFromOutbox(null)
    reply.mutate({ body, ...attachedPicture(mediaId, teacher), ...second.input() })
  }
  const edit = (entry: OutboxEntry) => {
    const input = entry.input as NewReply
    setBody(input.body)
    setMediaId(input.mediaId ?? null)
    second.load(input)
    void outbox.discard(entry)
  }
  return (
    <form className="card stack" onSubmit={submit}>
      <FormatButtons targetId="reply-body" value={body} onChange={setBody} />
      <TextAreaField
        id="reply-body"
        label={t('thread.reply')}
        hint={t('board.formatHint')}
        value={body}
        onChange={(e) => setBody(e.target.value)}
        maxLength={MAX_POST_LENGTH}
        required
        rows={3}
      />
      {second.field(body)}
      {linkId ? <PictureInput linkId={linkId} value={mediaId} onChange={setMediaId} /> : null}
      {reply.isError && !isTemporary(reply.error) ? <ErrorNotice error={reply.error} /> : null}
      {(reply.isSuccess && reply.data.status === 'held') || fromOutbox?.status === 'held' ? (
        <p className="notice" role="status">
          {t('board.heldNotice')}
        </p>
      ) : null}
      <div className="row">
        <button type="submit" disabled={reply.isPending}>
          {t('thread.send')}
        </button>
      </div>
      <OutboxList
        entries={outbox.entries}
        preview={(entry) => (entry.input as NewReply).body}
        onEdit={edit}
        onDiscard={(entry) => void outbox.discard(entry)}
      />
    </form>
  )
}
