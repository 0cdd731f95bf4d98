import type { User } from '../../../shared/schemas/accounts.js'
import type { PictureRef } from '../../../shared/schemas/media.js'
import type {
  PaperContext,
  PaperFiled,
  PaperLetterInput,
  PaperLetters,
  PaperRotation,
  PaperUpload,
  PaperSummary,
} from '../../../shared/schemas/paper.js'
import { DomainError, notFound } from '../../domain/errors.js'
import { newId, nowIso } from '../../domain/ids.js'
import type { LinkAccess, LinkMembership } from '../links/linkAccess.js'
import type { LinkEvents } from '../links/linkEvents.js'
import type { MediaService } from '../media/media.service.js'
import type { PhotoConsent } from '../media/photoConsent.js'
import type { WriteLimiter } from '../moderation/writeLimits.js'
import type { ModerationService } from '../moderation/moderation.service.js'
import type { VisibilityFacts } from '../moderation/visibility.js'
import type { WallRepository } from '../wall/wall.repository.js'
import type { WallService } from '../wall/wall.service.js'
import { afterCommit } from '../../storage/transaction.js'
import { pagesOf, readSheetCode, rotatePage, type PaperFile } from './pages.js'
import type { PaperRepository } from './paper.repository.js'
import { sheetCode } from './sheets.js'

export interface PaperDeps {
  paper: PaperRepository
  wallRepository: WallRepository
  wall: WallService
  linkAccess: LinkAccess
  moderation: ModerationService
  media: MediaService
  /** The one photo-consent rule, the same as for every picture on the wall and the boards. */
  consent: PhotoConsent
  events: LinkEvents
  limits: WriteLimiter
  transaction: <T>(fn: () => Promise<T>) => Promise<T>
}

/**
 * Letters that come on paper: a teacher's photographed stack or scanned PDF becomes pages, and the
 * pages become her pupils' letters in the current round, held and moderated like every wall item
 * (the wall's own rules and the one visibility rule decide who reads them, and when).
 */
export class PaperService {
  constructor(private readonly deps: PaperDeps) {}

  /** Checked before an upload is read: only a teacher of the link with a class in it, within the upload limit. */
  async assertCanUpload(user: User, linkId: string): Promise<void> {
    const membership = await this.deps.linkAccess.teacherMembershipOf(user, linkId)
    this.deps.linkAccess.assertWritable(membership)
    await this.deps.limits.consume(user, 'uploads')
  }

  /** Splits, straightens and crops every page, then keeps them all or (on any refusal) nothing. */
  async upload(user: User, linkId: string, files: readonly PaperFile[]): Promise<PaperUpload> {
    const images = await pagesOf(files)
    // One page at a time, as the pages were made.
    const codes: (string | null)[] = []
    for (const image of images) codes.push(await readSheetCode(image.display))
    const uploadId = newId()
    let stored: { id: string }[] = []
    try {
      await this.deps.transaction(async () => {
        stored = await this.deps.media.storeProcessed(user, linkId, images)
        await this.deps.paper.insertPages(
          stored.map((m, position) => ({
            mediaId: m.id,
            uploadId,
            linkId,
            schoolId: user.schoolId,
            position,
            itemId: null,
            pageNo: null,
            createdAt: nowIso(),
            sheetCode: codes[position] ?? null,
          })),
        )
      })
    } catch (error) {
      await this.deps.media.deleteFiles(stored.map((m) => m.id))
      throw error
    }
    return this.uploadOf(user, linkId, uploadId)
  }

  /** An upload's pages (a partner school's, or an unknown one, is NOT_FOUND). */
  async uploadOf(user: User, linkId: string, uploadId: string): Promise<PaperUpload> {
    await this.deps.linkAccess.teacherMembershipOf(user, linkId)
    const pages = await this.deps.paper.pagesOfUpload(linkId, user.schoolId, uploadId)
    if (pages.length === 0) throw notFound('Upload')
    return {
      uploadId,
      pages: pages.map((p) => ({
        mediaId: p.mediaId,
        position: p.position,
        picture: p.picture,
        sheetCode: p.sheetCode,
      })),
    }
  }

  /** The open round, and the teacher's own pupils with their pen pals and reply-sheet codes. */
  async context(user: User, linkId: string): Promise<PaperContext> {
    const membership = await this.deps.linkAccess.teacherMembershipOf(user, linkId)
    const round = await this.deps.wallRepository.openRound(linkId)
    const candidates = await this.deps.consent.candidatesOf(membership.ownClasses.map((c) => c.classId))
    return {
      round: round ? await this.deps.wall.toRound(round) : null,
      pupils: await this.pupils(membership),
      shownCandidates: [...candidates.values()].flat(),
    }
  }

  /**
   * Turns a page still waiting in its upload by quarter turns clockwise (sharp, metadata still
   * stripped). The turned page is a new picture in the same place of the upload (pictures are cached
   * by id), and the old one goes, records and bytes.
   */
  async rotate(
    user: User,
    linkId: string,
    uploadId: string,
    mediaId: string,
    input: PaperRotation,
  ): Promise<PaperUpload> {
    const membership = await this.deps.linkAccess.teacherMembershipOf(user, linkId)
    this.deps.linkAccess.assertWritable(membership)
    const page = (await this.deps.paper.pagesOfUpload(linkId, user.schoolId, uploadId)).find(
      (p) => p.mediaId === mediaId,
    )
    if (!page) throw notFound('Page')
    if (page.itemId !== null) throw pageTaken()
    const bytes = await this.deps.media.bytesOf(mediaId)
    if (!bytes) throw notFound('Page')
    const turned = await rotatePage(bytes, input.quarterTurns)
    let stored: { id: string }[] = []
    try {
      await this.deps.transaction(async () => {
        stored = await this.deps.media.storeProcessed(user, linkId, [turned])
        const [replacement] = stored
        // Claimed while still waiting: a page filed meanwhile stays as it was.
        if (!replacement || !(await this.deps.paper.replaceWaitingPage(mediaId, replacement.id))) throw pageTaken()
        await this.deps.media.deleteRecords([mediaId])
      })
    } catch (error) {
      await this.deps.media.deleteFiles(stored.map((m) => m.id))
      throw error
    }
    await this.deps.media.deleteFiles([mediaId])
    return this.uploadOf(user, linkId, uploadId)
  }

  private async pupils(membership: LinkMembership): Promise<PaperContext['pupils']> {
    const { link, ownClasses } = membership
    const everyone = await this.deps.wallRepository.pupilsOfClasses(link.classes.map((c) => c.classId))
    const byId = new Map(everyone.map((p) => [p.id, p]))
    const groupOf = new Map<string, string[]>()
    for (const row of await this.deps.wallRepository.penPals(link.id))
      groupOf.set(row.groupId, [...(groupOf.get(row.groupId) ?? []), row.pupilId])
    const groups = [...groupOf.values()]
    const own = new Set(ownClasses.map((c) => c.classId))
    return everyone
      .filter((p) => own.has(p.classId))
      .map((p) => ({
        pupilId: p.id,
        name: p.name,
        className: link.classes.find((c) => c.classId === p.classId)?.className ?? '',
        penPals: (groups.find((g) => g.includes(p.id)) ?? [])
          .flatMap((id) => {
            const pal = byId.get(id)
            return pal && pal.classId !== p.classId ? [pal] : []
          })
          .map((pal) => ({ pupilId: pal.id, name: pal.name, code: sheetCode(link.id, p.id, pal.id) })),
      }))
  }

  /**
   * Files the pages as letters of the teacher's pupils, all in one transaction: each is the pupil's
   * letter, held for moderation. When the teacher says she has read them, each is then approved as its
   * own decision (who is shown, photo consent, audit); one that cannot be waits in her queue.
   */
  async file(user: User, linkId: string, input: PaperLetters): Promise<PaperFiled> {
    const membership = await this.deps.linkAccess.teacherMembershipOf(user, linkId)
    this.deps.linkAccess.assertWritable(membership)
    const pupils = new Map((await this.pupils(membership)).map((p) => [p.pupilId, p]))
    for (const letter of input.letters) this.assertAddressable(pupils, letter)
    const waiting = new Map(
      (await this.deps.paper.pagesOfUpload(linkId, user.schoolId, input.uploadId)).map((p) => [p.mediaId, p]),
    )
    if (waiting.size === 0) throw notFound('Upload')
    if (input.letters.some((l) => l.pageIds.some((id) => waiting.get(id)?.itemId !== null))) throw pageTaken()
    const round = await this.deps.wallRepository.openRound(linkId)
    if (round && nowIso() > round.deadline)
      throw new DomainError('DEADLINE_PASSED', `The writing deadline of “${round.theme}” has passed`)
    const classOf = new Map(
      (await this.deps.wallRepository.pupilsOfClasses(membership.ownClasses.map((c) => c.classId))).map((p) => [
        p.id,
        p.classId,
      ]),
    )
    const ownClassIds = membership.ownClasses.map((c) => c.classId)
    const filed = await this.deps.transaction(async () => {
      const letters: PaperFiled['letters'] = []
      for (const letter of input.letters) {
        // Who every page shows, said now and checked against the photo-consent register (the one
        // rule for every picture): a shown pupil without consent refuses the whole filing.
        for (const pageId of letter.pageIds)
          await this.deps.consent.confirmShown(pageId, letter.shownPupilIds, ownClassIds)
        const itemId = newId()
        await this.deps.wallRepository.insertItem({
          id: itemId,
          linkId,
          roundId: round?.id ?? null,
          kind: 'letter',
          parentId: null,
          body: letter.text,
          caption: '',
          language: user.locale,
          secondLanguage: null,
          secondBody: null,
          // The first page is the letter's picture; the others follow it (paper_pages).
          mediaId: letter.pageIds[0] ?? null,
          sticker: null,
          toPupilId: letter.penPalId,
          authorId: letter.pupilId,
          schoolId: user.schoolId,
          classId: classOf.get(letter.pupilId) ?? null,
          status: 'held',
          createdAt: nowIso(),
        })
        for (const [pageNo, mediaId] of letter.pageIds.entries())
          if (!(await this.deps.paper.fileInto(mediaId, itemId, pageNo))) throw pageTaken()
        await this.deps.moderation.submitted(await this.deps.wall.moderatedItem(user, itemId))
        letters.push({ itemId, pupilId: letter.pupilId, status: 'held' })
      }
      this.deps.events.linkChanged(linkId)
      return letters
    })
    return input.approve ? this.approve(user, filed, input.letters) : { letters: filed, refused: [] }
  }

  private assertAddressable(pupils: Map<string, PaperContext['pupils'][number]>, letter: PaperLetterInput): void {
    const pupil = pupils.get(letter.pupilId)
    // A pupil of another school (a partner's) is as unknown as one that does not exist.
    if (!pupil) throw notFound('Pupil')
    if (letter.penPalId && !pupil.penPals.some((p) => p.pupilId === letter.penPalId))
      throw new DomainError('INVALID_PAYLOAD', 'Letters can be addressed only to a pen pal', {
        fields: { penPalId: 'Not a pen pal' },
      })
  }

  private async approve(user: User, letters: PaperFiled['letters'], inputs: PaperLetterInput[]): Promise<PaperFiled> {
    const refused: PaperFiled['refused'] = []
    for (const [i, letter] of letters.entries()) {
      try {
        const shownPupilIds = inputs[i]?.shownPupilIds ?? []
        await this.deps.moderation.act(user, 'wall_item', letter.itemId, 'approve', { shownPupilIds })
        letter.status = 'published'
      } catch (error) {
        if (!(error instanceof DomainError)) throw error
        refused.push({ itemId: letter.itemId, code: error.code, message: error.message })
      }
    }
    return { letters, refused }
  }

  /**
   * Approving a paper letter from the queue: the wall confirms who its first page shows; the same
   * is recorded for its other pages, so exports and consent withdrawal know every page.
   */
  async confirmOtherPages(user: User, itemId: string, shownPupilIds: string[] | undefined): Promise<void> {
    const pages = await this.deps.paper.pagesOfItems([itemId])
    if (pages.length < 2) return
    const item = await this.deps.wallRepository.findItem(itemId)
    if (!item) return
    const { ownClasses } = await this.deps.linkAccess.teacherMembershipOf(user, item.linkId)
    for (const page of pages.slice(1))
      await this.deps.consent.confirmShown(
        page.mediaId,
        shownPupilIds,
        ownClasses.map((c) => c.classId),
      )
  }

  /**
   * A paper letter deleted (a teacher's moderation decision, or emptied for data protection): its
   * pages go with it, records in the caller's transaction and bytes once it has committed.
   */
  async removePagesOf(itemIds: readonly string[]): Promise<string[]> {
    const mediaIds = await this.deps.paper.detachPages(itemIds)
    if (mediaIds.length === 0) return []
    await this.deps.media.deleteRecords(mediaIds)
    afterCommit(() => void this.deps.media.deleteFiles(mediaIds).catch(() => {}))
    return mediaIds
  }

  /** The letter a page belongs to (none while it waits in its upload). */
  itemsWithPage(mediaId: string): Promise<string[]> {
    return this.deps.paper.itemsWithPage(mediaId)
  }

  /** The facts of the letter a page belongs to, so its bytes follow the one visibility rule. */
  async factsOfPage(mediaId: string): Promise<VisibilityFacts[]> {
    const itemIds = await this.deps.paper.itemsWithPage(mediaId)
    if (itemIds.length === 0) return []
    return [...(await this.deps.moderation.visibilityFacts('wall_item', itemIds)).values()]
  }

  /** Every page of these letters (only letters that came on paper have any), in reading order. */
  async pagesOfItems(itemIds: readonly string[]): Promise<Map<string, PictureRef[]>> {
    const pages = new Map<string, PictureRef[]>()
    for (const page of await this.deps.paper.pagesOfItems(itemIds))
      if (page.itemId) pages.set(page.itemId, [...(pages.get(page.itemId) ?? []), page.picture])
    return pages
  }

  /** Per round and class, the letters that came on paper and online, of those the viewer may see. */
  async summary(user: User, linkId: string): Promise<PaperSummary> {
    const { link } = await this.deps.linkAccess.membershipOf(user, linkId)
    const rounds = await this.deps.wallRepository.roundsOfLink(linkId)
    const letters = (await this.deps.wallRepository.visibleItemsOfLink(linkId, user)).filter(
      (i) => i.kind === 'letter' && i.roundId && i.status !== 'rejected',
    )
    const onPaper = await this.pagesOfItems(letters.map((l) => l.id))
    return {
      rounds: rounds.map((round) => ({
        roundId: round.id,
        theme: round.theme,
        classes: link.classes.map((c) => {
          const mine = letters.filter((l) => l.roundId === round.id && l.classId === c.classId)
          const paper = mine.filter((l) => onPaper.has(l.id)).length
          return { classId: c.classId, className: c.className, paper, online: mine.length - paper }
        }),
      })),
    }
  }
}

const pageTaken = () =>
  new DomainError('PAGE_NOT_AVAILABLE', 'A page is not in this upload, or it is already part of a letter')
