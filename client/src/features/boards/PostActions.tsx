import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Link as RouterLink } from 'react-router'
import type { Post } from '../../../../shared/schemas/boards.js'
import type { ModerationAction } from '../../../../shared/schemas/moderation.js'
import { apiPost } from '../../api/http.js'
import { useIdempotencyKeys } from '../../api/useIdempotencyKeys.js'
import { useMe } from '../../app/session.js'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { boardKey, threadKey } from './api.js'

type Pending = 'reject' | 'edit' | 'flag' | 'hide' | null

/** The moderation buttons a viewer may use on a post, following the same rules as the server. */
export function PostActions({ post }: { post: Post }) {
  const { t } = useTranslation('boards')
  const me = useMe().data?.user
  const queryClient = useQueryClient()
  const [pending, setPending] = useState<Pending>(null)
  const [text, setText] = useState('')
  const keys = useIdempotencyKeys()
  const act = useMutation({
    mutationFn: (input: { action: ModerationAction; reason?: string; body?: string }) =>
      apiPost(
        `/moderation/board_post/${post.id}/${input.action}`,
        { ...(input.reason ? { reason: input.reason } : {}), ...(input.body ? { body: input.body } : {}) },
        { idempotencyKey: keys.keyFor(input) },
      ),
    onSuccess: (_done, input) => {
      keys.sent(input)
      setPending(null)
      void queryClient.invalidateQueries({ queryKey: boardKey(post.boardId) })
      void queryClient.invalidateQueries({ queryKey: threadKey(post.threadId ?? post.id) })
      void queryClient.invalidateQueries({ queryKey: ['moderation'] })
    },
  })
  if (!me) return null
  const teacher = me.role === 'teacher'
  const ownSchool = teacher && me.schoolId === post.schoolId
  const published = post.status === 'published'
  const buttons: { action: ModerationAction | Pending; label: string; danger?: boolean }[] = []
  // A held picture is approved in the queue, where its teacher says who it shows.
  const askedInQueue = post.status === 'held' && Boolean(post.mediaId)
  if (ownSchool && (post.status === 'held' || (published && post.flagged))) {
    if (!askedInQueue) buttons.push({ action: 'approve', label: t('actions.approve') })
    buttons.push({ action: 'reject', label: t('actions.reject') })
  }
  if (published && !post.flagged && post.authorId !== me.id) buttons.push({ action: 'flag', label: t('actions.flag') })
  if (teacher && published) buttons.push({ action: 'hide', label: t('actions.hide') })
  if (ownSchool && (published || post.status === 'held'))
    buttons.push(
      { action: 'edit', label: t('actions.edit') },
      { action: 'delete', label: t('actions.delete'), danger: true },
    )
  if (buttons.length === 0) return null
  const start = (action: ModerationAction | Pending) => {
    if (action === 'approve' || action === 'delete') act.mutate({ action })
    else {
      setText(action === 'edit' ? post.body : '')
      setPending(action)
    }
  }
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (!pending) return
    if (pending === 'edit') act.mutate({ action: 'edit', body: text })
    else act.mutate({ action: pending, reason: text })
  }
  return (
    <div className="post-actions stack">
      <div className="row">
        {ownSchool && askedInQueue ? (
          <RouterLink className="button small" to="/moderation">
            {t('actions.approveInQueue')}
          </RouterLink>
        ) : null}
        {buttons.map((b) => (
          <button
            key={b.action}
            type="button"
            className={b.danger ? 'danger small' : 'secondary small'}
            onClick={() => start(b.action)}
            disabled={act.isPending}
          >
            {b.label}
          </button>
        ))}
      </div>
      {pending ? (
        <form className="stack" onSubmit={submit}>
          <label className="field">
            <span>{t(`actions.${pending}Prompt`)}</span>
            <textarea
              value={text}
              onChange={(e) => setText(e.target.value)}
              required={pending === 'reject' || pending === 'edit'}
              rows={pending === 'edit' ? 4 : 2}
            />
          </label>
          <div className="row">
            <button type="submit" className="small">
              {t(`actions.${pending}Confirm`)}
            </button>
            <button type="button" className="link" onClick={() => setPending(null)}>
              {t('actions.cancel')}
            </button>
          </div>
        </form>
      ) : null}
      {act.isError ? <ErrorNotice error={act.error} /> : null}
    </div>
  )
}
