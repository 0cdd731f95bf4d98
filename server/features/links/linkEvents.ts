import { linkRoom, schoolTeachersRoom } from '../../realtime/rooms.js'
import type { AppServer } from '../../realtime/types.js'
import { afterCommit } from '../../storage/transaction.js'

/**
 * What link services tell the world after a change. A port, so services stay free of Socket.IO;
 * the Socket.IO implementation is attached once the server exists.
 */
export interface LinkEvents {
  /** The link's agreement, status, plan or activity changed: members fetch it again. */
  linkChanged(linkId: string): void
  /** Link requests of these schools changed. */
  requestsChanged(schoolIds: string[]): void
}

export class SocketLinkEvents implements LinkEvents {
  private io: AppServer | undefined

  attach(io: AppServer): void {
    this.io = io
  }

  linkChanged(linkId: string): void {
    afterCommit(() => this.io?.to(linkRoom(linkId)).emit('link:changed', { linkId }))
  }

  requestsChanged(schoolIds: string[]): void {
    const io = this.io
    if (!io || schoolIds.length === 0) return
    afterCommit(() => io.to([...new Set(schoolIds)].map(schoolTeachersRoom)).emit('linkRequests:changed', {}))
  }
}
