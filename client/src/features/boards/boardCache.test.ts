import { QueryClient } from '@tanstack/react-query'
import { describe, expect, it } from 'vitest'
import type { Board, BoardEvent, Post, ThreadsPage, ThreadView } from '../../../../shared/schemas/boards.js'
import { boardKey, threadKey } from './api.js'
import { applyBoardEvent, mergeIntoThreadsPage, mergeIntoThreadView } from './boardCache.js'

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
const board: Board = { id: boardId, linkId: null, kind: 'discussion', title: 'Rivers', createdAt: '2026-01-01T00:00:00.000Z' }
const page = (items: Post[], fields: Partial<ThreadsPage> = {}): ThreadsPage => ({ items, page: 1, pageSize: 3, total: items.length, ...fields })
const upsert = (p: Post, seq = 1, threadReplyCount?: number): BoardEvent => ({ seq, boardId, type: 'upsert', post: p, ...(threadReplyCount === undefined ? {} : { threadReplyCount }) })
const remove = (postId: string, seq = 1): BoardEvent => ({ seq, boardId, type: 'remove', postId })
const first = { q: '', page: 1 }

describe('merging a board event into a list of threads', () => {
  it('puts a newly approved thread on top of the first page, below pinned ones, within the page size', () => {
    const list = page([post(1, { pinned: true }), post(2), post(3)], { total: 7 })
    const merged = mergeIntoThreadsPage(list, first, upsert(post(4)))
    expect(merged).not.toBe('stale')
    const data = (merged as { data: ThreadsPage }).data
    expect(data.items.map((p) => p.id)).toEqual([id(1), id(4), id(2)])
    expect(data.total).toBe(8)
  })

  it('replaces a thread it shows in place, and moves a newly pinned one up', () => {
    const list = page([post(1), post(2), post(3)])
    const merged = mergeIntoThreadsPage(list, first, upsert(post(3, { pinned: true, title: 'Renamed' })))
    expect((merged as { data: ThreadsPage }).data.items.map((p) => [p.id, p.title])).toEqual([[id(3), 'Renamed'], [id(1), 'Thread 1'], [id(2), 'Thread 2']])
  })

  it('leaves search results and later pages to be fetched when next shown', () => {
    expect(mergeIntoThreadsPage(page([post(1)]), { q: 'heron', page: 1 }, upsert(post(4)))).toBe('stale')
    expect(mergeIntoThreadsPage(page([post(1)], { page: 2 }), { q: '', page: 2 }, upsert(post(4)))).toBe('stale')
  })

  it('takes away a removed thread and counts it out', () => {
    const merged = mergeIntoThreadsPage(page([post(1), post(2)]), first, remove(id(1)))
    expect(merged).toEqual({ data: page([post(2)], { total: 1 }) })
    expect(mergeIntoThreadsPage(page([post(2)]), first, remove(id(9)))).toBe('unchanged')
  })

  it('updates a thread’s reply count from a reply’s event', () => {
    const merged = mergeIntoThreadsPage(page([post(1)]), first, upsert(post(5, { threadId: id(1), title: null }), 1, 4))
    expect((merged as { data: ThreadsPage }).data.items[0]!.replyCount).toBe(4)
    expect(mergeIntoThreadsPage(page([post(1)]), first, upsert(post(5, { threadId: id(1), title: null })))).toBe('unchanged')
  })
})

describe('merging a board event into an open thread', () => {
  const view: ThreadView = { board, thread: post(1, { replyCount: 1 }), replies: [post(2, { threadId: id(1), title: null })] }

  it('adds a reply in order of writing and takes its count', () => {
    const reply = post(3, { threadId: id(1), title: null })
    const merged = mergeIntoThreadView(view, upsert(reply, 1, 2))
    expect(merged).toEqual({ data: { ...view, thread: { ...view.thread, replyCount: 2 }, replies: [view.replies[0], reply] } })
  })

  it('removes a reply, answers gone for the thread itself, and ignores other boards and threads', () => {
    expect(mergeIntoThreadView(view, remove(id(2)))).toEqual({ data: { ...view, replies: [] } })
    expect(mergeIntoThreadView(view, remove(id(1)))).toBe('gone')
    expect(mergeIntoThreadView(view, upsert(post(7, { threadId: id(6) })))).toBe('unchanged')
    expect(mergeIntoThreadView(view, { ...upsert(post(1)), boardId: id(5) })).toBe('unchanged')
  })
})

describe('applying live events to the query cache', () => {
  it('shows an approved thread and a reply without asking the server again', async () => {
    const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 0 } } })
    let fetches = 0
    const listKey = [...boardKey(boardId), 'threads', '', 1]
    const counted = <T>(data: T) => () => {
      fetches++
      return Promise.resolve(data)
    }
    await queryClient.fetchQuery({ queryKey: listKey, queryFn: counted(page([post(1)])) })
    await queryClient.fetchQuery({ queryKey: threadKey(id(1)), queryFn: counted({ board, thread: post(1), replies: [] }) })
    const observer = queryClient.getQueryCache().find({ queryKey: listKey })!
    expect(fetches).toBe(2)

    applyBoardEvent(queryClient, upsert(post(2), 1))
    applyBoardEvent(queryClient, upsert(post(3, { threadId: id(1), title: null }), 2, 1))
    expect(queryClient.getQueryData<ThreadsPage>(listKey)!.items.map((p) => [p.id, p.replyCount])).toEqual([[id(2), 0], [id(1), 1]])
    expect(queryClient.getQueryData<ThreadView>(threadKey(id(1)))!.replies.map((r) => r.id)).toEqual([id(3)])
    expect(observer.state.isInvalidated).toBe(false)
    expect(fetches).toBe(2)
  })
})
