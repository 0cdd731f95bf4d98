import type { z } from 'zod'
import type { Ack } from '../errors.js'
import type { LinkPresence, LinkRoomPayload, linkRoomPayloadSchema } from '../schemas/links.js'

export interface LinksClientEvents {
  /** Enter a link's room: presence, live changes. Refused (NOT_FOUND) for anyone outside the link. */
  'link:join': (payload: z.input<typeof linkRoomPayloadSchema>, ack: (res: Ack<LinkPresence>) => void) => void
  'link:leave': (payload: z.input<typeof linkRoomPayloadSchema>, ack: (res: Ack<null>) => void) => void
}

export interface LinksServerEvents {
  /** Which of the link's classes have someone online now: the whole set, coalesced, sent when it changes. */
  'link:presence': (payload: LinkPresence) => void
  /** Something about the link changed (agreement, status, plan, activity): fetch it again. */
  'link:changed': (payload: LinkRoomPayload) => void
  /** Link requests to or from one of my school's classes changed. */
  'linkRequests:changed': (payload: Record<string, never>) => void
}
