export interface UsersTable {
  id: string
  role: 'teacher' | 'pupil'
  email: string | null
  passwordHash: string | null
  displayName: string
  schoolId: string
  classId: string | null
  personalCode: string | null
  active: number
  locale: string
  createdAt: string
  /** When the pupil left (her teacher removed her): the row stays as a nameless tombstone. */
  leftAt?: string | null
}

export interface SessionsTable {
  /** SHA-256 of the cookie's token: a stolen database does not yield live sessions. */
  id: string
  userId: string
  createdAt: string
  expiresAt: string
}

export interface AccountTables {
  users: UsersTable
  sessions: SessionsTable
}
