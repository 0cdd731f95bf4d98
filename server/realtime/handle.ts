import type { Logger } from 'pino'
import type { z } from 'zod'
import type { ClientToServerEvents } from '../../shared/events.js'
import type { Ack, ApiError } from '../../shared/errors.js'
import { invalidPayload, toApiError } from '../http/errors.js'
import { EVENT_MAX_BYTES, exceedsSize, guardOf, MAX_PAYLOAD_BYTES, type ClientEvent } from './eventGuard.js'
import type { AppSocket } from './types.js'

/** What the payload of a client event is, as shared/events.ts declares it (from its zod schema). */
export type PayloadOf<E extends ClientEvent> = Parameters<ClientToServerEvents[E]>[0]

/** What a successful acknowledgement of a client event carries. */
export type AckDataOf<E extends ClientEvent> = Parameters<ClientToServerEvents[E]>[1] extends (
  res: Ack<infer T>,
) => void
  ? T
  : never

type AckFn = (res: Ack<unknown>) => void

const refusal = (message: string): ApiError => ({ code: 'INVALID_PAYLOAD', message, fields: { '(root)': message } })

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * Wraps a socket event handler, typed by the event's entry in ClientToServerEvents: the schema must
 * take that event's payload and the handler must resolve to what its acknowledgement carries, so a
 * handler answering the wrong shape fails `tsc`.
 *
 * Before the handler runs, the call spends tokens from the socket's and the person's buckets (a
 * refusal answers RATE_LIMITED), and the payload must be one JSON object under the event's size cap,
 * valid for its shared schema (else INVALID_PAYLOAD). The acknowledgement is the last argument when it
 * is a function, wherever the client put other arguments; a call without one is run and answered with
 * nothing. Exceptions never leak their text.
 */
export function handle<E extends ClientEvent, S extends z.ZodType<unknown, PayloadOf<E>>>(
  logger: Logger,
  socket: AppSocket,
  event: E,
  schema: S,
  fn: (input: z.output<S>) => Promise<AckDataOf<E>>,
): ClientToServerEvents[E] {
  const listener = (...args: unknown[]): void => {
    const last = args.at(-1)
    const ack = typeof last === 'function' ? (last as AckFn) : undefined
    const payloads = ack ? args.slice(0, -1) : args
    const reply: AckFn = (res) => {
      try {
        ack?.(res)
      } catch (error) {
        logger.warn({ err: error, event }, 'acknowledgement failed')
      }
    }
    const guard = guardOf(socket)
    guard.admit(socket, event).then(
      (refused) => {
        if (refused) return reply({ ok: false, error: refused })
        run(payloads)
          .then(reply, (error: unknown) => reply({ ok: false, error: toApiError(error, logger) }))
          .finally(() => guard.done(socket))
      },
      (error: unknown) => reply({ ok: false, error: toApiError(error, logger) }),
    )
  }

  async function run(payloads: unknown[]): Promise<Ack<AckDataOf<E>>> {
    if (payloads.length !== 1) return { ok: false, error: refusal('Send one payload object, then the acknowledgement') }
    const [payload] = payloads
    if (!isPlainObject(payload)) return { ok: false, error: refusal('The payload must be an object') }
    if (exceedsSize(payload, EVENT_MAX_BYTES[event] ?? MAX_PAYLOAD_BYTES))
      return { ok: false, error: { code: 'PAYLOAD_TOO_LARGE', message: 'The payload is too large' } }
    const parsed = schema.safeParse(payload)
    if (!parsed.success) return { ok: false, error: invalidPayload(parsed.error, 'message') }
    return { ok: true, data: await fn(parsed.data) }
  }

  // Socket.IO calls a listener with whatever arguments the client sent; `listener` checks them all.
  return listener as unknown as ClientToServerEvents[E]
}
