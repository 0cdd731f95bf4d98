import type { User } from '../../../shared/schemas/accounts.js'
import type { PenPalGroups, PenPalView, RoundReport } from '../../../shared/schemas/wall.js'
import { DomainError, notFound } from '../../domain/errors.js'
import { newId, nowIso } from '../../domain/ids.js'
import type { SchoolsRepository } from '../schools/schools.repository.js'
import { assertTeacher } from '../schools/schools.service.js'
import type { LinkAccess } from '../links/linkAccess.js'
import { pairPenPals } from './penPals.js'
import type { WallRepository } from './wall.repository.js'
import { toItem, type WallService } from './wall.service.js'

/** The teacher's side of the wall: round reports, pen-pal groups and the photo-consent register. */
export class WallAdminService {
  constructor(
    private readonly wall: WallRepository,
    private readonly wallService: WallService,
    private readonly linkAccess: LinkAccess,
    private readonly schools: SchoolsRepository,
  ) {}

  /** Who has written and who has not, and each class's letters collated, as this teacher may see them. */
  async report(user: User, roundId: string): Promise<RoundReport> {
    const round = await this.wallService.round(roundId)
    const { link } = await this.linkAccess.teacherMembershipOf(user, round.linkId)
    const items = (await this.wall.itemsOfLink(link.id)).filter((i) => i.roundId === roundId && i.kind !== 'reply')
    const visibleIds = new Set((await this.wall.visibleItemsOfLink(link.id, user)).map((i) => i.id))
    const pupils = await this.wall.pupilsOfClasses(link.classes.map((c) => c.classId))
    return {
      round: await this.wallService.toRound(round),
      classes: link.classes.map((c) => {
        const mine = c.schoolId === user.schoolId
        const visible = items.filter((i) => i.classId === c.classId && visibleIds.has(i.id))
        return {
          classId: c.classId,
          className: c.className,
          schoolName: c.schoolName,
          // Each school sees its own pupils' progress; partners' pupils are not listed.
          pupils: mine
            ? pupils
                .filter((p) => p.classId === c.classId)
                .map((p) => ({
                  pupilId: p.id,
                  name: p.name,
                  letters: items.filter((i) => i.authorId === p.id && i.status !== 'rejected').length,
                }))
            : [],
          items: visible.map((i) => toItem(i, link, round)),
        }
      }),
    }
  }

  async penPals(user: User, linkId: string): Promise<PenPalView> {
    const { link } = await this.linkAccess.membershipOf(user, linkId)
    const pupils = new Map((await this.wall.pupilsOfClasses(link.classes.map((c) => c.classId))).map((p) => [p.id, p]))
    const byGroup = new Map<string, string[]>()
    for (const row of await this.wall.penPals(linkId))
      byGroup.set(row.groupId, [...(byGroup.get(row.groupId) ?? []), row.pupilId])
    const groups = [...byGroup.values()]
      .filter((g) => user.role === 'teacher' || g.includes(user.id))
      .map((g) =>
        g.flatMap((id) => {
          const pupil = pupils.get(id)
          const className = link.classes.find((c) => c.classId === pupil?.classId)?.className ?? ''
          return pupil ? [{ pupilId: id, name: pupil.name, classId: pupil.classId, className }] : []
        }),
      )
    return { groups }
  }

  async pairAutomatically(user: User, linkId: string): Promise<PenPalView> {
    const { link } = await this.linkAccess.teacherMembershipOf(user, linkId)
    const pupils = await this.wall.pupilsOfClasses(link.classes.map((c) => c.classId))
    const groups = pairPenPals(
      link.classes.map((c) => ({
        classId: c.classId,
        pupilIds: pupils.filter((p) => p.classId === c.classId).map((p) => p.id),
      })),
    )
    await this.wall.replacePenPals(
      linkId,
      groups.filter((g) => g.length > 1).map((pupilIds) => ({ groupId: newId(), pupilIds })),
    )
    return this.penPals(user, linkId)
  }

  /** A teacher's adjustment: every pupil at most once, each group from at least two classes. */
  async setPenPals(user: User, linkId: string, input: PenPalGroups): Promise<PenPalView> {
    const { link } = await this.linkAccess.teacherMembershipOf(user, linkId)
    const classOf = new Map(
      (await this.wall.pupilsOfClasses(link.classes.map((c) => c.classId))).map((p) => [p.id, p.classId]),
    )
    const seen = new Set<string>()
    for (const group of input.groups) {
      for (const id of group) {
        if (!classOf.has(id) || seen.has(id))
          throw new DomainError('INVALID_PAYLOAD', 'Each pupil of the link may appear once', {
            fields: { groups: 'Unknown or repeated pupil' },
          })
        seen.add(id)
      }
      if (new Set(group.map((id) => classOf.get(id))).size < 2)
        throw new DomainError('INVALID_PAYLOAD', 'Pen pals come from different classes', {
          fields: { groups: 'Same class' },
        })
    }
    await this.wall.replacePenPals(
      linkId,
      input.groups.map((pupilIds) => ({ groupId: newId(), pupilIds })),
    )
    return this.penPals(user, linkId)
  }

  async consent(user: User, classId: string): Promise<{ pupilId: string; name: string; consent: boolean }[]> {
    await this.ownClass(user, classId)
    const pupils = await this.wall.pupilsOfClasses([classId])
    const consent = await this.wall.consentOf(pupils.map((p) => p.id))
    return pupils.map((p) => ({ pupilId: p.id, name: p.name, consent: consent.get(p.id) ?? false }))
  }

  async setConsent(
    user: User,
    classId: string,
    pupilId: string,
    consent: boolean,
  ): Promise<{ pupilId: string; name: string; consent: boolean }[]> {
    await this.ownClass(user, classId)
    const pupils = await this.wall.pupilsOfClasses([classId])
    if (!pupils.some((p) => p.id === pupilId)) throw notFound('Pupil')
    await this.wall.setConsent(pupilId, consent, user.id, nowIso())
    if (!consent) await this.wallService.withdrawPicturesOf(user, pupilId)
    return this.consent(user, classId)
  }

  private async ownClass(user: User, classId: string): Promise<void> {
    assertTeacher(user)
    const found = await this.schools.findClass(classId)
    if (!found || found.schoolId !== user.schoolId) throw notFound('Class')
  }
}
