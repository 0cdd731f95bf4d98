import type { User } from '../../../shared/schemas/accounts.js'
import type { ReplySheets } from '../../../shared/schemas/paper.js'
import type { LinkAccess } from '../links/linkAccess.js'
import { pictureRefOf } from '../media/pictureRef.js'
import type { WallItemRecord, WallRepository } from '../wall/wall.repository.js'
import type { WallService } from '../wall/wall.service.js'
import type { PaperService } from './paper.service.js'
import { questionOf } from './sheets.js'

/**
 * The printed round for a class that works on paper: for each of the teacher's pupils and each of her
 * pen pals, the pen pal's letters of the round (what a pupil may read: published, released, to her or
 * to the class) and a reply sheet carrying a question from them and the code that files the answer.
 */
export class ReplySheetsService {
  constructor(
    private readonly deps: {
      wall: WallService
      wallRepository: WallRepository
      linkAccess: LinkAccess
      paper: PaperService
    },
  ) {}

  async sheets(user: User, roundId: string): Promise<ReplySheets> {
    const round = await this.deps.wall.round(roundId)
    const membership = await this.deps.linkAccess.teacherMembershipOf(user, round.linkId)
    const context = await this.deps.paper.context(user, round.linkId)
    const letters = (await this.deps.wallRepository.visibleItemsOfLink(round.linkId, user)).filter(
      (i) => i.roundId === roundId && i.kind === 'letter' && i.status === 'published' && round.status === 'released',
    )
    const pages = await this.deps.paper.pagesOfItems(letters.map((l) => l.id))
    const pictures = (l: WallItemRecord) => pages.get(l.id) ?? [pictureRefOf(l)].flatMap((p) => (p ? [p] : []))
    return {
      sheets: context.pupils.flatMap((pupil) =>
        pupil.penPals.map((pal) => {
          const theirs = letters.filter(
            (l) => l.authorId === pal.pupilId && (l.toPupilId === null || l.toPupilId === pupil.pupilId),
          )
          const question = theirs
            .map((l) => questionOf(l.body))
            .filter(Boolean)
            .at(-1)
          return {
            pupilId: pupil.pupilId,
            pupilName: pupil.name,
            className: pupil.className || (membership.ownClasses[0]?.className ?? ''),
            penPalId: pal.pupilId,
            penPalName: pal.name,
            code: pal.code,
            letters: theirs.map((l) => ({
              itemId: l.id,
              body: l.body,
              pages: pictures(l),
              source: pages.has(l.id) ? ('paper' as const) : ('online' as const),
            })),
            question: question ?? null,
          }
        }),
      ),
    }
  }
}
