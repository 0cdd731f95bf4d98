import type { User } from '../../../shared/schemas/accounts.js'
import type { Post } from '../../../shared/schemas/boards.js'
import type { BoardsService } from './boards.service.js'

/** Every thread of a board the user may see, newest activity first, page by page (exports and evidence). */
export async function allThreads(boards: BoardsService, user: User, boardId: string): Promise<Post[]> {
  const threads: Post[] = []
  let before: string | undefined
  do {
    const page = await boards.threads(user, boardId, { limit: 50, ...(before ? { before } : {}) })
    threads.push(...page.items)
    before = page.nextCursor ?? undefined
  } while (before)
  return threads
}

/** Every reply of a thread the user may see, oldest first, page by page (exports). */
export async function allReplies(boards: BoardsService, user: User, threadId: string): Promise<Post[]> {
  const replies: Post[] = []
  let before: string | undefined
  do {
    const view = await boards.thread(user, threadId, { limit: 100, ...(before ? { before } : {}) })
    replies.unshift(...view.replies)
    before = view.nextCursor ?? undefined
  } while (before)
  return replies
}
