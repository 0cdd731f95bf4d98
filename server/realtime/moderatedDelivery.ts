import type { ModerationStatus } from '../../shared/schemas/moderation.js'
import { userRoom } from './rooms.js'
import type { AppServer } from './types.js'

/** The rooms of one place where moderated items are shown (a board, an assembly's chat). */
export interface ModeratedPlaceRooms {
  everyone: string
  teachers: string
  school(schoolId: string): string
}

type Broadcast = ReturnType<AppServer['to']>

/**
 * Sends a changed item to the rooms chosen by who may see it, so the visibility rule is applied once
 * per change (not per socket) and works across nodes through the adapter: those who may see it get
 * it, every other viewer of the place is told to remove it. Mirrors `canSee` in features/moderation/visibility.ts.
 */
export function deliverModerated(
  io: AppServer,
  place: ModeratedPlaceRooms,
  item: { authorId: string; schoolId: string; status: ModerationStatus; flagged: boolean },
  send: (to: Broadcast, type: 'upsert' | 'remove') => void,
): void {
  if (item.status === 'published' && !item.flagged) {
    send(io.to(place.everyone), 'upsert')
    return
  }
  const rooms: string[] = []
  if (item.status !== 'deleted') {
    if (item.status !== 'hidden') rooms.push(userRoom(item.authorId))
    rooms.push(item.status === 'held' || item.status === 'rejected' ? place.school(item.schoolId) : place.teachers)
  }
  if (rooms.length) send(io.to(rooms), 'upsert')
  send(io.to(place.everyone).except(rooms), 'remove')
}
