import type { ActivityKind } from '../../../shared/schemas/links.js'
import { newId, nowIso } from '../../domain/ids.js'
import type { AgreementsRepository } from './agreements.repository.js'
import type { LinkEvents } from './linkEvents.js'

/** Activity kinds that show the classes were in touch, for the link-health line. */
const CONTACT_KINDS = new Set<ActivityKind>(['plan_item_done', 'board_post', 'wall_item', 'assembly_held'])

export interface ActivityEntry {
  kind: ActivityKind
  actorId?: string | null
  classId?: string | null
  params?: Record<string, string | number>
}

/**
 * The link's record of what happened, shown on its home page. Other features (boards, wall,
 * assemblies) call `record` when something worth seeing happens in a link.
 */
export class LinkActivityService {
  constructor(
    private readonly repository: AgreementsRepository,
    private readonly events: LinkEvents,
  ) {}

  async record(linkId: string, entry: ActivityEntry): Promise<void> {
    await this.repository.insertActivity({
      id: newId(),
      linkId,
      kind: entry.kind,
      actorId: entry.actorId ?? null,
      classId: entry.classId ?? null,
      params: entry.params ?? {},
      isContact: CONTACT_KINDS.has(entry.kind),
      createdAt: nowIso(),
    })
    this.events.linkChanged(linkId)
  }
}
