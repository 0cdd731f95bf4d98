import type { Kysely } from 'kysely'
import type { Database } from '../../storage/schema.js'
import { visibleTo } from '../boards/boards.repository.js'
import type { MediaSizeColumns } from '../media/pictureRef.js'
import { wallVisibleTo } from '../wall/wall.repository.js'

interface Viewer {
  id: string
  role: 'teacher' | 'pupil'
  schoolId: string
}

/** A wall item a pupil may see, with what her home needs to say whether it is new and for her. */
export interface HomeWallRow extends MediaSizeColumns {
  id: string
  linkId: string
  kind: 'letter' | 'picture' | 'reply' | 'video'
  body: string
  caption: string
  mediaId: string | null
  toPupilId: string | null
  authorId: string
  authorName: string
  schoolId: string
  classId: string | null
  status: string
  createdAt: string
  /** The round's release, when it was in one. */
  releasedAt: string | null
  /** The last approval in the audit record (pupils' items). */
  approvedAt: string | null
  /** Who wrote the item a reply answers. */
  parentAuthorId: string | null
}

/** A board post a pupil may see that is hers or answers one of her threads. */
export interface HomePostRow {
  id: string
  linkId: string
  threadId: string | null
  title: string | null
  body: string
  authorId: string
  authorName: string
  status: string
  createdAt: string
  approvedAt: string | null
  threadAuthorId: string | null
}

/** An assembly not yet ended, as her home announces the next one of each link. */
export interface HomeAssemblyRow {
  id: string
  linkId: string
  title: string
  startsAt: string
  durationMinutes: number
  status: 'scheduled' | 'open' | 'ended'
}

/** Reads for a pupil's home; every list is filtered in SQL by the visibility rule's twins. */
export interface PupilRepository {
  seenAt(userId: string): Promise<string | null>
  markSeen(userId: string, at: string): Promise<void>
  /** The newest wall items of these links the viewer may see (at most `limit`). */
  wallItems(linkIds: string[], viewer: Viewer, limit: number): Promise<HomeWallRow[]>
  /** The viewer's own board posts and the replies to her threads, as far as she may see them. */
  boardPosts(linkIds: string[], viewer: Viewer, limit: number): Promise<HomePostRow[]>
  /** The first discussion board (the one a pupil sees first) of each of these links, in one read. */
  firstDiscussionBoards(linkIds: string[]): Promise<Map<string, string>>
  /** The assemblies of these links not yet ended, soonest first, in one read. */
  assembliesNotEnded(linkIds: string[]): Promise<HomeAssemblyRow[]>
}

export function createPupilRepository(db: Kysely<Database>): PupilRepository {
  return {
    async firstDiscussionBoards(linkIds) {
      const first = new Map<string, string>()
      if (linkIds.length === 0) return first
      const rows = await db
        .selectFrom('boards')
        .select(['id', 'linkId'])
        .where('linkId', 'in', linkIds)
        .where('kind', '=', 'discussion')
        .orderBy('createdAt')
        .orderBy('id')
        .execute()
      for (const row of rows) if (row.linkId && !first.has(row.linkId)) first.set(row.linkId, row.id)
      return first
    },
    async assembliesNotEnded(linkIds) {
      if (linkIds.length === 0) return []
      const rows = await db
        .selectFrom('assemblies')
        .select(['id', 'linkId', 'title', 'startsAt', 'durationMinutes', 'status'])
        .where('linkId', 'in', linkIds)
        .where('status', '!=', 'ended')
        .orderBy('startsAt')
        .execute()
      return rows.map((row) => ({ ...row, status: row.status as HomeAssemblyRow['status'] }))
    },
    async seenAt(userId) {
      const row = await db.selectFrom('pupilHomeSeen').select('seenAt').where('userId', '=', userId).executeTakeFirst()
      return row?.seenAt ?? null
    },
    async markSeen(userId, at) {
      await db
        .insertInto('pupilHomeSeen')
        .values({ userId, seenAt: at })
        .onConflict((oc) => oc.column('userId').doUpdateSet({ seenAt: at }))
        .execute()
    },
    async wallItems(linkIds, viewer, limit) {
      if (linkIds.length === 0) return []
      const rows = await db
        .selectFrom('wallItems as w')
        .innerJoin('users as u', 'u.id', 'w.authorId')
        .leftJoin('rounds as r', 'r.id', 'w.roundId')
        .leftJoin('wallItems as pw', 'pw.id', 'w.parentId')
        .leftJoin('media as m', 'm.id', 'w.mediaId')
        .select([
          'w.id',
          'w.linkId',
          'w.kind',
          'w.body',
          'w.caption',
          'w.mediaId',
          'w.toPupilId',
          'w.authorId',
          'w.schoolId',
          'w.classId',
          'w.status',
          'w.createdAt',
        ])
        .select(['u.displayName as authorName', 'r.releasedAt', 'pw.authorId as parentAuthorId'])
        .select(['m.width as mediaWidth', 'm.height as mediaHeight', 'm.bytes as mediaBytes'])
        .select((eb) =>
          eb
            .selectFrom('moderationAudit as a')
            .select((a) => a.fn.max('a.createdAt').as('at'))
            .where('a.kind', '=', 'wall_item')
            .whereRef('a.itemId', '=', 'w.id')
            .where('a.action', '=', 'approve')
            .as('approvedAt'),
        )
        .where('w.linkId', 'in', linkIds)
        .where(wallVisibleTo(viewer))
        .orderBy('w.createdAt', 'desc')
        .orderBy('w.id')
        .limit(limit)
        .execute()
      return rows.map((row) => ({
        ...row,
        releasedAt: row.releasedAt ?? null,
        approvedAt: row.approvedAt ?? null,
        parentAuthorId: row.parentAuthorId ?? null,
      }))
    },
    async boardPosts(linkIds, viewer, limit) {
      if (linkIds.length === 0) return []
      const rows = await db
        .selectFrom('posts as p')
        .innerJoin('boards as b', 'b.id', 'p.boardId')
        .innerJoin('users as u', 'u.id', 'p.authorId')
        .leftJoin('posts as t', 't.id', 'p.threadId')
        .select([
          'p.id',
          'b.linkId',
          'p.threadId',
          'p.title',
          'p.body',
          'p.authorId',
          'p.status',
          'p.createdAt',
          'u.displayName as authorName',
          't.authorId as threadAuthorId',
        ])
        .select((eb) =>
          eb
            .selectFrom('moderationAudit as a')
            .select((a) => a.fn.max('a.createdAt').as('at'))
            .where('a.kind', '=', 'board_post')
            .whereRef('a.itemId', '=', 'p.id')
            .where('a.action', '=', 'approve')
            .as('approvedAt'),
        )
        .where('b.linkId', 'in', linkIds)
        .where((eb) =>
          eb.or([
            eb('p.authorId', '=', viewer.id),
            eb.and([eb('t.authorId', '=', viewer.id), eb('p.authorId', '!=', viewer.id)]),
          ]),
        )
        .where(visibleTo(viewer))
        .orderBy('p.createdAt', 'desc')
        .orderBy('p.id')
        .limit(limit)
        .execute()
      return rows.flatMap((row) =>
        row.linkId
          ? [
              {
                ...row,
                linkId: row.linkId,
                approvedAt: row.approvedAt ?? null,
                threadAuthorId: row.threadAuthorId ?? null,
              },
            ]
          : [],
      )
    },
  }
}
