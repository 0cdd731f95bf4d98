import type { Ack } from './errors.js'
import type { BoardEvent, BoardJoinResult } from './schemas/boards.js'

/**
 * Where a client stands in one board's numbered log of changes, kept apart from React so it can be
 * tested alone. Each event is applied once, in order; a gap (an event missed during an outage, or
 * one announced late by another node) starts a catch-up that pages until nothing is missing, and a
 * board too far behind is reloaded whole.
 */
/** How many refusals in a row a catch-up waits out before leaving it to the next event or reconnect. */
const MAX_REFUSALS = 5

export class BoardCursor {
  private lastSeq: number | undefined
  private running: Promise<void> | null = null
  private again = false

  constructor(
    private readonly boardId: string,
    private readonly join: (after: number | undefined) => Promise<Ack<BoardJoinResult>>,
    private readonly apply: (event: BoardEvent | 'all') => void,
    private readonly wait: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  /** The last event applied (undefined before the first join answers). */
  get seq(): number | undefined {
    return this.lastSeq
  }

  receive(event: BoardEvent): void {
    if (event.boardId !== this.boardId) return
    if (this.lastSeq !== undefined && event.seq <= this.lastSeq) return
    if (this.lastSeq !== undefined && event.seq === this.lastSeq + 1 && !this.running) {
      this.lastSeq = event.seq
      this.apply(event)
      return
    }
    // A gap, or a join still under way: the catch-up brings this event along with what came before it.
    void this.catchUp()
  }

  /** Asks for everything after the last applied event, page by page; safe to call at any time. */
  catchUp(): Promise<void> {
    if (this.running) {
      this.again = true
      return this.running
    }
    this.running = this.run().finally(() => {
      this.running = null
    })
    return this.running
  }

  private async run(): Promise<void> {
    let refusals = 0
    do {
      this.again = false
      for (;;) {
        let res: Ack<BoardJoinResult>
        try {
          res = await this.join(this.lastSeq)
        } catch {
          return // No answer (offline, timed out): the next event or reconnect tries again.
        }
        if (!res.ok) {
          // Refused for now (the database restarting, too many requests): try again when told to.
          const retryAfter = res.error.retryAfterSeconds
          if (retryAfter === undefined || ++refusals > MAX_REFUSALS) return
          await this.wait(Math.min(retryAfter, 10) * 1000)
          continue
        }
        refusals = 0
        const page = res.data
        if (page.reload) {
          this.lastSeq = page.lastSeq
          this.apply('all')
          break
        }
        for (const event of page.events) {
          if (this.lastSeq === undefined || event.seq > this.lastSeq) this.apply(event)
        }
        this.lastSeq = Math.max(this.lastSeq ?? 0, page.lastSeq)
        if (!page.more) break
      }
    } while (this.again)
  }
}
