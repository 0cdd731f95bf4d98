import type { User } from '../../../shared/schemas/accounts.js'
import type {
  NewReflection,
  Reflection,
  ReflectionAnswer,
  ReflectionAnswerInput,
  ReflectionSummary,
  ReflectionView,
} from '../../../shared/schemas/reflections.js'
import { DomainError, forbidden, notFound } from '../../domain/errors.js'
import { newId, nowIso } from '../../domain/ids.js'
import type {
  ItemChange,
  ModeratedItem,
  ModerationAdapter,
  ModerationService,
} from '../moderation/moderation.service.js'
import { canSee, type VisibilityFacts } from '../moderation/visibility.js'
import type { SchoolsRepository } from '../schools/schools.repository.js'
import type { ReflectionsRepository, StoredAnswer, StoredReflection } from './reflections.repository.js'

export interface ReflectionsDeps {
  reflections: ReflectionsRepository
  schools: SchoolsRepository
  moderation: ModerationService
  transaction: <T>(fn: () => Promise<T>) => Promise<T>
}

const factsOf = (a: StoredAnswer): VisibilityFacts => ({
  authorId: a.authorId,
  schoolId: a.schoolId,
  status: a.status,
  privateToSchool: true,
})
const toReflection = ({ schoolId: _school, ...r }: StoredReflection): Reflection => r
const toAnswer = ({ schoolId: _school, classId: _class, flagged: _flagged, ...a }: StoredAnswer): ReflectionAnswer => a

/**
 * Pupils' reflections on their link. A teacher opens one for a class of her school; its pupils answer
 * with faces and a few words. Answers never leave the pupil's school: a partner school learns nothing
 * of them (not even that they exist), other pupils do not see them, and outside the class they are
 * only ever counted. Words are moderated like everything pupils write.
 */
export class ReflectionsService {
  constructor(private readonly deps: ReflectionsDeps) {}

  async open(user: User, classId: string, input: NewReflection): Promise<Reflection> {
    await this.ownClass(user, classId)
    const id = newId()
    await this.deps.reflections.insertReflection({
      id,
      classId,
      schoolId: user.schoolId,
      ...input,
      openedBy: user.id,
      openedAt: nowIso(),
    })
    return toReflection(await this.find(id))
  }

  /** A teacher: her school's reflections (of one class, or all); a pupil: her class's. */
  async list(user: User, classId?: string): Promise<Reflection[]> {
    let classIds: string[]
    if (user.role === 'pupil') classIds = user.classId ? [user.classId] : []
    else if (classId) classIds = [(await this.ownClass(user, classId)).id]
    else classIds = (await this.deps.schools.listClassesOfSchool(user.schoolId)).map((c) => c.id)
    return (await this.deps.reflections.reflectionsOfClasses(classIds)).map(toReflection)
  }

  async view(user: User, reflectionId: string): Promise<ReflectionView> {
    const reflection = await this.visibleReflection(user, reflectionId)
    const answers = await this.deps.reflections.visibleAnswers(reflectionId, user)
    if (user.role === 'pupil') {
      const mine = answers.find((a) => a.authorId === user.id)
      return { reflection: toReflection(reflection), mine: mine ? toAnswer(mine) : null, answers: [], summary: null }
    }
    return {
      reflection: toReflection(reflection),
      mine: null,
      answers: answers.map(toAnswer),
      summary: await this.summary(reflection, answers),
    }
  }

  async answer(user: User, reflectionId: string, input: ReflectionAnswerInput): Promise<ReflectionAnswer> {
    const reflection = await this.visibleReflection(user, reflectionId)
    if (user.role !== 'pupil') throw forbidden('Only pupils answer reflections')
    if (reflection.closedAt) throw new DomainError('REFLECTION_CLOSED', 'This reflection is closed')
    const unknown = Object.keys(input.faces).filter((s) => !reflection.statements.includes(s as never))
    if (unknown.length)
      throw new DomainError('INVALID_PAYLOAD', 'Answer only this reflection’s statements', {
        fields: { faces: `Not asked: ${unknown.join(', ')}` },
      })
    const id = newId()
    return this.deps.transaction(async () => {
      // Faces alone carry no words to check; any words wait for a teacher of her school.
      const status = input.answer ? this.deps.moderation.initialStatusFor(user) : 'published'
      const inserted = await this.deps.reflections.insertAnswer({
        id,
        reflectionId,
        authorId: user.id,
        schoolId: user.schoolId,
        classId: reflection.classId,
        faces: input.faces,
        answer: input.answer,
        status,
        createdAt: nowIso(),
      })
      if (!inserted) throw new DomainError('ALREADY_ANSWERED', 'You have already answered this reflection')
      const stored = await this.deps.reflections.findAnswer(id)
      if (!stored) throw notFound('Answer')
      await this.deps.moderation.submitted(this.moderated(stored, reflection))
      return toAnswer(stored)
    })
  }

  async close(user: User, reflectionId: string): Promise<Reflection> {
    const reflection = await this.visibleReflection(user, reflectionId)
    if (user.role !== 'teacher') throw forbidden('Only teachers close reflections')
    await this.deps.reflections.close(reflection.id, nowIso())
    return toReflection(await this.find(reflectionId))
  }

  /** Counts per class for a teacher's own school, for the portfolio: never a name, never a word. */
  async summariesOf(user: User): Promise<{ reflection: Reflection; summary: ReflectionSummary }[]> {
    if (user.role !== 'teacher') throw forbidden('Only teachers see reflection results')
    const out: { reflection: Reflection; summary: ReflectionSummary }[] = []
    for (const reflection of await this.list(user)) {
      const stored = await this.find(reflection.id)
      out.push({
        reflection,
        summary: await this.summary(stored, await this.deps.reflections.visibleAnswers(reflection.id, user)),
      })
    }
    return out
  }

  private async summary(reflection: StoredReflection, answers: StoredAnswer[]): Promise<ReflectionSummary> {
    const counted = answers.filter((a) => a.status === 'published' || a.status === 'held')
    const counts: ReflectionSummary['counts'] = {}
    for (const statement of reflection.statements) {
      const tally = { yes: 0, unsure: 0, no: 0 }
      for (const a of counted) {
        const face = a.faces[statement]
        if (face) tally[face]++
      }
      counts[statement] = tally
    }
    return {
      answered: counted.length,
      classSize: await this.deps.reflections.pupilsInClass(reflection.classId),
      counts,
    }
  }

  /** The moderation service's view of an answer; plugged in as the `reflection_answer` kind. */
  adapter(): ModerationAdapter {
    return {
      kind: 'reflection_answer',
      load: async (viewer, itemId) => {
        const answer = await this.deps.reflections.findAnswer(itemId)
        if (!answer || !canSee(factsOf(answer), viewer)) throw notFound('Answer')
        return this.moderated(answer, await this.find(answer.reflectionId))
      },
      apply: (itemId, change: ItemChange) =>
        this.deps.reflections.updateAnswer(itemId, {
          ...(change.status ? { status: change.status } : {}),
          ...(change.flagged === undefined ? {} : { flagged: change.flagged }),
          ...(change.rejectReason === undefined ? {} : { rejectReason: change.rejectReason }),
          ...(change.body === undefined ? {} : { answer: change.body }),
          ...(change.editNote === undefined ? {} : { editNote: change.editNote }),
        }),
      // Answers are not delivered live: a teacher's page fetches them again after a decision.
      changed: async () => {},
      visibilityFacts: async (itemIds) =>
        new Map(
          (await this.deps.reflections.answersByIds(itemIds))
            .filter((a) => a.status !== 'deleted')
            .map((a) => [a.id, factsOf(a)]),
        ),
    }
  }

  private moderated(answer: StoredAnswer, reflection: StoredReflection): ModeratedItem {
    return {
      kind: 'reflection_answer',
      itemId: answer.id,
      linkId: null,
      linkStatus: null,
      authorId: answer.authorId,
      authorRole: 'pupil',
      authorName: answer.authorName,
      authorSchoolId: answer.schoolId,
      className: reflection.className,
      status: answer.status,
      flagged: answer.flagged,
      text: answer.answer,
      place: reflection.question,
    }
  }

  /** Outsiders (a partner school, another class's pupil) learn nothing: NOT_FOUND, as for a missing one. */
  private async visibleReflection(user: User, reflectionId: string): Promise<StoredReflection> {
    const reflection = await this.deps.reflections.findReflection(reflectionId)
    if (!reflection || reflection.schoolId !== user.schoolId) throw notFound('Reflection')
    if (user.role === 'pupil' && reflection.classId !== user.classId) throw notFound('Reflection')
    return reflection
  }

  private async find(id: string): Promise<StoredReflection> {
    const reflection = await this.deps.reflections.findReflection(id)
    if (!reflection) throw notFound('Reflection')
    return reflection
  }

  private async ownClass(user: User, classId: string) {
    if (user.role !== 'teacher') throw forbidden('Only teachers open reflections')
    const schoolClass = await this.deps.schools.findClass(classId)
    if (!schoolClass || schoolClass.schoolId !== user.schoolId) throw notFound('Class')
    return schoolClass
  }
}
