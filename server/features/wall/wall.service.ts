import type { User } from '../../../shared/schemas/accounts.js'
import type { Link } from '../../../shared/schemas/links.js'
import type { ModerationInput } from '../../../shared/schemas/moderation.js'
import { decodeCursor, encodeCursor, type PageQuery, type Position } from '../../../shared/schemas/paging.js'
import type { NewRound, NewWallItem, Round, SecondText, WallItem, WallPage } from '../../../shared/schemas/wall.js'
import { DomainError, notFound } from '../../domain/errors.js'
import { newId, nowIso } from '../../domain/ids.js'
import { assertAnotherLanguage, moderatedText, secondTextColumns, secondTextOf } from '../../domain/bilingual.js'
import { canSee, type VisibilityFacts } from '../moderation/visibility.js'
import type { WriteLimiter } from '../moderation/writeLimits.js'
import type { LinkAccess } from '../links/linkAccess.js'
import type { LinkActivityService } from '../links/linkActivity.service.js'
import type { LinkEvents } from '../links/linkEvents.js'
import type { MediaService } from '../media/media.service.js'
import type { PhotoConsent } from '../media/photoConsent.js'
import { pictureRefOf } from '../media/pictureRef.js'
import type { PictureRef } from '../../../shared/schemas/media.js'
import type { ItemChange, ModeratedItem, ModerationService, QueueRecord } from '../moderation/moderation.service.js'
import type { RoundRecord, WallItemRecord, WallRepository } from './wall.repository.js'

export interface WallDeps {
  wall: WallRepository
  linkAccess: LinkAccess
  moderation: ModerationService
  media: MediaService
  /** The one photo-consent rule, shared with board pictures. */
  consent: PhotoConsent
  activity: LinkActivityService
  events: LinkEvents
  limits: WriteLimiter
  /** Runs a write with side effects as one transaction (live events go out after it commits). */
  transaction: <T>(fn: () => Promise<T>) => Promise<T>
  /** Every page of the letters that came on paper (the paper feature), in reading order. */
  pagesOf?: (itemIds: readonly string[]) => Promise<Map<string, PictureRef[]>>
}

/**
 * The exchange wall. Pupils' items go through the shared moderation service; a letter written
 * during an exchange round stays with its own school until the round is released, so letters
 * travel both ways together, like a class post-bag.
 */
export class WallService {
  constructor(private readonly deps: WallDeps) {}

  /** One page of the wall, newest first: its letters and pictures, each with its replies (oldest first), and the link's rounds. */
  async list(user: User, linkId: string, page: PageQuery): Promise<WallPage> {
    const { link } = await this.deps.linkAccess.membershipOf(user, linkId)
    const rounds = await this.deps.wall.roundsOfLink(linkId)
    // Filtered in SQL by the same rule as `canSee` (visibility.property.test.ts keeps them in agreement).
    const found = await this.deps.wall.visibleItemsPage(
      linkId,
      user,
      page.before ? decodeCursor(page.before) : undefined,
      page.limit,
    )
    const roundOf = new Map(rounds.map((r) => [r.id, r]))
    const last = found.items.at(-1)
    const pages = (await this.deps.pagesOf?.(found.items.map((i) => i.id))) ?? new Map<string, PictureRef[]>()
    return {
      items: [...found.items, ...found.replies].map((i) => ({
        ...toItem(i, link, roundOf.get(i.roundId ?? '')),
        ...(pages.has(i.id) ? { pages: pages.get(i.id) } : {}),
      })),
      rounds: await this.toRounds(rounds),
      nextCursor: found.more && last ? encodeCursor(last) : null,
    }
  }

  /**
   * The whole wall the user may see in the order it was written, a page at a time (the link record's
   * export): the same items as `listAll` (a reply only under a letter the user may see), never all held at once.
   */
  async *pagesInOrder(user: User, linkId: string, limit = 100): AsyncGenerator<WallItem[]> {
    const { link } = await this.deps.linkAccess.membershipOf(user, linkId)
    const roundOf = new Map((await this.deps.wall.roundsOfLink(linkId)).map((r) => [r.id, r]))
    let after: Position | undefined
    for (;;) {
      const rows = await this.deps.wall.visibleItemsAfter(linkId, user, after, limit)
      const parents = [...new Set(rows.flatMap((i) => (i.parentId ? [i.parentId] : [])))]
      const shownParents = await this.deps.wall.visibleAmong(linkId, user, parents)
      const shown = rows.filter((i) => !i.parentId || shownParents.has(i.parentId))
      const pages = (await this.deps.pagesOf?.(shown.map((i) => i.id))) ?? new Map<string, PictureRef[]>()
      yield shown.map((i) => ({
        ...toItem(i, link, roundOf.get(i.roundId ?? '')),
        ...(pages.has(i.id) ? { pages: pages.get(i.id) } : {}),
      }))
      const last = rows.at(-1)
      if (rows.length < limit || !last) return
      after = { createdAt: last.createdAt, id: last.id }
    }
  }

  /** The rounds of the link, as its wall shows them. */
  async roundsOf(user: User, linkId: string): Promise<Round[]> {
    await this.deps.linkAccess.membershipOf(user, linkId)
    return this.toRounds(await this.deps.wall.roundsOfLink(linkId))
  }

  /** The whole wall the user may see, page by page, in the order it was written (exports and evidence). */
  async listAll(user: User, linkId: string): Promise<{ items: WallItem[]; rounds: Round[] }> {
    const wall: { items: WallItem[]; rounds: Round[] } = { items: [], rounds: [] }
    let before: string | undefined
    do {
      const page = await this.list(user, linkId, { limit: 100, ...(before ? { before } : {}) })
      wall.rounds = page.rounds
      wall.items.push(...page.items)
      before = page.nextCursor ?? undefined
    } while (before)
    wall.items.sort((a, b) =>
      a.createdAt === b.createdAt ? (a.id < b.id ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1,
    )
    return wall
  }

  async post(user: User, linkId: string, input: NewWallItem): Promise<WallItem> {
    const membership = await this.deps.linkAccess.membershipOf(user, linkId)
    this.deps.linkAccess.assertWritable(membership)
    const round = await this.deps.wall.openRound(linkId)
    if (round && input.kind !== 'reply' && nowIso() > round.deadline) {
      throw new DomainError(
        'DEADLINE_PASSED',
        `The writing deadline of “${round.theme}” has passed; letters go out on its release date`,
      )
    }
    if (input.mediaId) await this.deps.media.assertAttachable(user, input.mediaId, linkId)
    if (input.parentId) {
      const parent = await this.deps.wall.findItem(input.parentId)
      if (!parent || parent.linkId !== linkId || !(await this.visible(parent, user))) throw notFound('Item')
    }
    await this.deps.limits.consume(user, 'wall')
    if (input.toPupilId) await this.assertPenPal(user, membership.link, input.toPupilId)
    if (input.mediaId && user.role === 'teacher') {
      await this.deps.consent.confirmShown(
        input.mediaId,
        input.shownPupilIds,
        membership.ownClasses.map((c) => c.classId),
      )
    }
    assertAnotherLanguage(input.language ?? user.locale, input.secondText)
    const id = newId()
    // The item and its queue row commit together; the live notice goes out after.
    return this.deps.transaction(async () => {
      await this.deps.wall.insertItem({
        id,
        linkId,
        roundId: round?.id ?? null,
        kind: input.kind,
        parentId: input.parentId ?? null,
        body: input.body,
        caption: input.caption,
        language: input.language ?? user.locale,
        ...secondTextColumns(input.secondText),
        mediaId: input.mediaId ?? null,
        sticker: input.sticker ?? null,
        toPupilId: input.toPupilId ?? null,
        authorId: user.id,
        schoolId: user.schoolId,
        classId: user.classId ?? null,
        status: this.deps.moderation.initialStatusFor(user),
        createdAt: nowIso(),
      })
      const record = await this.item(id)
      await this.deps.moderation.submitted(await this.moderatedItem(user, id))
      this.deps.events.linkChanged(linkId)
      return toItem(record, membership.link, round)
    })
  }

  async createRound(user: User, linkId: string, input: NewRound): Promise<Round> {
    const membership = await this.deps.linkAccess.teacherMembershipOf(user, linkId)
    this.deps.linkAccess.assertWritable(membership)
    if (await this.deps.wall.openRound(linkId))
      throw new DomainError('ROUND_ALREADY_OPEN', 'A round is already open in this link: release it first')
    const round: RoundRecord = {
      id: newId(),
      linkId,
      theme: input.theme,
      deadline: new Date(input.deadline).toISOString(),
      releaseAt: new Date(input.releaseAt).toISOString(),
      status: 'open',
      releasedAt: null,
      createdBy: user.id,
      createdAt: nowIso(),
    }
    await this.deps.wall.insertRound(round)
    this.deps.events.linkChanged(linkId)
    return this.toRound(round)
  }

  /** A class's teacher agrees to release early; when every class has agreed, the round goes out. */
  async agreeEarlyRelease(user: User, roundId: string): Promise<Round> {
    const round = await this.round(roundId)
    const { link, ownClasses } = await this.deps.linkAccess.teacherMembershipOf(user, round.linkId)
    if (round.status !== 'open') throw new DomainError('ROUND_RELEASED', 'This round was already released')
    for (const c of ownClasses) await this.deps.wall.agreeEarly(roundId, c.classId, user.id, nowIso())
    const agreed = new Set(await this.deps.wall.earlyAgreements(roundId))
    if (link.classes.every((c) => agreed.has(c.classId)) && (await this.deps.wall.releaseNow(roundId, nowIso())))
      await this.released(round)
    this.deps.events.linkChanged(round.linkId)
    return this.toRound(await this.round(roundId))
  }

  /** Run by every node on a timer: each due round is released by exactly one of them. */
  async releaseDueRounds(now = nowIso()): Promise<number> {
    const released = await this.deps.wall.releaseDue(now)
    for (const round of released) await this.released(round)
    return released.length
  }

  async moderatedItem(user: User, itemId: string): Promise<ModeratedItem> {
    const record = await this.item(itemId)
    const { link } = await this.deps.linkAccess.membershipOf(user, record.linkId)
    const round = record.roundId ? await this.deps.wall.findRound(record.roundId) : undefined
    if (!(await this.visible(record, user))) throw notFound('Item')
    return {
      kind: 'wall_item',
      itemId,
      linkId: record.linkId,
      linkStatus: link.status,
      authorId: record.authorId,
      authorRole: record.authorRole,
      authorName: record.authorName,
      authorSchoolId: record.schoolId,
      className: record.className,
      status: record.status,
      flagged: record.flagged,
      // The second language is moderated with the first: both reach the partner class.
      text: moderatedText(record.caption, record.body, record.secondBody, record.sticker ? `(${record.sticker})` : ''),
      place: round ? round.theme : 'Exchange wall',
    }
  }

  /** Approving a picture: the teacher names who it shows, and everyone shown must have photo consent. */
  async beforeApprove(user: User, itemId: string, input: ModerationInput): Promise<void> {
    const record = await this.item(itemId)
    if (!record.mediaId) return
    const { ownClasses } = await this.deps.linkAccess.teacherMembershipOf(user, record.linkId)
    await this.deps.consent.confirmShown(
      record.mediaId,
      input.shownPupilIds,
      ownClasses.map((c) => c.classId),
    )
  }

  /** Queued items whole (full text, picture) with the visibility rule's facts, in one read. */
  async queueRecords(itemIds: readonly string[]): Promise<Map<string, QueueRecord>> {
    const records = await this.deps.wall.findItems(itemIds)
    return new Map(
      records.map((r) => [
        r.id,
        {
          facts: {
            authorId: r.authorId,
            schoolId: r.schoolId,
            status: r.status,
            toPupilId: r.toPupilId,
            roundOpen: r.roundStatus === 'open',
          },
          detail: {
            heading: r.caption || null,
            body: r.body,
            picture: pictureRefOf(r),
            video: r.kind === 'video',
            roundId: r.roundId,
          },
          pictureClassId: r.mediaId ? r.classId : null,
        },
      ]),
    )
  }

  async applyModeration(itemId: string, change: ItemChange): Promise<void> {
    await this.deps.wall.updateItem(itemId, change)
  }

  async changed(itemId: string): Promise<void> {
    const record = await this.deps.wall.findItem(itemId)
    if (record) this.deps.events.linkChanged(record.linkId)
  }

  /**
   * Withdraws every shared picture showing a pupil whose consent was taken back, on the wall and the
   * boards alike, through the moderation service (audit entry, queue, live removal), as the teacher
   * who changed the consent.
   */
  async withdrawPicturesOf(user: User, pupilId: string): Promise<void> {
    await this.deps.moderation.withdrawPicturesForConsent(user, await this.deps.consent.mediaShowing(pupilId))
  }

  /** The visibility rule's facts about wall items: a letter of an open round stays with its own school. */
  async visibilityFacts(itemIds: readonly string[]): Promise<Map<string, VisibilityFacts>> {
    const facts = new Map<string, VisibilityFacts>()
    for (const record of await this.deps.wall.findItems(itemIds)) {
      facts.set(record.id, {
        authorId: record.authorId,
        schoolId: record.schoolId,
        status: record.status,
        toPupilId: record.toPupilId,
        roundOpen: record.roundStatus === 'open',
      })
    }
    return facts
  }

  async visible(item: WallItemRecord, viewer: User): Promise<boolean> {
    const flaggers = await this.deps.moderation.flaggersOf('wall_item', [item.id])
    return canSee({ ...item, roundOpen: item.roundStatus === 'open', flaggedBy: flaggers.get(item.id) ?? [] }, viewer)
  }

  /** Rounds as shown, their early agreements read in one query (not one per round). */
  async toRounds(rounds: RoundRecord[]): Promise<Round[]> {
    const agreed = await this.deps.wall.earlyAgreementsOf(rounds.map((r) => r.id))
    return rounds.map((round) => this.shownRound(round, agreed.get(round.id) ?? []))
  }

  async toRound(round: RoundRecord): Promise<Round> {
    return this.shownRound(round, await this.deps.wall.earlyAgreements(round.id))
  }

  private shownRound(round: RoundRecord, earlyReleaseClassIds: string[]): Round {
    return {
      id: round.id,
      linkId: round.linkId,
      theme: round.theme,
      deadline: round.deadline,
      releaseAt: round.releaseAt,
      status: round.status,
      releasedAt: round.releasedAt,
      earlyReleaseClassIds,
      createdAt: round.createdAt,
    }
  }

  async round(roundId: string): Promise<RoundRecord> {
    const round = await this.deps.wall.findRound(roundId)
    if (!round) throw notFound('Round')
    return round
  }

  private async released(round: RoundRecord): Promise<void> {
    await this.deps.activity.record(round.linkId, { kind: 'wall_item', params: { theme: round.theme } })
  }

  private async assertPenPal(user: User, link: Link, toPupilId: string): Promise<void> {
    const groups = await this.deps.wall.penPals(link.id)
    const mine = groups.find((g) => g.pupilId === user.id)?.groupId
    const theirs = groups.find((g) => g.pupilId === toPupilId)?.groupId
    if (user.role === 'pupil' ? !mine || mine !== theirs : !theirs)
      throw new DomainError('INVALID_PAYLOAD', 'Letters can be addressed only to a pen pal', {
        fields: { toPupilId: 'Not a pen pal' },
      })
  }

  /**
   * A teacher of the writer's school adds (or corrects) the letter's text in a second language, for
   * instance while approving it. Her own words need no approval; the letter keeps its moderation state.
   */
  async setSecondText(user: User, itemId: string, input: SecondText): Promise<WallItem> {
    const record = await this.item(itemId)
    const membership = await this.deps.linkAccess.teacherMembershipOf(user, record.linkId)
    this.deps.linkAccess.assertWritable(membership)
    if (record.schoolId !== user.schoolId || record.status === 'deleted') throw notFound('Item')
    if (record.kind !== 'letter')
      throw new DomainError('INVALID_PAYLOAD', 'Only a letter carries a second language', {
        fields: { language: 'letters only' },
      })
    assertAnotherLanguage(record.language, input)
    return this.deps.transaction(async () => {
      await this.deps.wall.updateItem(itemId, secondTextColumns(input))
      // A held letter's queue row shows the text the teacher approves: both languages, as they are now.
      await this.deps.moderation.submitted(await this.moderatedItem(user, itemId))
      const round = record.roundId ? await this.deps.wall.findRound(record.roundId) : undefined
      this.deps.events.linkChanged(record.linkId)
      return toItem(await this.item(itemId), membership.link, round)
    })
  }

  private async item(id: string): Promise<WallItemRecord> {
    const record = await this.deps.wall.findItem(id)
    if (!record) throw notFound('Item')
    return record
  }
}

export function toItem(record: WallItemRecord, link: Link, round: RoundRecord | undefined): WallItem {
  const linkClass = link.classes.find((c) =>
    record.classId ? c.classId === record.classId : c.schoolId === record.schoolId,
  )
  return {
    id: record.id,
    linkId: record.linkId,
    roundId: record.roundId,
    kind: record.kind,
    parentId: record.parentId,
    body: record.body,
    caption: record.caption,
    language: record.language,
    secondText: secondTextOf(record),
    mediaId: record.mediaId,
    media: pictureRefOf(record),
    sticker: (record.sticker as WallItem['sticker']) ?? null,
    toPupilId: record.toPupilId,
    toPupilName: record.toPupilName,
    authorId: record.authorId,
    authorName: record.authorName,
    authorRole: record.authorRole,
    schoolId: record.schoolId,
    classId: record.classId,
    className: record.className,
    colorIndex: linkClass?.colorIndex ?? null,
    status: record.status,
    rejectReason: record.rejectReason,
    editNote: record.editNote,
    flagged: record.flagged,
    released: !round || round.status === 'released',
    createdAt: record.createdAt,
  }
}
