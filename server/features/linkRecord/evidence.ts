import type { User } from '../../../shared/schemas/accounts.js'
import type { Assembly } from '../../../shared/schemas/assemblies.js'
import type { Post } from '../../../shared/schemas/boards.js'
import type { EvidenceOption } from '../../../shared/schemas/outcomeReviews.js'
import type { Round } from '../../../shared/schemas/wall.js'
import type { AssembliesService } from '../assemblies/assemblies.service.js'
import { allThreads } from '../boards/boards.pages.js'
import type { BoardsService } from '../boards/boards.service.js'
import type { WallService } from '../wall/wall.service.js'

export interface LinkRecordParts {
  assemblies: Assembly[]
  rounds: Round[]
  threads: Post[]
}

/**
 * The parts of a link's record that count as evidence (assemblies, exchange rounds, threads), read
 * through each feature's service with the viewer's own rights: nobody picks what they may not see.
 */
export class LinkEvidence {
  constructor(private readonly deps: { boards: BoardsService; wall: WallService; assemblies: AssembliesService }) {}

  async parts(user: User, linkId: string): Promise<LinkRecordParts> {
    const assemblies = await this.deps.assemblies.list(user, linkId)
    const { rounds } = await this.deps.wall.list(user, linkId, { limit: 1 })
    const threads: Post[] = []
    for (const board of await this.deps.boards.listLinkBoards(user, linkId)) {
      threads.push(...(await allThreads(this.deps.boards, user, board.id)))
    }
    return { assemblies, rounds, threads }
  }

  async options(user: User, linkId: string): Promise<EvidenceOption[]> {
    const { assemblies, rounds, threads } = await this.parts(user, linkId)
    return [
      ...assemblies.map((a) => ({
        kind: 'assembly' as const,
        id: a.id,
        title: a.title,
        date: a.openedAt ?? a.startsAt,
      })),
      ...rounds.map((r) => ({ kind: 'round' as const, id: r.id, title: r.theme, date: r.releasedAt ?? r.releaseAt })),
      ...threads
        .filter((t) => t.status === 'published')
        .map((t) => ({ kind: 'thread' as const, id: t.id, title: t.title ?? '', date: t.createdAt })),
    ].sort((a, b) => b.date.localeCompare(a.date))
  }
}
