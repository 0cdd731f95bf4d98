import type { Expression, ExpressionBuilder, Kysely, SqlBool } from 'kysely'
import type { Face, Reflection, ReflectionAnswer, ReflectionStatement } from '../../../shared/schemas/reflections.js'
import type { ModerationViewer } from '../moderation/visibility.js'
import type { Database } from '../../storage/schema.js'
import { toJsonText } from '../../storage/json.js'

export interface NewReflectionRow {
  id: string
  classId: string
  schoolId: string
  moment: Reflection['moment']
  statements: ReflectionStatement[]
  question: string
  openedBy: string
  openedAt: string
}

export interface NewAnswerRow {
  id: string
  reflectionId: string
  authorId: string
  schoolId: string
  classId: string
  faces: Partial<Record<ReflectionStatement, Face>>
  answer: string
  status: ReflectionAnswer['status']
  createdAt: string
}

export type StoredReflection = Reflection & { schoolId: string }
export type StoredAnswer = ReflectionAnswer & { schoolId: string; classId: string; flagged: boolean }

/** Reflections a class is asked, and its pupils' answers (private to the pupil's school). */
export interface ReflectionsRepository {
  insertReflection(row: NewReflectionRow): Promise<void>
  findReflection(id: string): Promise<StoredReflection | undefined>
  /** Newest first. */
  reflectionsOfClasses(classIds: readonly string[]): Promise<StoredReflection[]>
  close(id: string, at: string): Promise<void>
  /** False when the pupil had already answered. */
  insertAnswer(row: NewAnswerRow): Promise<boolean>
  findAnswer(id: string): Promise<StoredAnswer | undefined>
  answersByIds(ids: readonly string[]): Promise<StoredAnswer[]>
  /** The answers `viewer` may see, filtered in SQL by the same rule as `canSee`. */
  visibleAnswers(reflectionId: string, viewer: ModerationViewer): Promise<StoredAnswer[]>
  updateAnswer(
    id: string,
    change: {
      status?: ReflectionAnswer['status']
      flagged?: boolean
      rejectReason?: string | null
      answer?: string
      editNote?: string | null
    },
  ): Promise<void>
  pupilsInClass(classId: string): Promise<number>
}

/** What a viewer may see of reflection answers, in SQL: `canSee` with `privateToSchool` (visibility.property.test.ts). */
export function answerVisibleTo(viewer: ModerationViewer) {
  return (eb: ExpressionBuilder<Database & { a: Database['reflectionAnswers'] }, 'a'>): Expression<SqlBool> => {
    if (viewer.role === 'pupil')
      return eb.and([eb('a.authorId', '=', viewer.id), eb('a.status', 'in', ['held', 'rejected', 'published'])])
    // The school's designated safeguarding lead reads every answer of her school, deleted included.
    if (viewer.safeguardingLead) return eb('a.schoolId', '=', viewer.schoolId)
    return eb.and([
      eb('a.schoolId', '=', viewer.schoolId),
      eb('a.status', 'in', ['held', 'rejected', 'published', 'hidden']),
    ])
  }
}

export function createReflectionsRepository(db: Kysely<Database>): ReflectionsRepository {
  const reflections = () =>
    db
      .selectFrom('reflections as r')
      .innerJoin('classes as c', 'c.id', 'r.classId')
      .select([
        'r.id',
        'r.classId',
        'r.schoolId',
        'c.name as className',
        'r.moment',
        'r.statements',
        'r.question',
        'r.openedAt',
        'r.closedAt',
      ])
  type ReflectionRow = Awaited<ReturnType<ReturnType<typeof reflections>['executeTakeFirstOrThrow']>>
  const toReflection = (row: ReflectionRow): StoredReflection => ({
    ...row,
    statements: JSON.parse(row.statements) as ReflectionStatement[],
  })
  const answers = () =>
    db
      .selectFrom('reflectionAnswers as a')
      .innerJoin('users as u', 'u.id', 'a.authorId')
      .select([
        'a.id',
        'a.reflectionId',
        'a.authorId',
        'u.displayName as authorName',
        'a.schoolId',
        'a.classId',
        'a.faces',
        'a.answer',
        'a.status',
        'a.rejectReason',
        'a.editNote',
        'a.flagged',
        'a.createdAt',
      ])
  type AnswerRow = Awaited<ReturnType<ReturnType<typeof answers>['executeTakeFirstOrThrow']>>
  const toAnswer = (row: AnswerRow): StoredAnswer => ({
    ...row,
    faces: JSON.parse(row.faces) as StoredAnswer['faces'],
    flagged: Boolean(row.flagged),
  })
  return {
    async insertReflection(row) {
      await db
        .insertInto('reflections')
        .values({ ...row, statements: toJsonText(row.statements), closedAt: null })
        .execute()
    },
    async findReflection(id) {
      const row = await reflections().where('r.id', '=', id).executeTakeFirst()
      return row && toReflection(row)
    },
    async reflectionsOfClasses(classIds) {
      if (classIds.length === 0) return []
      return (
        await reflections()
          .where('r.classId', 'in', [...classIds])
          .orderBy('r.openedAt', 'desc')
          .orderBy('r.id')
          .execute()
      ).map(toReflection)
    },
    async close(id, at) {
      await db
        .updateTable('reflections')
        .set({ closedAt: at })
        .where('id', '=', id)
        .where('closedAt', 'is', null)
        .execute()
    },
    async insertAnswer(row) {
      const result = await db
        .insertInto('reflectionAnswers')
        .values({ ...row, faces: toJsonText(row.faces), rejectReason: null, editNote: null })
        .onConflict((oc) => oc.columns(['reflectionId', 'authorId']).doNothing())
        .executeTakeFirst()
      return Number(result.numInsertedOrUpdatedRows ?? 0) === 1
    },
    async findAnswer(id) {
      const row = await answers().where('a.id', '=', id).executeTakeFirst()
      return row && toAnswer(row)
    },
    async answersByIds(ids) {
      if (ids.length === 0) return []
      return (
        await answers()
          .where('a.id', 'in', [...ids])
          .execute()
      ).map(toAnswer)
    },
    async visibleAnswers(reflectionId, viewer) {
      return (
        await answers()
          .where('a.reflectionId', '=', reflectionId)
          .where(answerVisibleTo(viewer))
          .orderBy('a.createdAt')
          .orderBy('a.id')
          .execute()
      ).map(toAnswer)
    },
    async updateAnswer(id, change) {
      const { flagged, ...rest } = change
      await db
        .updateTable('reflectionAnswers')
        .set({ ...rest, ...(flagged === undefined ? {} : { flagged: flagged ? 1 : 0 }) })
        .where('id', '=', id)
        .execute()
    },
    async pupilsInClass(classId) {
      const row = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('classId', '=', classId)
        .where('role', '=', 'pupil')
        .where('active', '=', 1)
        .executeTakeFirst()
      return Number(row?.n ?? 0)
    },
  }
}
