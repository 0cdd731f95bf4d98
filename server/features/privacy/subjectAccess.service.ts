import { strToU8, zipSync, type Zippable } from 'fflate'
import type { User } from '../../../shared/schemas/accounts.js'
import { notFound } from '../../domain/errors.js'
import { nowIso } from '../../domain/ids.js'
import type { MediaService } from '../media/media.service.js'
import { assertTeacher } from '../schools/schools.service.js'
import type { PrivacyService } from './privacy.service.js'
import type { SubjectAccessRepository } from './subjectAccess.repository.js'
import { renderSubjectAccessPage } from './subjectAccessPage.js'

export interface SubjectAccessDeps {
  records: SubjectAccessRepository
  media: Pick<MediaService, 'bytesOf'>
  privacy: Pick<PrivacyService, 'record'>
}

export interface SubjectAccessExport {
  filename: string
  zip: Uint8Array
}

/**
 * A subject access request: everything Bridges holds about one pupil, as JSON and a readable page in
 * her language, with the pictures she uploaded or is shown in. Only her own school's teachers may
 * make one (until roles arrive, any of them stands in for the safeguarding lead); anyone else is told
 * the pupil does not exist. Every download is written in the school's data-protection record.
 */
export class SubjectAccessService {
  constructor(private readonly deps: SubjectAccessDeps) {}

  async export(teacher: User, pupilId: string): Promise<SubjectAccessExport> {
    assertTeacher(teacher)
    const record = await this.deps.records.pupilRecord(pupilId)
    // Another school's pupil is "not found", like every other of its records.
    if (!record || record.account.schoolId !== teacher.schoolId) throw notFound('Pupil')
    const madeAt = nowIso()
    const files: Zippable = {
      'subject-access.json': strToU8(JSON.stringify({ madeAt, ...record }, null, 2)),
      'index.html': strToU8(renderSubjectAccessPage(record, madeAt)),
    }
    const pictures: Zippable = {}
    for (const picture of record.pictures) {
      const bytes = await this.deps.media.bytesOf(picture.id)
      // WebP is already compressed: stored as it is.
      if (bytes) pictures[`${picture.id}.webp`] = [new Uint8Array(bytes), { level: 0 }]
    }
    if (Object.keys(pictures).length) files.pictures = pictures
    const zip = zipSync(files, { level: 6, mtime: new Date(madeAt) })
    await this.deps.privacy.record(teacher.schoolId, teacher.id, 'subject_access', pupilId, {
      posts: record.posts.length,
      wallItems: record.wallItems.length,
      chatMessages: record.chatMessages.length,
      pictures: record.pictures.length,
    })
    return { filename: `subject-access-${pupilId}.zip`, zip }
  }
}
