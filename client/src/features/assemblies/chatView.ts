import type { ChatMessage } from '../../../../shared/schemas/assemblies.js'

/**
 * Which chat messages go where. A teacher's assembly page runs on the class computer, whose screen is
 * projected to the class: it draws only what every pupil may see. Held and flagged pupil messages,
 * and the buttons to act on them, belong in the teacher's private panel (or her own device's queue).
 */

/** What the shared (projected) screen may draw: the same rule as for a pupil's own device. */
export function forSharedScreen(messages: readonly ChatMessage[]): ChatMessage[] {
  return messages.filter((m) => m.status === 'published' && !m.flagged)
}

/** Pupil messages waiting for this teacher: only a teacher of the author's school may approve them. */
export function waitingFor(messages: readonly ChatMessage[], schoolId: string): ChatMessage[] {
  return messages.filter((m) => m.status === 'held' && m.schoolId === schoolId)
}

/** Published pupil messages any teacher in the assembly may hide. */
export function hideable(messages: readonly ChatMessage[]): ChatMessage[] {
  return messages.filter((m) => m.status === 'published' && m.authorRole === 'pupil')
}
