export interface ModerationQueueTable {
  kind: string
  itemId: string
  /** The school whose teachers answer for this item (the author's). */
  schoolId: string
  linkId: string | null
  reason: 'new' | 'flagged'
  authorName: string
  className: string | null
  excerpt: string
  place: string
  /** JSON array of words from the word lists found in the text. */
  suspicious: string
  createdAt: string
}

export interface ModerationAuditTable {
  id: string
  linkId: string | null
  kind: string
  itemId: string
  actorId: string
  action: string
  reason: string | null
  excerpt: string
  createdAt: string
  /** The school of the item's author: its teachers see the full entry, partners only what they may see. */
  itemSchoolId: string | null
  /** The acting person's school when she acted: a school's record lists its people's actions. */
  actorSchoolId: string | null
}

/** Who flagged what: a flag hides an item from the person who raised it, and from nobody else. */
export interface ModerationFlagsTable {
  kind: string
  itemId: string
  userId: string
  reason: string | null
  createdAt: string
}

/** A note for a school's teachers: one of their pupils was slowed down for writing too fast. */
export interface PupilNoticesTable {
  id: string
  schoolId: string
  pupilId: string
  kind: string
  what: string
  createdAt: string
  /** pupil, kind and time window: at most one note each. */
  windowKey: string
}

export interface ModerationTables {
  moderationQueue: ModerationQueueTable
  moderationAudit: ModerationAuditTable
  moderationFlags: ModerationFlagsTable
  pupilNotices: PupilNoticesTable
}
