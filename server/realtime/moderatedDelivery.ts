import type { VisibilityFacts } from '../features/moderation/visibility.js'
import { userRoom } from './rooms.js'
import type { AppServer } from './types.js'

/** The rooms of one place where moderated items are shown (a board, an assembly's chat). */
export interface ModeratedPlaceRooms {
  everyone: string
  teachers: string
  school(schoolId: string): string
  /** The designated safeguarding lead of one school, who sees its items whatever their state. */
  safeguarding(schoolId: string): string
}

type Broadcast = ReturnType<AppServer['to']>

/**
 * Sends a changed item to the rooms chosen by who may see it, so the visibility rule is applied once
 * per change (not per socket) and works across nodes through the adapter: those who may see it get
 * it, every other viewer of the place is told to remove it. Mirrors `canSee` in
 * features/moderation/visibility.ts; visibility.property.test.ts keeps the two in agreement.
 */
export function deliverModerated(
  io: AppServer,
  place: ModeratedPlaceRooms,
  item: Pick<VisibilityFacts, 'authorId' | 'schoolId' | 'status' | 'flaggedBy'>,
  send: (to: Broadcast, type: 'upsert' | 'remove') => void,
): void {
  if (item.status === 'published') {
    // A pupil who flagged it no longer sees it; everyone else does.
    const flaggers = (item.flaggedBy ?? []).filter((id) => id !== item.authorId).map(userRoom)
    send(flaggers.length ? io.to(place.everyone).except(flaggers) : io.to(place.everyone), 'upsert')
    // Sent to the flaggers' own rooms (only pupils' flags hide anything): it carries the item's id alone.
    if (flaggers.length) send(io.to(flaggers), 'remove')
    return
  }
  const rooms: string[] = []
  if (item.status !== 'deleted') {
    if (item.status !== 'hidden') rooms.push(userRoom(item.authorId))
    rooms.push(item.status === 'held' || item.status === 'rejected' ? place.school(item.schoolId) : place.teachers)
  }
  rooms.push(place.safeguarding(item.schoolId))
  if (rooms.length) send(io.to(rooms), 'upsert')
  send(io.to(place.everyone).except(rooms), 'remove')
}
