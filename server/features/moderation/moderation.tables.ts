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
}

export interface ModerationTables {
  moderationQueue: ModerationQueueTable
  moderationAudit: ModerationAuditTable
}
