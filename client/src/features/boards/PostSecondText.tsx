import { useQueryClient } from '@tanstack/react-query'
import type { Post } from '../../../../shared/schemas/boards.js'
import { useMe } from '../../app/session.js'
import { SecondTextEditor } from '../bilingual/SecondTextEditor.js'
import { boardKey, threadKey, useBoard } from './api.js'

/** A teacher of the writer's school adds the post's text in the partner class's language, as she moderates it. */
export function PostSecondText({ post }: { post: Post }) {
  const me = useMe().data?.user
  const mayAdd = me?.role === 'teacher' && me.schoolId === post.schoolId && post.status !== 'deleted'
  return mayAdd ? <Editor post={post} /> : null
}

function Editor({ post }: { post: Post }) {
  const queryClient = useQueryClient()
  // Cached by the board or thread page already; the forum has no partner class, so no second language.
  const linkId = useBoard(post.boardId).data?.linkId
  if (!linkId) return null
  return (
    <SecondTextEditor
      item={post}
      linkId={linkId}
      path={`/posts/${post.id}/second-text`}
      onSaved={() => {
        void queryClient.invalidateQueries({ queryKey: boardKey(post.boardId) })
        void queryClient.invalidateQueries({ queryKey: threadKey(post.threadId ?? post.id) })
        void queryClient.invalidateQueries({ queryKey: ['moderation'] })
      }}
    />
  )
}
