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

export interface AssemblyTables {
  assemblies: AssembliesTable
  attendance: AttendanceTable
}
