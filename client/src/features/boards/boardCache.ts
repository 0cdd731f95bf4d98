import type { InfiniteData, QueryClient } from '@tanstack/react-query'
import type { BoardEvent, Post, ThreadsPage, ThreadView } from '../../../../shared/schemas/boards.js'
import { boardKey, threadKey } from './api.js'

/**
 * How one live board event changes what a client already holds, so the post is on screen without
 * fetching the board again. Pure functions (no React, no cache): `useBoardLive` applies them with
 * `setQueryData`. Lists are paged (`useInfiniteQuery`): a change is made in the page that holds the
 * post, a new thread goes on top of the first page, and pages already loaded keep their cursors. A
 * change a list cannot place for sure (a new thread in search results) answers `stale`: that list is
 * marked out of date and fetched the next time it is shown.
 */
export type Merged<T> = { data: T } | 'stale' | 'unchanged'
export type ThreadsList = InfiniteData<ThreadsPage, string>
export type ThreadPages = InfiniteData<ThreadView, string>

/** Pinned threads first, the order otherwise kept (the server's order by latest activity). */
const pinnedFirst = (items: Post[]): Post[] => [...items.filter((p) => p.pinned), ...items.filter((p) => !p.pinned)]

const withPages = <P>(data: InfiniteData<P, string>, pages: P[]): { data: InfiniteData<P, string> } => ({
  data: { ...data, pages },
})

/** `q`: the list's search ('' for the whole board, whose first page shows new threads). */
export function mergeIntoThreadsList(list: ThreadsList, q: string, event: BoardEvent): Merged<ThreadsList> {
  const holds = (postId: string) => list.pages.some((page) => page.items.some((p) => p.id === postId))
  if (event.type === 'remove') {
    if (!holds(event.postId)) return 'unchanged'
    return withPages(
      list,
      list.pages.map((page) => ({ ...page, items: page.items.filter((p) => p.id !== event.postId) })),
    )
  }
  const { post } = event
  if (post.threadId) {
    // A reply: its thread shows how many published replies it has.
    const count = event.threadReplyCount
    if (count === undefined || !holds(post.threadId)) return 'unchanged'
    return withPages(
      list,
      list.pages.map((page) => ({
        ...page,
        items: page.items.map((p) => (p.id === post.threadId ? { ...p, replyCount: count } : p)),
      })),
    )
  }
  if (holds(post.id))
    return withPages(
      list,
      list.pages.map((page, i) => {
        const items = page.items.map((p) => (p.id === post.id ? post : p))
        return { ...page, items: i === 0 ? pinnedFirst(items) : items }
      }),
    )
  // A thread this list has not shown yet: the newest activity goes on top of the first page.
  const [head, ...older] = list.pages
  if (q !== '' || !head) return 'stale'
  const pinned = head.items.filter((p) => p.pinned)
  const rest = head.items.filter((p) => !p.pinned)
  // The first page grows rather than losing its last thread: the next page's cursor starts after it.
  const items = post.pinned ? [post, ...pinned, ...rest] : [...pinned, post, ...rest]
  return withPages(list, [{ ...head, items }, ...older])
}

const byCreation = (a: Post, b: Post) =>
  a.createdAt === b.createdAt ? (a.id < b.id ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1

/**
 * A thread page's view after an event (its first page holds the newest replies); `gone` when the
 * thread itself may no longer be seen.
 */
export function mergeIntoThreadView(view: ThreadPages, event: BoardEvent): Merged<ThreadPages> | 'gone' {
  const head = view.pages[0]
  if (!head || event.boardId !== head.board.id) return 'unchanged'
  if (event.type === 'remove') {
    if (event.postId === head.thread.id) return 'gone'
    if (!view.pages.some((page) => page.replies.some((r) => r.id === event.postId))) return 'unchanged'
    return withPages(
      view,
      view.pages.map((page) => ({ ...page, replies: page.replies.filter((r) => r.id !== event.postId) })),
    )
  }
  const { post } = event
  if (post.id === head.thread.id)
    return withPages(
      view,
      view.pages.map((page) => ({ ...page, thread: post })),
    )
  if (post.threadId !== head.thread.id) return 'unchanged'
  const thread =
    event.threadReplyCount === undefined ? head.thread : { ...head.thread, replyCount: event.threadReplyCount }
  const shownAt = view.pages.findIndex((page) => page.replies.some((r) => r.id === post.id))
  const target = shownAt < 0 ? 0 : shownAt
  return withPages(
    view,
    view.pages.map((page, i) => ({
      ...page,
      thread,
      replies: i === target ? [...page.replies.filter((r) => r.id !== post.id), post].sort(byCreation) : page.replies,
    })),
  )
}

/** Lists that cannot place a change are marked out of date without fetching: they refresh when next shown. */
const markStale = (queryClient: QueryClient, queryKey: readonly unknown[]) =>
  void queryClient.invalidateQueries({ queryKey, exact: true, refetchType: 'none' })

/** Merges one board event into every cached list of that board and every cached thread. */
export function applyBoardEvent(queryClient: QueryClient, event: BoardEvent): void {
  for (const [key, list] of queryClient.getQueriesData<ThreadsList>({
    queryKey: [...boardKey(event.boardId), 'threads'],
  })) {
    if (!list?.pages) continue
    const [, , , q] = key as [string, string, string, string]
    const merged = mergeIntoThreadsList(list, q, event)
    if (merged === 'stale') markStale(queryClient, key)
    else if (merged !== 'unchanged') queryClient.setQueryData(key, merged.data)
    // A reply taken away changes its thread's count, which only the server knows.
    if (event.type === 'remove' && merged === 'unchanged') markStale(queryClient, key)
  }
  for (const [key, view] of queryClient.getQueriesData<ThreadPages>({ queryKey: threadKey('').slice(0, 1) })) {
    if (!view?.pages) continue
    const merged = mergeIntoThreadView(view, event)
    // The thread itself is no longer for this viewer: asking again shows why (it is not found).
    if (merged === 'gone') void queryClient.invalidateQueries({ queryKey: key, exact: true })
    else if (merged !== 'unchanged' && merged !== 'stale') queryClient.setQueryData(key, merged.data)
  }
}
