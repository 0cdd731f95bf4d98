import type { User } from '../../../shared/schemas/accounts.js'
import type { Assembly, Attendance, ChatMessage } from '../../../shared/schemas/assemblies.js'
import type { Board, Post } from '../../../shared/schemas/boards.js'
import type { Round, WallItem } from '../../../shared/schemas/wall.js'
import type { AssembliesService } from '../assemblies/assemblies.service.js'
import type { AssemblyChatService } from '../assemblies/assemblyChat.service.js'
import type { BoardsService } from '../boards/boards.service.js'
import type { AgreementsService, LinkExport } from '../links/agreements.service.js'
import type { WallService } from '../wall/wall.service.js'

const PAGE_SIZE = 50

/** Everything a link holds, as its teacher sees it: the partnership's record, kept when the link ends. */
export interface LinkRecord extends LinkExport {
  boards: (Board & { threads: (Post & { replies: Post[] })[] })[]
  wall: { items: WallItem[]; rounds: Round[] }
  assemblies: (Assembly & { attendance: Attendance; chat: ChatMessage[] })[]
}

export interface LinkRecordDeps {
  agreements: AgreementsService
  boards: BoardsService
  wall: WallService
  assemblies: AssembliesService
  assemblyChat: AssemblyChatService
}

/**
 * The export of a whole link (the exit strategy: a paused or ended link stays readable and
 * exportable). Each part is read through its own feature's service with the teacher's own rights,
 * so the export shows exactly what that teacher may see and nothing more.
 */
export class LinkRecordService {
  constructor(private readonly deps: LinkRecordDeps) {}

  async export(user: User, linkId: string): Promise<LinkRecord> {
    // Checks that the user is a teacher of the link before anything else is read.
    const base = await this.deps.agreements.export(user, linkId)
    const boards: LinkRecord['boards'] = []
    for (const board of await this.deps.boards.listLinkBoards(user, linkId)) {
      const threads: LinkRecord['boards'][number]['threads'] = []
      for (let page = 1; ; page++) {
        const batch = await this.deps.boards.threads(user, board.id, { page, pageSize: PAGE_SIZE })
        for (const thread of batch.items) threads.push({ ...thread, replies: (await this.deps.boards.thread(user, thread.id)).replies })
        if (page * PAGE_SIZE >= batch.total || batch.items.length === 0) break
      }
      boards.push({ ...board, threads })
    }
    const assemblies: LinkRecord['assemblies'] = []
    for (const assembly of await this.deps.assemblies.list(user, linkId)) {
      assemblies.push({
        ...assembly,
        attendance: await this.deps.assemblies.attendance(user, assembly.id),
        chat: (await this.deps.assemblyChat.watch(user, assembly.id)).messages,
      })
    }
    const wall = await this.deps.wall.listAll(user, linkId)
    return { ...base, boards, wall, assemblies }
  }
}
