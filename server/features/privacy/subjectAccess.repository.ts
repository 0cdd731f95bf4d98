import type { Kysely } from 'kysely'
import type { Database } from '../../storage/schema.js'

/** Everything Bridges holds about one pupil, as stored (the service shapes it into the export). */
export interface PupilRecord {
  account: {
    id: string
    displayName: string
    schoolId: string
    schoolName: string
    className: string | null
    locale: string
    active: boolean
    createdAt: string
  }
  posts: {
    id: string
    linkId: string | null
    board: string
    title: string | null
    body: string
    status: string
    rejectReason: string | null
    editNote: string | null
    mediaId: string | null
    createdAt: string
  }[]
  wallItems: {
    id: string
    linkId: string
    kind: string
    body: string
    caption: string
    status: string
    rejectReason: string | null
    editNote: string | null
    mediaId: string | null
    createdAt: string
  }[]
  chatMessages: {
    id: string
    assembly: string
    text: string
    status: string
    rejectReason: string | null
    editNote: string | null
    createdAt: string
  }[]
  moderation: {
    kind: string
    itemId: string
    action: string
    actorName: string
    reason: string | null
    createdAt: string
  }[]
  flagsRaised: { kind: string; itemId: string; reason: string | null; createdAt: string }[]
  notices: { kind: string; createdAt: string }[]
  pictures: {
    id: string
    linkId: string
    uploadedByHer: boolean
    showsHer: boolean
    width: number
    height: number
    createdAt: string
  }[]
  consent: { consent: boolean; updatedBy: string | null; updatedAt: string }[]
  signIns: string[]
}

export interface SubjectAccessRepository {
  /** The pupil's record, or undefined when there is no such pupil (or she has left). */
  pupilRecord(pupilId: string): Promise<PupilRecord | undefined>
}

export function createSubjectAccessRepository(db: Kysely<Database>): SubjectAccessRepository {
  return {
    async pupilRecord(pupilId) {
      const user = await db
        .selectFrom('users as u')
        .innerJoin('schools as s', 's.id', 'u.schoolId')
        .leftJoin('classes as c', 'c.id', 'u.classId')
        .select([
          'u.id',
          'u.displayName',
          'u.schoolId',
          's.name as schoolName',
          'c.name as className',
          'u.locale',
          'u.active',
          'u.createdAt',
        ])
        .where('u.id', '=', pupilId)
        .where('u.role', '=', 'pupil')
        .where('u.leftAt', 'is', null)
        .executeTakeFirst()
      if (!user) return undefined
      const posts = await db
        .selectFrom('posts as p')
        .innerJoin('boards as b', 'b.id', 'p.boardId')
        .select([
          'p.id',
          'b.linkId',
          'b.title as board',
          'p.title',
          'p.body',
          'p.status',
          'p.rejectReason',
          'p.editNote',
          'p.mediaId',
          'p.createdAt',
        ])
        .where('p.authorId', '=', pupilId)
        .orderBy('p.createdAt')
        .execute()
      const wallItems = await db
        .selectFrom('wallItems')
        .select([
          'id',
          'linkId',
          'kind',
          'body',
          'caption',
          'status',
          'rejectReason',
          'editNote',
          'mediaId',
          'createdAt',
        ])
        .where('authorId', '=', pupilId)
        .orderBy('createdAt')
        .execute()
      const chatMessages = await db
        .selectFrom('assemblyChatMessages as m')
        .innerJoin('assemblies as a', 'a.id', 'm.assemblyId')
        .select(['m.id', 'a.title as assembly', 'm.text', 'm.status', 'm.rejectReason', 'm.editNote', 'm.createdAt'])
        .where('m.authorId', '=', pupilId)
        .orderBy('m.createdAt')
        .execute()
      const itemIds = [...posts, ...wallItems, ...chatMessages].map((i) => i.id)
      const moderation = itemIds.length
        ? await db
            .selectFrom('moderationAudit as a')
            .innerJoin('users as t', 't.id', 'a.actorId')
            .select(['a.kind', 'a.itemId', 'a.action', 't.displayName as actorName', 'a.reason', 'a.createdAt'])
            .where('a.itemId', 'in', itemIds)
            .orderBy('a.createdAt')
            .execute()
        : []
      const flagsRaised = await db
        .selectFrom('moderationFlags')
        .select(['kind', 'itemId', 'reason', 'createdAt'])
        .where('userId', '=', pupilId)
        .orderBy('createdAt')
        .execute()
      const notices = await db
        .selectFrom('pupilNotices')
        .select(['kind', 'createdAt'])
        .where('pupilId', '=', pupilId)
        .orderBy('createdAt')
        .execute()
      const owned = await db
        .selectFrom('media')
        .select(['id', 'linkId', 'width', 'height', 'createdAt'])
        .where('ownerId', '=', pupilId)
        .execute()
      const shown = await db
        .selectFrom('mediaPeople as mp')
        .innerJoin('media as m', 'm.id', 'mp.mediaId')
        .select(['m.id', 'm.linkId', 'm.width', 'm.height', 'm.createdAt'])
        .where('mp.pupilId', '=', pupilId)
        .execute()
      const shownIds = new Set(shown.map((m) => m.id))
      const ownedIds = new Set(owned.map((m) => m.id))
      const pictures = [...new Map([...owned, ...shown].map((m) => [m.id, m])).values()].map((m) => ({
        ...m,
        uploadedByHer: ownedIds.has(m.id),
        showsHer: shownIds.has(m.id),
      }))
      const consent = await db
        .selectFrom('consentHistory as h')
        .leftJoin('users as t', 't.id', 'h.updatedBy')
        .select(['h.consent', 't.displayName as updatedBy', 'h.updatedAt'])
        .where('h.pupilId', '=', pupilId)
        .orderBy('h.updatedAt')
        .execute()
      const signIns = await db.selectFrom('signIns').select('at').where('userId', '=', pupilId).orderBy('at').execute()
      return {
        account: { ...user, active: Boolean(user.active) },
        posts,
        wallItems,
        chatMessages,
        moderation,
        flagsRaised,
        notices,
        pictures,
        consent: consent.map((c) => ({
          consent: Boolean(c.consent),
          updatedBy: c.updatedBy ?? null,
          updatedAt: c.updatedAt,
        })),
        signIns: signIns.map((s) => s.at),
      }
    },
  }
}
