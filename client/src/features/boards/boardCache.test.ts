import { QueryClient } from '@tanstack/react-query'
import { describe, expect, it } from 'vitest'
import type { Board, BoardEvent, Post } from '../../../../shared/schemas/boards.js'
import { boardKey, threadKey } from './api.js'
import {
  applyBoardEvent,
  mergeIntoThreadsList,
  mergeIntoThreadView,
  type ThreadPages,
  type ThreadsList,
} from './boardCache.js'

const boardId = '00000000-0000-4000-8000-000000000001'
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`
const post = (n: number, fields: Partial<Post> = {}): Post => ({
  id: id(n),
  boardId,
  threadId: null,
  title: `Thread ${n}`,
  body: 'We saw a heron.',
  authorId: id(900),
  authorName: 'Amara',
  authorRole: 'pupil',
  schoolId: id(800),
  schoolName: 'Hill School',
  className: 'Year 5',
  colorIndex: 0,
  status: 'published',
  rejectReason: null,
  editNote: null,
  flagged: false,
  pinned: false,
  locked: false,
  replyCount: 0,
  mediaId: null,
  createdAt: `2026-01-01T09:00:${String(n % 60).padStart(2, '0')}.000Z`,
  ...fields,
})
const board: Board = {
  id: boardId,
  linkId: null,
  kind: 'discussion',
  title: 'Rivers',
  createdAt: '2026-01-01T00:00:00.000Z',
}
/** A list as useInfiniteQuery holds it: pages of threads, each with the cursor of the next. */
const list = (...pages: Post[][]): ThreadsList => ({
  pages: pages.map((items, i) => ({ items, nextCursor: i < pages.length - 1 ? `cursor-${i}` : null })),
  pageParams: pages.map((_, i) => (i === 0 ? '' : `cursor-${i - 1}`)),
})
const idsOf = (merged: unknown) => (merged as { data: ThreadsList }).data.pages.map((p) => p.items.map((i) => i.id))
const upsert = (p: Post, seq = 1, threadReplyCount?: number): BoardEvent => ({
  seq,
  boardId,
  type: 'upsert',
  post: p,
  ...(threadReplyCount === undefined ? {} : { threadReplyCount }),
})
const remove = (postId: string, seq = 1): BoardEvent => ({ seq, boardId, type: 'remove', postId })

describe('merging a board event into a paged list of threads', () => {
  it('puts a newly approved thread on top of the first page, below pinned ones, keeping later pages', () => {
    const merged = mergeIntoThreadsList(list([post(1, { pinned: true }), post(2)], [post(3)]), '', upsert(post(4)))
    expect(idsOf(merged)).toEqual([[id(1), id(4), id(2)], [id(3)]])
  })

  it('replaces a thread in the page that shows it, and moves a newly pinned one up its page', () => {
    const merged = mergeIntoThreadsList(
      list([post(1), post(2)], [post(3)]),
      '',
      upsert(post(2, { pinned: true, title: 'Renamed' })),
    )
    expect(idsOf(merged)).toEqual([[id(2), id(1)], [id(3)]])
    const older = mergeIntoThreadsList(list([post(1)], [post(3)]), '', upsert(post(3, { title: 'Renamed' })))
    expect((older as { data: ThreadsList }).data.pages[1]!.items[0]!.title).toBe('Renamed')
  })

  it('leaves search results to be fetched when next shown', () => {
    expect(mergeIntoThreadsList(list([post(1)]), 'heron', upsert(post(4)))).toBe('stale')
  })

  it('takes away a removed thread from whichever page holds it', () => {
    expect(idsOf(mergeIntoThreadsList(list([post(1)], [post(2)]), '', remove(id(2))))).toEqual([[id(1)], []])
    expect(mergeIntoThreadsList(list([post(2)]), '', remove(id(9)))).toBe('unchanged')
  })

  it('updates a thread’s reply count from a reply’s event', () => {
    const reply = post(5, { threadId: id(1), title: null })
    const merged = mergeIntoThreadsList(list([post(2)], [post(1)]), '', upsert(reply, 1, 4))
    expect((merged as { data: ThreadsList }).data.pages[1]!.items[0]!.replyCount).toBe(4)
    expect(mergeIntoThreadsList(list([post(1)]), '', upsert(reply))).toBe('unchanged')
  })
})

describe('merging a board event into an open thread', () => {
  const thread = post(1, { replyCount: 2 })
  // The first page holds the newest reply; the second an older one.
  const view: ThreadPages = {
    pages: [
      { board, thread, replies: [post(4, { threadId: id(1), title: null })], nextCursor: 'c' },
      { board, thread, replies: [post(2, { threadId: id(1), title: null })], nextCursor: null },
    ],
    pageParams: ['', 'c'],
  }
  const repliesOf = (merged: unknown) =>
    (merged as { data: ThreadPages }).data.pages.map((p) => p.replies.map((r) => r.id))

  it('adds a new reply to the newest page in order of writing and takes its count on every page', () => {
    const reply = post(5, { threadId: id(1), title: null })
    const merged = mergeIntoThreadView(view, upsert(reply, 1, 3))
    expect(repliesOf(merged)).toEqual([[id(4), id(5)], [id(2)]])
    expect((merged as { data: ThreadPages }).data.pages.map((p) => p.thread.replyCount)).toEqual([3, 3])
  })

  it('replaces an edited reply in the older page that shows it', () => {
    const merged = mergeIntoThreadView(view, upsert(post(2, { threadId: id(1), title: null, body: 'Edited' })))
    expect(repliesOf(merged)).toEqual([[id(4)], [id(2)]])
    expect((merged as { data: ThreadPages }).data.pages[1]!.replies[0]!.body).toBe('Edited')
  })

  it('removes a reply, answers gone for the thread itself, and ignores other boards and threads', () => {
    expect(repliesOf(mergeIntoThreadView(view, remove(id(2))))).toEqual([[id(4)], []])
    expect(mergeIntoThreadView(view, remove(id(1)))).toBe('gone')
    expect(mergeIntoThreadView(view, upsert(post(7, { threadId: id(6) })))).toBe('unchanged')
    expect(mergeIntoThreadView(view, { ...upsert(post(1)), boardId: id(5) })).toBe('unchanged')
  })
})

describe('applying live events to the query cache', () => {
  it('shows an approved thread and a reply without asking the server again', async () => {
    const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 0 } } })
    let fetches = 0
    const listKey = [...boardKey(boardId), 'threads', '']
    const counted =
      <T>(data: T) =>
      () => {
        fetches++
        return Promise.resolve(data)
      }
    const paging = { initialPageParam: '', getNextPageParam: (last: { nextCursor: string | null }) => last.nextCursor }
    await queryClient.fetchInfiniteQuery({ queryKey: listKey, queryFn: counted(list([post(1)]).pages[0]!), ...paging })
    await queryClient.fetchInfiniteQuery({
      queryKey: threadKey(id(1)),
      queryFn: counted({ board, thread: post(1), replies: [], nextCursor: null }),
      ...paging,
    })
    const observer = queryClient.getQueryCache().find({ queryKey: listKey })!
    expect(fetches).toBe(2)

    applyBoardEvent(queryClient, upsert(post(2), 1))
    applyBoardEvent(queryClient, upsert(post(3, { threadId: id(1), title: null }), 2, 1))
    expect(queryClient.getQueryData<ThreadsList>(listKey)!.pages[0]!.items.map((p) => [p.id, p.replyCount])).toEqual([
      [id(2), 0],
      [id(1), 1],
    ])
    expect(queryClient.getQueryData<ThreadPages>(threadKey(id(1)))!.pages[0]!.replies.map((r) => r.id)).toEqual([id(3)])
    expect(observer.state.isInvalidated).toBe(false)
    expect(fetches).toBe(2)
  })
})
