/** What was removed or handed out under data protection, by whom (null: the retention job), about whom. */
export interface PrivacyLogTable {
  id: string
  schoolId: string
  actorId: string | null
  action: 'pupil_removed' | 'subject_access' | 'retention' | 'retention_changed'
  subjectId: string | null
  /** JSON object: counts of what was removed, the link, the choice made. */
  details: string
  createdAt: string
}

/** When each person signed in (for a subject access request); kept as long as the school keeps content. */
export interface SignInsTable {
  id: string
  userId: string
  at: string
}

/** Every change to a pupil's photo consent, not just the latest. */
export interface ConsentHistoryTable {
  id: string
  pupilId: string
  consent: number
  updatedBy: string | null
  updatedAt: string
}

/** An ended link whose content of one school was swept by that school's retention. */
export interface RetentionSweepsTable {
  linkId: string
  schoolId: string
  sweptAt: string
}

export interface PrivacyTables {
  privacyLog: PrivacyLogTable
  signIns: SignInsTable
  consentHistory: ConsentHistoryTable
  retentionSweeps: RetentionSweepsTable
}
