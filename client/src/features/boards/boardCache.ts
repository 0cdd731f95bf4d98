import type { QueryClient } from '@tanstack/react-query'
import type { BoardEvent, Post, ThreadsPage, ThreadView } from '../../../../shared/schemas/boards.js'
import { boardKey, threadKey } from './api.js'

/**
 * How one live board event changes what a client already holds, so the post is on screen without
 * fetching the board again. Pure functions (no React, no cache): `useBoardLive` applies them with
 * `setQueryData`. A change a list cannot place for sure (a new thread on a later page or in search
 * results) answers `stale`: that list is marked out of date and fetched the next time it is shown.
 */
export type Merged<T> = { data: T } | 'stale' | 'unchanged'

/** Where a list of a board's threads stands: the first page of the unfiltered list shows new threads. */
export interface ThreadsListPlace {
  q: string
  page: number
}

/** Pinned threads first, the order otherwise kept (the server's order by latest activity). */
const pinnedFirst = (items: Post[]): Post[] => [...items.filter((p) => p.pinned), ...items.filter((p) => !p.pinned)]

export function mergeIntoThreadsPage(list: ThreadsPage, place: ThreadsListPlace, event: BoardEvent): Merged<ThreadsPage> {
  if (event.type === 'remove') {
    if (!list.items.some((p) => p.id === event.postId)) return 'unchanged'
    return { data: { ...list, items: list.items.filter((p) => p.id !== event.postId), total: Math.max(0, list.total - 1) } }
  }
  const { post } = event
  if (post.threadId) {
    // A reply: its thread shows how many published replies it has.
    const count = event.threadReplyCount
    const index = list.items.findIndex((p) => p.id === post.threadId)
    if (index < 0 || count === undefined || list.items[index]!.replyCount === count) return 'unchanged'
    return { data: { ...list, items: list.items.map((p, i) => (i === index ? { ...p, replyCount: count } : p)) } }
  }
  const index = list.items.findIndex((p) => p.id === post.id)
  if (index >= 0) return { data: { ...list, items: pinnedFirst(list.items.map((p, i) => (i === index ? post : p))) } }
  // A thread this list has not shown yet: the newest activity goes on top of the first page.
  if (place.q !== '' || place.page !== 1) return 'stale'
  const pinned = list.items.filter((p) => p.pinned)
  const rest = list.items.filter((p) => !p.pinned)
  const items = post.pinned ? [post, ...pinned, ...rest] : [...pinned, post, ...rest]
  return { data: { ...list, items: items.slice(0, list.pageSize), total: list.total + 1 } }
}

const byCreation = (a: Post, b: Post) => (a.createdAt === b.createdAt ? (a.id < b.id ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1)

/** A thread page's view after an event; `gone` when the thread itself may no longer be seen. */
export function mergeIntoThreadView(view: ThreadView, event: BoardEvent): Merged<ThreadView> | 'gone' {
  if (event.boardId !== view.board.id) return 'unchanged'
  if (event.type === 'remove') {
    if (event.postId === view.thread.id) return 'gone'
    if (!view.replies.some((r) => r.id === event.postId)) return 'unchanged'
    const replies = view.replies.filter((r) => r.id !== event.postId)
    return { data: { ...view, replies } }
  }
  const { post } = event
  if (post.id === view.thread.id) return { data: { ...view, thread: post } }
  if (post.threadId !== view.thread.id) return 'unchanged'
  const replies = [...view.replies.filter((r) => r.id !== post.id), post].sort(byCreation)
  const thread = event.threadReplyCount === undefined ? view.thread : { ...view.thread, replyCount: event.threadReplyCount }
  return { data: { ...view, thread, replies } }
}

/** Lists that cannot place a change are marked out of date without fetching: they refresh when next shown. */
const markStale = (queryClient: QueryClient, queryKey: readonly unknown[]) => void queryClient.invalidateQueries({ queryKey, exact: true, refetchType: 'none' })

/** Merges one board event into every cached list of that board and every cached thread. */
export function applyBoardEvent(queryClient: QueryClient, event: BoardEvent): void {
  for (const [key, list] of queryClient.getQueriesData<ThreadsPage>({ queryKey: [...boardKey(event.boardId), 'threads'] })) {
    if (!list) continue
    const [, , , q, page] = key as [string, string, string, string, number]
    const merged = mergeIntoThreadsPage(list, { q, page }, event)
    if (merged === 'stale') markStale(queryClient, key)
    else if (merged !== 'unchanged') queryClient.setQueryData(key, merged.data)
    // A reply taken away changes its thread's count, which only the server knows.
    if (event.type === 'remove' && merged === 'unchanged') markStale(queryClient, key)
  }
  for (const [key, view] of queryClient.getQueriesData<ThreadView>({ queryKey: threadKey('').slice(0, 1) })) {
    if (!view) continue
    const merged = mergeIntoThreadView(view, event)
    // The thread itself is no longer for this viewer: asking again shows why (it is not found).
    if (merged === 'gone') void queryClient.invalidateQueries({ queryKey: key, exact: true })
    else if (merged !== 'unchanged' && merged !== 'stale') queryClient.setQueryData(key, merged.data)
  }
}
