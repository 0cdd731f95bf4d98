import type { Generated } from 'kysely'

export interface SchoolsTable {
  id: string
  name: string
  country: string
  city: string
  timeZone: string
  /** JSON array of language tags. */
  languages: string
  createdAt: string
  /** Months the content of an ended link is kept (12 unless the school chose otherwise). */
  retentionMonths: Generated<number>
  /** Local "HH:MM" when the school day ends: pupils' sessions end then, in the school's time zone. */
  dayEndsAt: Generated<string>
}

export interface ClassesTable {
  id: string
  schoolId: string
  name: string
  ageMin: number
  ageMax: number
  languages: string
  subjects: string
  timeZone: string
  code: string
  /** 1: pictures wait for a tap and assemblies start audio-only (a slow school line). */
  dataSaver: Generated<number>
  /** The interface language of the class's pupils unless one chose her own; null: each keeps hers. */
  defaultLocale?: string | null
  createdAt: string
  /** The secret in the class's calendar feed address (null until a teacher first asks for it). */
  calendarToken?: string | null
}

export interface ClassTeachersTable {
  classId: string
  userId: string
}

export interface SchoolTables {
  schools: SchoolsTable
  classes: ClassesTable
  classTeachers: ClassTeachersTable
}
