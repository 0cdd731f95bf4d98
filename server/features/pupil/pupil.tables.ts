/** When a pupil last looked at what is new for her (one row per pupil). */
export interface PupilHomeSeenTable {
  userId: string
  seenAt: string
}

export interface PupilTables {
  pupilHomeSeen: PupilHomeSeenTable
}
