import type { Logger } from 'pino'
import type { LinkPresence } from '../../../shared/schemas/links.js'
import { linkRoom } from '../../realtime/rooms.js'
import type { AppServer, AppSocket } from '../../realtime/types.js'

/** Joins and leaves within this long are told to a link's room as one update. */
const COALESCE_MS = 50
/** How long a node waits for the other nodes' answers before going with what it has. */
const ASK_TIMEOUT_MS = 2000
/** An update that could not hear from every node is tried again this many times before it goes out as it is. */
const ANNOUNCE_TRIES = 3

/**
 * Which classes of each link have someone online, kept as counts per node so a join or a leave costs
 * the same however many are in the room: each socket's classes are counted once, when it joins
 * (its membership is checked then anyway), and the room is told only when the set of classes online
 * changes — coalesced, so a class arriving on 30 computers at once is one message, not 30 times 30.
 * With several nodes each keeps its own counts and a node asks the others (through the adapter) for
 * theirs only when it must answer with the whole set: a join, or a change it announces.
 */
export class LinkPresenceTracker {
  /** linkId → classId → sockets on this node. */
  private readonly counts = new Map<string, Map<string, number>>()
  /** What each socket was counted as, to take it back out exactly once. */
  private readonly counted = new WeakMap<AppSocket, Map<string, readonly string[]>>()
  /** Links with an update due, with this node's set before the first change: a leave and a rejoin inside the window send nothing. */
  private readonly pending = new Map<string, { timer: NodeJS.Timeout; before: string; tries: number }>()

  constructor(
    private readonly io: AppServer,
    private readonly logger: Logger,
    private readonly closing: () => boolean,
  ) {
    io.on('presence:ask', (linkId, ack) => ack(this.local(linkId)))
  }

  /** Counts a socket in a link (once however often it joins) and answers the link's whole set. */
  async join(socket: AppSocket, linkId: string, classIds: readonly string[]): Promise<LinkPresence> {
    const mine = this.counted.get(socket) ?? new Map<string, readonly string[]>()
    this.counted.set(socket, mine)
    if (!mine.has(linkId)) {
      mine.set(linkId, classIds)
      this.shift(linkId, classIds, 1)
    }
    return this.current(linkId)
  }

  /** Takes a socket out of a link (or of every link it was in, with no linkId: it disconnected). */
  leave(socket: AppSocket, linkId?: string): void {
    const mine = this.counted.get(socket)
    if (!mine) return
    for (const [id, classIds] of [...mine]) {
      if (linkId !== undefined && id !== linkId) continue
      mine.delete(id)
      this.shift(id, classIds, -1)
    }
  }

  /** The classes online on every node. */
  async current(linkId: string): Promise<LinkPresence> {
    return (await this.gather(linkId)).presence
  }

  /** The classes online on every node, and whether every node answered. */
  private async gather(linkId: string): Promise<{ presence: LinkPresence; complete: boolean; nodes: number }> {
    const online = new Set(this.local(linkId))
    const others = await this.others(linkId)
    for (const classIds of others.sets) for (const id of classIds) online.add(id)
    return { presence: { linkId, onlineClassIds: [...online].sort() }, complete: others.complete, nodes: others.nodes }
  }

  /** Classes online on this node. */
  local(linkId: string): string[] {
    return [...(this.counts.get(linkId)?.keys() ?? [])].sort()
  }

  /** Changes the counts, and schedules an update when a class came online or went offline on this node. */
  private shift(linkId: string, classIds: readonly string[], by: 1 | -1): void {
    const before = this.local(linkId).join(',')
    const counts = this.counts.get(linkId) ?? new Map<string, number>()
    this.counts.set(linkId, counts)
    let changed = false
    for (const classId of classIds) {
      const next = (counts.get(classId) ?? 0) + by
      if (next > 0) counts.set(classId, next)
      else counts.delete(classId)
      if (next === 0 || (by === 1 && next === 1)) changed = true
    }
    if (counts.size === 0) this.counts.delete(linkId)
    if (changed && !this.pending.has(linkId)) this.schedule(linkId, before, 0, COALESCE_MS)
  }

  private schedule(linkId: string, before: string, tries: number, delayMs: number): void {
    const timer = setTimeout(() => void this.announce(linkId), delayMs)
    timer.unref()
    this.pending.set(linkId, { timer, before, tries })
  }

  private async announce(linkId: string): Promise<void> {
    const due = this.pending.get(linkId)
    this.pending.delete(linkId)
    if (!due || this.closing()) return
    const gathered = await this.gather(linkId).catch((error: unknown) => {
      this.logger.warn({ err: error }, 'presence update failed')
      return undefined
    })
    if (!gathered || this.closing()) return
    // On one node its own set is all the room was told, so a leave and a rejoin inside the window change
    // nothing. With several, another node may have told the room this node's set meanwhile (it asked us
    // for it), so the update always goes.
    if (gathered.nodes <= 1 && due.before === gathered.presence.onlineClassIds.join(',')) return
    // A node that did not answer (busy, or dying) would make the set wrong for everyone: ask again, unless
    // a newer change has already scheduled its own update; after the last try, go with what was heard.
    if (!gathered.complete && due.tries + 1 < ANNOUNCE_TRIES) {
      if (!this.pending.has(linkId)) this.schedule(linkId, due.before, due.tries + 1, COALESCE_MS)
      return
    }
    // Presence is state, not a stream: not volatile, or a dropped update would leave a class shown
    // online (or offline) until the next change.
    this.io.to(linkRoom(linkId)).emit('link:presence', gathered.presence)
  }

  /** The other nodes' sets; none to ask on a single node (the in-memory adapter cannot). */
  private async others(linkId: string): Promise<{ sets: string[][]; complete: boolean; nodes: number }> {
    const nodes = await this.io.of('/').adapter.serverCount()
    if (nodes <= 1) return { sets: [], complete: true, nodes }
    return new Promise((resolve) => {
      // A node that does not answer in time (dying, say) is left out rather than holding everyone up.
      const timer = setTimeout(() => resolve({ sets: [], complete: false, nodes }), ASK_TIMEOUT_MS)
      this.io.serverSideEmit('presence:ask', linkId, (error: Error | null, replies: string[][]) => {
        clearTimeout(timer)
        if (error) this.logger.debug({ err: error }, 'a node did not answer for presence')
        const sets = replies ?? []
        resolve({ sets, complete: !error && sets.length >= nodes - 1, nodes })
      })
    })
  }

  /** Stops pending updates (the server is closing). */
  close(): void {
    for (const { timer } of this.pending.values()) clearTimeout(timer)
    this.pending.clear()
  }
}
