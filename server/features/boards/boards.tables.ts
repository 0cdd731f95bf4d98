import type { Generated } from 'kysely'

export interface BoardsTable {
  id: string
  linkId: string | null
  kind: 'discussion' | 'staffroom' | 'forum'
  title: string
  createdBy: string
  createdAt: string
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
}

export interface BoardEventsTable {
  seq: Generated<number>
  boardId: string
  postId: string
  createdAt: string
}

export interface BoardTables {
  boards: BoardsTable
  posts: PostsTable
  boardEvents: BoardEventsTable
}
