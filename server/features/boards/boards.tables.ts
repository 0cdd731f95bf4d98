import type { Generated } from 'kysely'

export interface BoardsTable {
  id: string
  linkId: string | null
  kind: 'discussion' | 'staffroom' | 'forum'
  title: string
  createdBy: string
  createdAt: string
  /** The board's last event sequence number (its events are numbered 1, 2, 3… per board). */
  lastSeq: Generated<number>
}

export interface PostsTable {
  id: string
  boardId: string
  threadId: string | null
  title: string | null
  body: string
  authorId: string
  schoolId: string
  classId: string | null
  status: 'held' | 'published' | 'rejected' | 'hidden' | 'deleted'
  rejectReason: string | null
  editNote: string | null
  flagged: number
  pinned: number
  locked: number
  lastActivityAt: string
  createdAt: string
  mediaId: string | null
  /** The language it was written in ('' for posts from before it was recorded). */
  language: Generated<string>
  /** The same text in a second language, or null. */
  secondLanguage: string | null
  secondBody: string | null
}

export interface BoardEventsTable {
  seq: Generated<number>
  boardId: string
  /** The event's number within its board, assigned in the writing transaction. */
  boardSeq: number
  postId: string
  createdAt: string
  /** When a node announced it live (the outbox mark); null until then. */
  publishedAt: string | null
}

export interface BoardTables {
  boards: BoardsTable
  posts: PostsTable
  boardEvents: BoardEventsTable
}
