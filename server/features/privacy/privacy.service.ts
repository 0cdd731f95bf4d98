import type { User } from '../../../shared/schemas/accounts.js'
import type { ModeratedKind } from '../../../shared/schemas/moderation.js'
import type {
  DataProtectionSettings,
  LeaverContent,
  PrivacyLogEntryView,
  PupilLeft,
} from '../../../shared/schemas/privacy.js'
import { forbidden, notFound } from '../../domain/errors.js'
import { newId, nowIso } from '../../domain/ids.js'
import type { AccountsRepository } from '../accounts/accounts.repository.js'
import type { MediaService } from '../media/media.service.js'
import type { ModerationService } from '../moderation/moderation.service.js'
import type { SchoolsRepository } from '../schools/schools.repository.js'
import { assertTeacher } from '../schools/schools.service.js'
import type { ItemRef, PrivacyRepository } from './privacy.repository.js'

export interface PrivacyDeps {
  privacy: PrivacyRepository
  schools: SchoolsRepository
  accounts: AccountsRepository
  moderation: Pick<ModerationService, 'announceChanged'>
  media: Pick<MediaService, 'deleteRecords' | 'deleteFiles'>
  transaction: <T>(fn: () => Promise<T>) => Promise<T>
}

/** `iso` plus `months` calendar months (the 31st of a short month lands on its last day). */
export function addMonths(iso: string, months: number): Date {
  const date = new Date(iso)
  const day = date.getUTCDate()
  date.setUTCDate(1)
  date.setUTCMonth(date.getUTCMonth() + months)
  const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate()
  date.setUTCDate(Math.min(day, lastDay))
  return date
}

const KINDS: ModeratedKind[] = ['board_post', 'wall_item', 'chat_message']
const countOf = (items: readonly ItemRef[], kind: ModeratedKind) => items.filter((i) => i.kind === kind).length

/**
 * A school's data-protection duties: a pupil who leaves, how long an ended link's content is kept
 * (swept by a job every node runs, each sweep claimed once), and the record of both. Removal goes
 * through the media service for pictures (never the files directly) and tells every viewer through
 * the moderation adapters, so live pages drop what is gone.
 */
export class PrivacyService {
  constructor(private readonly deps: PrivacyDeps) {}

  /**
   * Her teacher removes a pupil who left: her words are emptied everywhere or kept under "a former
   * pupil" (the school's choice), every picture she uploaded or is shown in goes (files too), her
   * pen-pal pairs are released and her sign-in code stops working at once. Returns the sessions to close.
   */
  async removePupil(
    teacher: User,
    classId: string,
    pupilId: string,
    content: LeaverContent,
  ): Promise<{ result: PupilLeft; endedSessions: string[] }> {
    assertTeacher(teacher)
    const schoolClass = await this.deps.schools.findClass(classId)
    if (!schoolClass || schoolClass.schoolId !== teacher.schoolId) throw notFound('Class')
    if (!(await this.deps.schools.isTeacherOfClass(teacher.id, classId))) throw forbidden('You do not teach this class')
    if (!(await this.deps.schools.findPupil(classId, pupilId))) throw notFound('Pupil')
    const { privacy } = this.deps
    const done = await this.deps.transaction(async () => {
      const own = await privacy.itemsOfAuthor(pupilId)
      // Her letters brought in on paper are pictures her teacher uploaded: deleted with the letters.
      const pages = content === 'delete' ? await privacy.paperPagesOf(own) : []
      const pictures = [...new Set([...(await privacy.picturesOfPupil(pupilId)), ...pages])]
      if (content === 'delete') await privacy.emptyItems(own)
      const detached = await privacy.detachPictures(pictures)
      await privacy.forgetAuthorName(pupilId)
      await privacy.tombstonePupil(pupilId, nowIso())
      const endedSessions = await this.deps.accounts.deleteSessionsOfUser(pupilId)
      await this.deps.media.deleteRecords(pictures)
      await this.announce([...own, ...detached])
      const result: PupilLeft = {
        content,
        itemsEmptied: content === 'delete' ? own.length : 0,
        itemsKept: content === 'anonymise' ? own.length : 0,
        picturesRemoved: pictures.length,
      }
      await this.record(teacher.schoolId, teacher.id, 'pupil_removed', pupilId, { classId, ...result })
      return { result, endedSessions, pictures }
    })
    // Only once the records are gone for good: a rolled-back removal keeps its pictures.
    await this.deps.media.deleteFiles(done.pictures)
    return { result: done.result, endedSessions: done.endedSessions }
  }

  /**
   * Empties what each school's retention says is due: a school's posts, letters, chat, pictures
   * (files too) and attendance in a link that ended more than its retention ago. Every node runs it;
   * each link's side is claimed inside its sweeping transaction, so it is swept exactly once.
   * Sign-in history older than the retention goes too. Returns how many sides this call swept.
   */
  async sweepDue(now = new Date()): Promise<number> {
    let swept = 0
    for (const side of await this.deps.privacy.unsweptEndedLinks()) {
      if (addMonths(side.endedAt, side.retentionMonths) > now) continue
      const pictures = await this.deps.transaction(async () => {
        if (!(await this.deps.privacy.claimSweep(side.linkId, side.schoolId, now.toISOString()))) return undefined
        return this.sweep(side.linkId, side.schoolId)
      })
      if (!pictures) continue
      await this.deps.media.deleteFiles(pictures)
      swept++
    }
    for (const school of await this.deps.privacy.schoolIds()) {
      await this.deps.privacy.trimSignIns(
        school.id,
        addMonths(now.toISOString(), -school.retentionMonths).toISOString(),
      )
    }
    return swept
  }

  private async sweep(linkId: string, schoolId: string): Promise<string[]> {
    const { privacy } = this.deps
    const items = await privacy.itemsOfSchoolInLink(linkId, schoolId)
    const pictures = await privacy.picturesOfSchoolInLink(linkId, schoolId)
    await privacy.emptyItems(items)
    const detached = await privacy.detachPictures(pictures)
    const attendance = await privacy.deleteAttendance(linkId, schoolId)
    await this.deps.media.deleteRecords(pictures)
    await this.announce([...items, ...detached])
    await this.record(schoolId, null, 'retention', linkId, {
      linkId,
      posts: countOf(items, 'board_post'),
      wallItems: countOf(items, 'wall_item'),
      chatMessages: countOf(items, 'chat_message'),
      pictures: pictures.length,
      attendance,
    })
    return pictures
  }

  async settings(user: User): Promise<DataProtectionSettings> {
    assertTeacher(user)
    return { retentionMonths: await this.deps.privacy.retentionMonths(user.schoolId) }
  }

  async updateSettings(user: User, input: DataProtectionSettings): Promise<DataProtectionSettings> {
    assertTeacher(user)
    await this.deps.transaction(async () => {
      const before = await this.deps.privacy.retentionMonths(user.schoolId)
      await this.deps.privacy.setRetentionMonths(user.schoolId, input.retentionMonths)
      if (before !== input.retentionMonths)
        await this.record(user.schoolId, user.id, 'retention_changed', null, {
          from: before,
          to: input.retentionMonths,
        })
    })
    return this.settings(user)
  }

  /** The school's data-protection record, newest first (its teachers only). */
  async log(user: User): Promise<PrivacyLogEntryView[]> {
    assertTeacher(user)
    const rows = await this.deps.privacy.logOf(user.schoolId, 200)
    return rows.map((row) => ({
      id: row.id,
      action: row.action,
      actorName: row.actorName ?? null,
      subjectId: row.subjectId,
      details: JSON.parse(row.details) as PrivacyLogEntryView['details'],
      createdAt: row.createdAt,
    }))
  }

  /** Adds a line to the school's data-protection record. */
  async record(
    schoolId: string,
    actorId: string | null,
    action: PrivacyLogEntryView['action'],
    subjectId: string | null,
    details: PrivacyLogEntryView['details'],
  ): Promise<void> {
    await this.deps.privacy.log({
      id: newId(),
      schoolId,
      actorId,
      action,
      subjectId,
      details: JSON.stringify(details),
      createdAt: nowIso(),
    })
  }

  private async announce(items: readonly ItemRef[]): Promise<void> {
    for (const kind of KINDS) {
      const ids = [...new Set(items.filter((i) => i.kind === kind).map((i) => i.id))]
      if (ids.length) await this.deps.moderation.announceChanged(kind, ids)
    }
  }
}
