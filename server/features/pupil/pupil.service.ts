import type { User } from '../../../shared/schemas/accounts.js'
import type { Link } from '../../../shared/schemas/links.js'
import type { PupilHome, PupilLink, PupilNews } from '../../../shared/schemas/pupil.js'
import { forbidden } from '../../domain/errors.js'
import { nowIso } from '../../domain/ids.js'
import type { LinkAccess } from '../links/linkAccess.js'
import { pictureRefOf } from '../media/pictureRef.js'
import type { HomeAssemblyRow, HomePostRow, HomeWallRow, PupilRepository } from './pupil.repository.js'

export interface PupilHomeDeps {
  repository: PupilRepository
  linkAccess: LinkAccess
}

const NEWS_LIMIT = 12
const SCAN_LIMIT = 300
const EXCERPT = 90
const excerptOf = (text: string) => (text.length > EXCERPT ? `${text.slice(0, EXCERPT - 1)}…` : text)
/** When an item reached her: written, released with its round, or approved — whichever came last. */
const latest = (...times: (string | null)[]) =>
  times
    .filter((t): t is string => t !== null)
    .sort()
    .at(-1) ?? ''

/**
 * A pupil's home: her partner classes, what is new for her since she last looked, and the direct ways
 * in. Every item comes through the same SQL twins of the visibility rule as the wall and the boards,
 * and every link through the pupil's own class membership.
 */
export class PupilHomeService {
  constructor(private readonly deps: PupilHomeDeps) {}

  async home(user: User): Promise<PupilHome> {
    if (user.role !== 'pupil') throw forbidden('This page is for pupils')
    const links = (await this.deps.linkAccess.linksOf(user)).filter((l) => l.status !== 'ended')
    const linkIds = links.map((l) => l.id)
    // Her links come from her own class's membership: each read below covers all of them at once,
    // so the home runs as many statements for five links as for one.
    const [seenAt, wall, posts, boards, assemblies] = await Promise.all([
      this.deps.repository.seenAt(user.id),
      this.deps.repository.wallItems(linkIds, user, SCAN_LIMIT),
      this.deps.repository.boardPosts(linkIds, user, SCAN_LIMIT),
      this.deps.repository.firstDiscussionBoards(linkIds),
      this.deps.repository.assembliesNotEnded(linkIds),
    ])
    const news = [...wall.flatMap((row) => wallNews(row, user)), ...posts.flatMap((row) => postNews(row, user))]
      .filter((n) => !seenAt || n.at > seenAt)
      .sort((a, b) => b.at.localeCompare(a.at))
      .slice(0, NEWS_LIMIT)
    const now = Date.now()
    return {
      links: links.map((link) =>
        linkFor(user, link, {
          wall,
          boardId: boards.get(link.id) ?? null,
          next: assemblies.find(
            (a) => a.linkId === link.id && Date.parse(a.startsAt) + a.durationMinutes * 60_000 > now,
          ),
        }),
      ),
      seenAt,
      news,
    }
  }

  /** She has looked: what is new now will not be new next time. */
  async markSeen(user: User): Promise<void> {
    if (user.role !== 'pupil') throw forbidden('This page is for pupils')
    await this.deps.repository.markSeen(user.id, nowIso())
  }
}

/** One of her links as her home shows it: partners, their latest picture, the board and the next assembly. */
function linkFor(
  user: User,
  link: Link,
  found: { wall: HomeWallRow[]; boardId: string | null; next: HomeAssemblyRow | undefined },
): PupilLink {
  const { wall, boardId, next } = found
  const picture = wall.find(
    (w) => w.linkId === link.id && w.kind === 'picture' && w.schoolId !== user.schoolId && w.status === 'published',
  )
  const pictureRef = picture ? pictureRefOf(picture) : null
  return {
    linkId: link.id,
    status: link.status,
    partners: link.classes
      .filter((c) => c.classId !== user.classId)
      .map((c) => ({
        classId: c.classId,
        className: c.className,
        schoolName: c.schoolName,
        city: c.city,
        country: c.country,
        timeZone: c.timeZone,
        colorIndex: c.colorIndex,
      })),
    boardId,
    partnerPicture: picture && pictureRef ? { picture: pictureRef, caption: picture.caption } : null,
    nextAssembly: next ? { id: next.id, title: next.title, startsAt: next.startsAt, status: next.status } : null,
  }
}

function wallNews(row: HomeWallRow, me: User): PupilNews[] {
  const base = {
    id: row.id,
    where: 'wall' as const,
    linkId: row.linkId,
    threadId: null,
    authorName: row.authorName,
    excerpt: excerptOf(row.caption || row.body),
    toMe: row.toPupilId === me.id,
  }
  const at = latest(row.createdAt, row.releasedAt, row.approvedAt)
  if (row.authorId === me.id)
    return row.status === 'published' && row.approvedAt
      ? [{ ...base, kind: 'approved', at: latest(row.approvedAt, row.releasedAt) }]
      : []
  if (row.kind === 'reply') return row.parentAuthorId === me.id ? [{ ...base, kind: 'reply', at }] : []
  // Letters and pictures from the partner classes, or addressed to her.
  return row.schoolId !== me.schoolId || row.toPupilId === me.id ? [{ ...base, kind: 'letter', at }] : []
}

function postNews(row: HomePostRow, me: User): PupilNews[] {
  const base = {
    id: row.id,
    where: 'board' as const,
    linkId: row.linkId,
    threadId: row.threadId ?? row.id,
    authorName: row.authorName,
    excerpt: excerptOf(row.title ?? row.body),
    toMe: false,
  }
  if (row.authorId === me.id)
    return row.status === 'published' && row.approvedAt ? [{ ...base, kind: 'approved', at: row.approvedAt }] : []
  return row.threadAuthorId === me.id ? [{ ...base, kind: 'reply', at: latest(row.createdAt, row.approvedAt) }] : []
}
