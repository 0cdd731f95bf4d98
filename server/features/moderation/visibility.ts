import type { Role } from '../../../shared/schemas/accounts.js'
import type { ModerationStatus } from '../../../shared/schemas/moderation.js'

/** Who is looking at a moderated item. */
export interface ModerationViewer {
  id: string
  role: Role
  schoolId: string
}

/**
 * Who may see a moderated item (board post, wall item, chat message). The author sees their own
 * until it is hidden; pupils see only what is published and not flagged; a held or rejected item is
 * seen only by the teachers of the author's school; teachers see flagged and hidden items.
 * boards.repository.ts applies the same rule in SQL and realtime/moderatedDelivery.ts in rooms.
 */
export function canSee(item: { authorId: string; status: ModerationStatus; flagged: boolean; schoolId: string }, viewer: ModerationViewer): boolean {
  if (item.status === 'deleted') return false
  if (item.authorId === viewer.id && item.status !== 'hidden') return true
  if (viewer.role === 'pupil') return item.status === 'published' && !item.flagged
  if (item.status === 'held' || item.status === 'rejected') return item.schoolId === viewer.schoolId
  return true
}
