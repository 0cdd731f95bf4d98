import type { User } from '../../../shared/schemas/accounts.js'
import type { Assembly, Attendance, ChatMessage } from '../../../shared/schemas/assemblies.js'
import type { Board, Post } from '../../../shared/schemas/boards.js'
import type { OutcomeState } from '../../../shared/schemas/outcomeReviews.js'
import type { Round, WallItem } from '../../../shared/schemas/wall.js'
import type { AssembliesService } from '../assemblies/assemblies.service.js'
import type { AssemblyChatService } from '../assemblies/assemblyChat.service.js'
import { allReplies } from '../boards/boards.pages.js'
import type { BoardsService } from '../boards/boards.service.js'
import type { AgreementsService, LinkExport } from '../links/agreements.service.js'
import type { OutcomeReviewsService } from '../links/outcomeReviews.service.js'
import type { MediaService } from '../media/media.service.js'
import type { PhotoConsent } from '../media/photoConsent.js'
import { portfolioTexts } from '../portfolio/portfolio.i18n.js'
import type { WallService } from '../wall/wall.service.js'
import { exportAddressee, exportAuthor } from '../portfolio/portfolio.names.js'
import { recordPictures, type RecordPicture } from './linkRecord.pictures.js'

/** Everything a link holds, as its teacher sees it: the partnership's record, kept when the link ends. */
export interface LinkRecord extends LinkExport {
  boards: (Board & { threads: (Post & { replies: Post[] })[] })[]
  wall: { items: WallItem[]; rounds: Round[] }
  assemblies: (Assembly & { attendance: Attendance; chat: ChatMessage[] })[]
  /** Each agreed outcome with every review of it, by each school and together. */
  outcomeReviews: OutcomeState[]
  pictures: RecordPicture[]
}

export interface LinkRecordDeps {
  agreements: AgreementsService
  boards: BoardsService
  wall: WallService
  assemblies: AssembliesService
  assemblyChat: AssemblyChatService
  outcomeReviews: OutcomeReviewsService
  consent: PhotoConsent
  media: MediaService
}

/** What a picture of the record needs of the item that carries it (its text is not kept for the pictures' pass). */
type PictureSource = Parameters<typeof recordPictures>[0][number]

/** Pictures read at once: a batch's bytes are all the export ever holds of them. */
const PICTURE_BATCH = 8

/**
 * The export of a whole link (the exit strategy: a paused or ended link stays readable and
 * exportable). Each part is read through its own feature's service with the teacher's own rights,
 * so the export shows exactly what that teacher may see and nothing more. A file that leaves the app
 * names no pupil ("a pupil in Year 5"), and carries a picture only where everyone shown has photo consent.
 *
 * The record is written as it is read, a page at a time, so a big link's export never sits whole in
 * memory: threads come a page at a time (each with its replies), chat a page at a time, and pictures,
 * the heaviest part, a few at a time at the end. The bytes are the JSON of one `LinkRecord`.
 */
export class LinkRecordService {
  constructor(private readonly deps: LinkRecordDeps) {}

  /**
   * Checks that the user is a teacher of the link (refusing before anything is written), then answers
   * the record's JSON text, piece by piece.
   */
  async exportStream(user: User, linkId: string): Promise<AsyncIterable<string>> {
    const base = await this.deps.agreements.export(user, linkId)
    return this.pieces(user, linkId, base)
  }

  private async *pieces(user: User, linkId: string, base: LinkExport): AsyncGenerator<string> {
    const t = await portfolioTexts(user.locale)
    const named = <T extends Post | WallItem | ChatMessage>(item: T): T => ({
      ...item,
      authorName: exportAuthor(item, t),
    })
    const head = JSON.stringify(base)
    yield head.slice(0, -1)
    const postPictures: PictureSource[] = []
    yield ',"boards":['
    let boardCount = 0
    for (const board of await this.deps.boards.listLinkBoards(user, linkId)) {
      // `{…board,"threads":[]}` opened after its `[`, the threads written into it one by one.
      yield (boardCount++ ? ',' : '') + JSON.stringify({ ...board, threads: [] }).slice(0, -2)
      let threadCount = 0
      for await (const thread of threadsOf(this.deps.boards, user, board.id)) {
        const replies = (await allReplies(this.deps.boards, user, thread.id)).map(named)
        const shown = { ...named(thread), replies }
        for (const item of [shown, ...replies])
          if (item.media) postPictures.push({ kind: 'board_post', item: pictureSourceOf(item) })
        yield (threadCount++ ? ',' : '') + JSON.stringify(shown)
      }
      yield ']}'
    }
    // The wall in the order it was written, a page at a time; its pictures come first in the record's list.
    const wallPictures: PictureSource[] = []
    yield '],"wall":{"items":['
    let itemCount = 0
    for await (const page of this.deps.wall.pagesInOrder(user, linkId)) {
      for (const item of page) {
        const shown = { ...named(item), toPupilName: item.toPupilName ? exportAddressee(t) : null }
        if (item.media) wallPictures.push({ kind: 'wall_item', item: pictureSourceOf(shown) })
        yield (itemCount++ ? ',' : '') + JSON.stringify(shown)
      }
    }
    yield `],"rounds":${JSON.stringify(await this.deps.wall.roundsOf(user, linkId))}}`
    yield ',"assemblies":['
    let assemblyCount = 0
    for (const assembly of await this.deps.assemblies.list(user, linkId)) {
      const attendance = await this.deps.assemblies.attendance(user, assembly.id)
      const chat = (await allChat(this.deps.assemblyChat, user, assembly.id)).map(named)
      yield (assemblyCount++ ? ',' : '') + JSON.stringify({ ...assembly, attendance, chat })
    }
    const outcomeReviews = (await this.deps.outcomeReviews.list(user, linkId)).outcomes
    yield `],"outcomeReviews":${JSON.stringify(outcomeReviews)},"pictures":[`
    // The wall's pictures first, then the boards', as the record has always listed them.
    const sources = [...wallPictures, ...postPictures]
    for (let start = 0; start < sources.length; start += PICTURE_BATCH) {
      const pictures = await recordPictures(sources.slice(start, start + PICTURE_BATCH), this.deps, t)
      yield (start ? ',' : '') + pictures.map((picture) => JSON.stringify(picture)).join(',')
    }
    yield ']}'
  }
}

/** The fields a picture's entry is made of, without the item's text. */
function pictureSourceOf(item: Post | WallItem): PictureSource['item'] {
  return {
    id: item.id,
    media: item.media,
    authorRole: item.authorRole,
    authorName: item.authorName,
    className: item.className,
  } as PictureSource['item']
}

/** A board's threads the user may see, newest activity first, read a page at a time. */
async function* threadsOf(boards: BoardsService, user: User, boardId: string): AsyncGenerator<Post> {
  let before: string | undefined
  do {
    const page = await boards.threads(user, boardId, { limit: 50, ...(before ? { before } : {}) })
    yield* page.items
    before = page.nextCursor ?? undefined
  } while (before)
}

/** Every chat message of an assembly the user may see, oldest first, read a page at a time. */
async function allChat(chat: AssemblyChatService, user: User, assemblyId: string): Promise<ChatMessage[]> {
  const pages: ChatMessage[][] = []
  let before: string | undefined
  do {
    const page = await chat.history(user, assemblyId, { limit: 200, ...(before ? { before } : {}) })
    pages.push(page.items)
    before = page.nextCursor ?? undefined
  } while (before)
  return pages.flat().reverse()
}
