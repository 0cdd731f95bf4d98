import { DomainError, forbidden } from '../../domain/errors.js'
import { nowIso } from '../../domain/ids.js'
import type { MediaRepository } from './media.repository.js'

/** Who might be in a picture taken in a class, with her parents' answer on sharing her image. */
export interface ShownCandidate {
  pupilId: string
  name: string
  consent: boolean
}

/** The photo-consent register and who each picture shows (kept with the wall's tables). */
export interface PhotoConsentStore {
  consentOf(pupilIds: string[]): Promise<Map<string, boolean>>
  pupilsOfClasses(classIds: string[]): Promise<{ id: string; name: string; classId: string }[]>
  setMediaPeople(mediaId: string, pupilIds: string[]): Promise<void>
}

/**
 * The one photo-consent rule, for every picture whatever it is attached to (a wall picture, a board
 * post): before a picture reaches a partner school a teacher of the author's school says who it shows
 * (an empty list when nobody), naming only her own pupils, and each of them must have photo consent.
 * Exports include a picture only when that was said and everyone shown still has consent.
 */
export class PhotoConsent {
  constructor(
    private readonly people: PhotoConsentStore,
    private readonly media: Pick<MediaRepository, 'markShownConfirmed' | 'peopleOf' | 'mediaShowing'>,
  ) {}

  /** Checks and records who the picture shows; `classIds` are the classes whose pupils she may name. */
  async confirmShown(mediaId: string, shownPupilIds: string[] | undefined, classIds: readonly string[]): Promise<void> {
    if (!shownPupilIds)
      throw new DomainError('INVALID_PAYLOAD', 'Say who the picture shows (an empty list when nobody)', {
        fields: { shownPupilIds: 'Required' },
      })
    const ownPupils = new Set((await this.people.pupilsOfClasses([...classIds])).map((p) => p.id))
    if (shownPupilIds.some((id) => !ownPupils.has(id)))
      throw forbidden('Name only pupils of your own classes in this link')
    const consent = await this.people.consentOf(shownPupilIds)
    if (shownPupilIds.some((id) => !consent.get(id))) {
      throw new DomainError(
        'PHOTO_CONSENT_MISSING',
        'This picture shows a pupil whose parents have not agreed to share their image with partner schools',
      )
    }
    await this.people.setMediaPeople(mediaId, shownPupilIds)
    await this.media.markShownConfirmed(mediaId, nowIso())
  }

  /** Per class, who might be in its pictures with each pupil's consent: what the queue asks from. */
  async candidatesOf(classIds: readonly string[]): Promise<Map<string, ShownCandidate[]>> {
    const unique = [...new Set(classIds)]
    const pupils = unique.length ? await this.people.pupilsOfClasses(unique) : []
    const consent = await this.people.consentOf(pupils.map((p) => p.id))
    const byClass = new Map<string, ShownCandidate[]>(unique.map((id) => [id, []]))
    for (const p of pupils)
      byClass.get(p.classId)?.push({ pupilId: p.id, name: p.name, consent: consent.get(p.id) ?? false })
    return byClass
  }

  /** Of these pictures, those an export may include: who they show was said, and everyone shown has consent now. */
  async exportable(mediaIds: readonly string[]): Promise<Set<string>> {
    const found = await this.media.peopleOf([...new Set(mediaIds)])
    const consent = await this.people.consentOf([...new Set(found.flatMap((m) => m.pupilIds))])
    return new Set(
      found.filter((m) => m.confirmed && m.pupilIds.every((id) => consent.get(id) === true)).map((m) => m.mediaId),
    )
  }

  /** Pictures that show this pupil (taken down when her consent is withdrawn). */
  mediaShowing(pupilId: string): Promise<string[]> {
    return this.media.mediaShowing(pupilId)
  }
}
