import type { Generated } from 'kysely'

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
  /** 1 once the person chose her own language (at sign-in or in the header): her class's default no longer applies. */
  localeChosen: Generated<number>
  createdAt: string
  /** When the pupil left (her teacher removed her): the row stays as a nameless tombstone. */
  leftAt?: string | null
  /** 1: invites and removes colleagues, names the safeguarding lead, issues password reset links. */
  schoolAdmin: Generated<number>
  /** 1: the designated safeguarding lead, who reads everything the school's pupils wrote and the whole audit record. */
  safeguardingLead: Generated<number>
}

export interface SessionsTable {
  /** SHA-256 of the cookie's token: a stolen database does not yield live sessions. */
  id: string
  userId: string
  createdAt: string
  expiresAt: string
}

export interface StaffInvitationsTable {
  /** SHA-256 of the code in the invitation link. */
  id: string
  schoolId: string
  createdBy: string
  createdAt: string
  expiresAt: string
  usedAt: string | null
  usedBy: string | null
}

export interface PasswordResetsTable {
  /** SHA-256 of the token in the reset link. */
  id: string
  userId: string
  /** The school admin who issued it; null when it went by email. */
  issuedBy: string | null
  createdAt: string
  expiresAt: string
  usedAt: string | null
}

export interface AccountTables {
  users: UsersTable
  sessions: SessionsTable
  staffInvitations: StaffInvitationsTable
  passwordResets: PasswordResetsTable
}
