import type { User } from '../../../shared/schemas/accounts.js'
import type { ChatMessage, ChatPage, ChatWatchResult } from '../../../shared/schemas/assemblies.js'
import type { PageQuery } from '../../../shared/schemas/paging.js'
import { positionOf } from '../../storage/paging.js'
import type { Link } from '../../../shared/schemas/links.js'
import { DomainError, notFound } from '../../domain/errors.js'
import { newId, nowIso } from '../../domain/ids.js'
import type { LinkAccess } from '../links/linkAccess.js'
import type {
  ItemChange,
  ModeratedItem,
  ModerationAdapter,
  ModerationService,
} from '../moderation/moderation.service.js'
import { canSee, type VisibilityFacts } from '../moderation/visibility.js'
import type { WriteLimiter } from '../moderation/writeLimits.js'
import type { AssembliesService } from './assemblies.service.js'
import { CHAT_HISTORY_LIMIT, type AssemblyChatRepository, type ChatMessageRecord } from './assemblyChat.repository.js'

/** Tells the assembly's chat followers about a message or a setting; Socket.IO picks the rooms. */
export interface AssemblyChatEventsPort {
  publish(message: ChatMessage, flaggedBy: readonly string[]): void
  settingsChanged(assemblyId: string, pupilChatAllowed: boolean): void
}

export interface AssemblyChatDeps {
  chat: AssemblyChatRepository
  assemblies: AssembliesService
  linkAccess: LinkAccess
  moderation: ModerationService
  events: AssemblyChatEventsPort
  limits: WriteLimiter
  /** Runs a write with side effects as one transaction (live events go out after it commits). */
  transaction: <T>(fn: () => Promise<T>) => Promise<T>
}

/**
 * The text chat of an assembly. Class computers (signed in by teachers) publish at once. Pupils may
 * follow the assembly's chat from their own device; what they write goes through the shared
 * moderation service and is held for a teacher of their school unless the host allows pupil chat.
 */
export class AssemblyChatService {
  constructor(private readonly deps: AssemblyChatDeps) {}

  /** The newest messages the user may see, oldest first, and the cursor to the page before them. */
  async watch(user: User, assemblyId: string): Promise<ChatWatchResult> {
    const { record } = await this.deps.assemblies.visible(user, assemblyId)
    const page = await this.deps.chat.pageOfAssembly(assemblyId, user, undefined, CHAT_HISTORY_LIMIT)
    return {
      messages: page.items.map(toMessage).reverse(),
      nextCursor: page.nextCursor,
      pupilChatAllowed: Boolean(record.pupilChatAllowed),
    }
  }

  /** A page of older messages the user may see (the visibility rule applied in SQL), newest first. */
  async history(user: User, assemblyId: string, page: PageQuery): Promise<ChatPage> {
    await this.deps.assemblies.visible(user, assemblyId)
    const found = await this.deps.chat.pageOfAssembly(assemblyId, user, positionOf(page), page.limit)
    return { items: found.items.map(toMessage), nextCursor: found.nextCursor }
  }

  async send(user: User, assemblyId: string, text: string): Promise<ChatMessage> {
    const { record, link, membership } = await this.deps.assemblies.visible(user, assemblyId)
    if (record.status !== 'open')
      throw new DomainError('ASSEMBLY_NOT_OPEN', 'The chat is open only while the assembly is')
    this.deps.linkAccess.assertWritable(membership)
    await this.deps.limits.consume(user, 'chat')
    const ownClass = membership.ownClasses[0]
    const held = user.role === 'pupil' && !record.pupilChatAllowed
    const message: ChatMessageRecord = {
      id: newId(),
      assemblyId,
      authorId: user.id,
      authorRole: user.role,
      authorName: user.displayName,
      schoolId: user.schoolId,
      className: ownClass?.className ?? null,
      colorIndex: ownClass?.colorIndex ?? null,
      text,
      status: held ? 'held' : 'published',
      rejectReason: null,
      editNote: null,
      flagged: false,
      createdAt: nowIso(),
    }
    // The message and its queue row commit together; the live message goes out after.
    await this.deps.transaction(async () => {
      await this.deps.chat.insert(message)
      await this.deps.moderation.submitted(toModeratedItem(message, link, record.title))
      this.deps.events.publish(toMessage(message), [])
    })
    return toMessage(message)
  }

  async setPupilChat(user: User, assemblyId: string, allowed: boolean) {
    const assembly = await this.deps.assemblies.setPupilChat(user, assemblyId, allowed)
    this.deps.events.settingsChanged(assemblyId, allowed)
    return assembly
  }

  /** The moderation service's view of a message; NOT_FOUND for anyone who may not see it. */
  async moderatedItem(viewer: User, messageId: string): Promise<ModeratedItem> {
    const message = await this.deps.chat.find(messageId)
    if (!message) throw notFound('Message')
    const { record, link } = await this.deps.assemblies.visible(viewer, message.assemblyId)
    const flaggers = await this.deps.moderation.flaggersOf('chat_message', [messageId])
    if (!canSee({ ...message, flaggedBy: flaggers.get(messageId) ?? [] }, viewer)) throw notFound('Message')
    return toModeratedItem(message, link, record.title)
  }

  async applyModeration(messageId: string, change: ItemChange): Promise<void> {
    await this.deps.chat.update(messageId, {
      status: change.status,
      flagged: change.flagged,
      rejectReason: change.rejectReason,
      editNote: change.editNote,
      text: change.body,
    })
  }

  async changed(messageId: string): Promise<void> {
    const message = await this.deps.chat.find(messageId)
    if (!message) return
    const flaggers = await this.deps.moderation.flaggersOf('chat_message', [messageId])
    this.deps.events.publish(toMessage(message), flaggers.get(messageId) ?? [])
  }

  async visibilityFacts(messageIds: readonly string[]): Promise<Map<string, VisibilityFacts>> {
    const facts = new Map<string, VisibilityFacts>()
    // One read for the whole queue page, not one per message.
    for (const m of await this.deps.chat.findMany(messageIds))
      facts.set(m.id, { authorId: m.authorId, schoolId: m.schoolId, status: m.status })
    return facts
  }
}

/** Chat messages in the shared moderation service. */
export function chatMessagesAdapter(chat: AssemblyChatService): ModerationAdapter {
  return {
    kind: 'chat_message',
    load: (viewer, itemId) => chat.moderatedItem(viewer, itemId),
    apply: (itemId, change) => chat.applyModeration(itemId, change),
    changed: (itemId) => chat.changed(itemId),
    visibilityFacts: (itemIds) => chat.visibilityFacts(itemIds),
  }
}

function toModeratedItem(message: ChatMessageRecord, link: Link, assemblyTitle: string): ModeratedItem {
  return {
    kind: 'chat_message',
    itemId: message.id,
    linkId: link.id,
    linkStatus: link.status,
    authorId: message.authorId,
    authorRole: message.authorRole,
    authorName: message.authorName,
    authorSchoolId: message.schoolId,
    className: message.className,
    status: message.status,
    flagged: message.flagged,
    text: message.text,
    place: assemblyTitle,
  }
}

function toMessage(record: ChatMessageRecord): ChatMessage {
  return { ...record }
}
