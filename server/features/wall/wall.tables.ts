export interface WallItemsTable {
  id: string
  linkId: string
  roundId: string | null
  kind: 'letter' | 'picture' | 'reply' | 'video'
  parentId: string | null
  body: string
  caption: string
  mediaId: string | null
  sticker: string | null
  toPupilId: string | null
  authorId: string
  schoolId: string
  classId: string | null
  status: 'held' | 'published' | 'rejected' | 'hidden' | 'deleted'
  rejectReason: string | null
  editNote: string | null
  flagged: number
  createdAt: string
  /** The language `body` (and `caption`) is written in; '' for items from before it was recorded. */
  language: string
  /** The same letter in a second language, or null. */
  secondLanguage: string | null
  secondBody: string | null
}

export interface RoundsTable {
  id: string
  linkId: string
  theme: string
  deadline: string
  releaseAt: string
  status: 'open' | 'released'
  releasedAt: string | null
  createdBy: string
  createdAt: string
}

export interface RoundEarlyReleaseTable {
  roundId: string
  classId: string
  agreedBy: string
  agreedAt: string
}

export interface PenPalsTable {
  linkId: string
  groupId: string
  pupilId: string
}

export interface PhotoConsentTable {
  pupilId: string
  consent: number
  updatedBy: string
  updatedAt: string
}

export interface MediaPeopleTable {
  mediaId: string
  pupilId: string
}

export interface WallTables {
  wallItems: WallItemsTable
  rounds: RoundsTable
  roundEarlyRelease: RoundEarlyReleaseTable
  penPals: PenPalsTable
  photoConsent: PhotoConsentTable
  mediaPeople: MediaPeopleTable
}
