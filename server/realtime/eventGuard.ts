import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible'
import type { Logger } from 'pino'
import type { ClientToServerEvents } from '../../shared/events.js'
import type { ApiError } from '../../shared/errors.js'
import type { AppServer, AppSocket } from './types.js'

export type ClientEvent = keyof ClientToServerEvents

export interface SocketLimits {
  /** Tokens one socket may spend per 10 seconds. */
  perSocket: number
  /** Tokens one person may spend per 10 seconds over all her sockets on this node. */
  perUser: number
}

export const DEFAULT_SOCKET_LIMITS: SocketLimits = { perSocket: 150, perUser: 450 }
const WINDOW_SECONDS = 10

/**
 * Joining a room answers with a catch-up read from the database (and a board's may be long), so a
 * join costs more than a cheap event such as a hand or a signalling message.
 */
export const EVENT_COST: Partial<Record<ClientEvent, number>> = {
  'board:join': 5,
  'link:join': 5,
  'assembly:join': 5,
  'assembly:chat-watch': 5,
}

/** The largest payload an event takes, as JSON; signalling carries SDP (up to 100 KB) and has its own cap. */
export const MAX_PAYLOAD_BYTES = 64 * 1024
export const EVENT_MAX_BYTES: Partial<Record<ClientEvent, number>> = { 'assembly:signal': 128 * 1024 }

/**
 * Handlers one socket may have running at once; admitted calls beyond it wait their turn (at most a
 * window's tokens of them), so a burst cannot pile up concurrent database reads and answers.
 */
export const MAX_IN_FLIGHT = 8

/** Refusals one socket may collect per 10 seconds before it is disconnected as a flood. */
export const MAX_REFUSALS = 1000

const rateLimited = (retryAfterSeconds: number): ApiError => ({
  code: 'RATE_LIMITED',
  message: 'Too many requests on this connection. Please wait a moment.',
  retryAfterSeconds,
})

/**
 * Per-node token buckets for socket events, one per socket and one per person (so opening more tabs
 * does not buy more), plus a cap on handlers running at once per socket. A socket that keeps sending
 * after being refused is disconnected.
 */
export class EventGuard {
  private readonly sockets: RateLimiterMemory
  private readonly users: RateLimiterMemory
  private readonly refusals = new RateLimiterMemory({
    points: MAX_REFUSALS,
    duration: WINDOW_SECONDS,
    keyPrefix: 'refusals',
  })
  private readonly slots = new WeakMap<AppSocket, { running: number; waiting: (() => void)[] }>()
  private readonly turns: (() => void)[] = []
  private taking = false

  constructor(
    limits: SocketLimits,
    private readonly logger?: Logger,
  ) {
    this.sockets = new RateLimiterMemory({ points: limits.perSocket, duration: WINDOW_SECONDS, keyPrefix: 'socket' })
    this.users = new RateLimiterMemory({ points: limits.perUser, duration: WINDOW_SECONDS, keyPrefix: 'user' })
  }

  /** Takes the event's tokens, then waits for a handler slot; a refusal to acknowledge, or undefined to go ahead. */
  async admit(socket: AppSocket, event: ClientEvent): Promise<ApiError | undefined> {
    const cost = EVENT_COST[event] ?? 1
    try {
      await this.sockets.consume(socket.id, cost)
      await this.users.consume(socket.data.user?.id ?? socket.id, cost)
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error
      return this.refuse(socket, rateLimited(Math.max(1, Math.ceil(error.msBeforeNext / 1000))))
    }
    let slot = this.slots.get(socket)
    if (!slot) this.slots.set(socket, (slot = { running: 0, waiting: [] }))
    if (slot.running < MAX_IN_FLIGHT) slot.running++
    else await new Promise<void>((resolve) => slot.waiting.push(resolve))
    await this.turn()
    return undefined
  }

  /**
   * Handlers start one per turn of the event loop. With SQLite every query is synchronous, so a burst
   * of admitted catch-ups started together would run back to back without letting any other request
   * in; one at a time, each waits at most for the handler before it.
   */
  private turn(): Promise<void> {
    return new Promise((resolve) => {
      this.turns.push(resolve)
      if (!this.taking) {
        this.taking = true
        setImmediate(() => this.nextTurn())
      }
    })
  }

  private nextTurn(): void {
    this.turns.shift()?.()
    // Scheduled from inside the check phase, so it runs after the next poll for I/O.
    if (this.turns.length) setImmediate(() => this.nextTurn())
    else this.taking = false
  }

  /** Gives the handler slot taken by admit() to the next waiting call, or back. */
  done(socket: AppSocket): void {
    const slot = this.slots.get(socket)
    if (!slot) return
    const next = slot.waiting.shift()
    if (next) next()
    else slot.running = Math.max(0, slot.running - 1)
  }

  private async refuse(socket: AppSocket, error: ApiError): Promise<ApiError> {
    try {
      await this.refusals.consume(socket.id)
    } catch {
      // After the answers already on their way, so the client sees why before the line drops.
      setImmediate(() => {
        if (!socket.connected) return
        this.logger?.warn({ userId: socket.data.user?.id, socketId: socket.id }, 'socket disconnected for flooding')
        socket.disconnect(true)
      })
    }
    return error
  }
}

const guards = new WeakMap<AppServer, EventGuard>()

/** Sets the limits for the sockets of one Socket.IO server (one node). */
export function attachEventGuard(io: AppServer, limits: SocketLimits, logger?: Logger): EventGuard {
  const guard = new EventGuard(limits, logger)
  guards.set(io, guard)
  return guard
}

/** The guard of the server this socket belongs to; one with the default limits if none was attached. */
export function guardOf(socket: AppSocket): EventGuard {
  const io = socket.nsp.server as AppServer
  let guard = guards.get(io)
  if (!guard) {
    guard = new EventGuard(DEFAULT_SOCKET_LIMITS)
    guards.set(io, guard)
  }
  return guard
}

/**
 * Whether a payload, written as JSON, would be larger than `limit` bytes or nested deeper than
 * `maxDepth`. Walks the value once and stops as soon as the answer is known, so a hostile payload
 * costs no more than the limit.
 */
export function exceedsSize(value: unknown, limit: number, maxDepth = 32): boolean {
  let size = 0
  const stack: [unknown, number][] = [[value, 0]]
  while (stack.length) {
    const [item, depth] = stack.pop()!
    if (depth > maxDepth) return true
    if (typeof item === 'string') size += item.length + 2
    else if (typeof item === 'number' || typeof item === 'boolean' || item === null || item === undefined) size += 5
    else if (typeof item === 'object') {
      const children: unknown[] = Array.isArray(item) ? item : Object.values(item)
      size += 2 + children.length
      if (size > limit) return true
      if (!Array.isArray(item)) for (const key of Object.keys(item)) size += key.length + 3
      for (const child of children) stack.push([child, depth + 1])
    } else size += 8
    if (size > limit) return true
  }
  return false
}
