export interface AssembliesTable {
  id: string
  linkId: string
  title: string
  startsAt: string
  durationMinutes: number
  agenda: string
  status: 'scheduled' | 'open' | 'ended'
  openedAt: string | null
  endedAt: string | null
  /** 0/1: pupils' chat messages go through without a teacher approving each one. */
  pupilChatAllowed: number
  createdBy: string
  createdAt: string
}

export interface AttendanceTable {
  id: string
  assemblyId: string
  classId: string
  joinedAt: string
  leftAt: string | null
}

export interface AssemblyChatMessagesTable {
  id: string
  assemblyId: string
  authorId: string
  authorRole: 'teacher' | 'pupil'
  authorName: string
  schoolId: string
  className: string | null
  colorIndex: number | null
  text: string
  status: 'held' | 'published' | 'rejected' | 'hidden' | 'deleted'
  rejectReason: string | null
  editNote: string | null
  flagged: number
  createdAt: string
}

export interface AssemblyTables {
  assemblies: AssembliesTable
  attendance: AttendanceTable
  assemblyChatMessages: AssemblyChatMessagesTable
}
