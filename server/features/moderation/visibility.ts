import type { Role } from '../../../shared/schemas/accounts.js'
import type { ModerationStatus } from '../../../shared/schemas/moderation.js'

/** Who is looking at a moderated item. */
export interface ModerationViewer {
  id: string
  role: Role
  schoolId: string
  /** The school's designated safeguarding lead (a teacher): she sees everything her school's people wrote. */
  safeguardingLead?: boolean
}

/**
 * What decides who may see a moderated item (board post, wall item, chat message), whatever its kind.
 * The optional facts belong to some kinds only; absent means "does not apply".
 */
export interface VisibilityFacts {
  authorId: string
  /** The author's school. */
  schoolId: string
  status: ModerationStatus
  /** Everyone who flagged it: a flag hides the item from the person who raised it, and from nobody else. */
  flaggedBy?: readonly string[]
  /** A letter addressed to one pupil: other pupils do not see it. */
  toPupilId?: string | null
  /** A letter of an exchange round not yet released stays with its own school, like a class post-bag. */
  roundOpen?: boolean
  /** A pupil's reflection: it never leaves her school, and no other pupil sees it. */
  privateToSchool?: boolean
}

/**
 * THE visibility rule, used by every read path: HTTP lists and details, live events and catch-up,
 * the audit record, the link record export and pictures. The author sees their own until it is
 * hidden; pupils see only what is published (and not what they flagged themselves); a held or
 * rejected item is seen only by the teachers of the author's school; teachers also see hidden items;
 * the designated safeguarding lead of the author's school sees it whatever its state, deleted included.
 * SQL filters (`visibleTo` in boards.repository.ts, wall.repository.ts, reflections.repository.ts, `chatVisibleTo` in
 * assemblyChat.repository.ts, the audit record's partner filter in moderation.repository.ts) and room choices
 * (realtime/moderatedDelivery.ts) are kept in agreement with it by visibility.property.test.ts.
 */
export function canSee(item: VisibilityFacts, viewer: ModerationViewer): boolean {
  if (isSafeguardingLeadOf(item, viewer)) return true
  if (item.status === 'deleted') return false
  if (item.roundOpen && item.schoolId !== viewer.schoolId) return false
  if (
    item.privateToSchool &&
    (item.schoolId !== viewer.schoolId || (viewer.role === 'pupil' && item.authorId !== viewer.id))
  )
    return false
  if (item.authorId === viewer.id && item.status !== 'hidden') return true
  if (viewer.role === 'pupil') {
    if (item.status !== 'published') return false
    if (item.flaggedBy?.includes(viewer.id)) return false
    return !item.toPupilId || item.toPupilId === viewer.id
  }
  if (item.status === 'held' || item.status === 'rejected') return item.schoolId === viewer.schoolId
  return true
}

/** The viewer is the designated safeguarding lead of the author's school. */
export const isSafeguardingLeadOf = (item: Pick<VisibilityFacts, 'schoolId'>, viewer: ModerationViewer): boolean =>
  viewer.role === 'teacher' && viewer.safeguardingLead === true && item.schoolId === viewer.schoolId

/**
 * Whether a viewer may see an item's picture. A hidden item stays readable to every teacher for
 * oversight, but its picture only to the author's school (a picture withdrawn for photo consent must
 * leave the partner schools at once).
 */
export function canSeePicture(item: VisibilityFacts, viewer: ModerationViewer): boolean {
  return canSee(item, viewer) && (item.status === 'published' || item.schoolId === viewer.schoolId)
}
