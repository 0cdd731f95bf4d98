import type { Generated } from 'kysely'

export interface ReflectionsTable {
  id: string
  classId: string
  schoolId: string
  moment: 'before' | 'term'
  /** JSON array of statement keys. */
  statements: string
  question: string
  openedBy: string
  openedAt: string
  closedAt: string | null
}

/** Pupils' answers: private to the pupil's own school, moderated like everything pupils write. */
export interface ReflectionAnswersTable {
  id: string
  reflectionId: string
  authorId: string
  schoolId: string
  classId: string
  /** JSON object statement → face. */
  faces: string
  answer: string
  status: 'held' | 'published' | 'rejected' | 'hidden' | 'deleted'
  rejectReason: string | null
  editNote: string | null
  flagged: Generated<number>
  createdAt: string
}

export interface ReflectionTables {
  reflections: ReflectionsTable
  reflectionAnswers: ReflectionAnswersTable
}
