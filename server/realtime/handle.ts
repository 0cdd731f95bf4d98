import type { Logger } from 'pino'
import type { z } from 'zod'
import type { Ack } from '../../shared/errors.js'
import { invalidPayload, toApiError } from '../http/errors.js'

type AckFn<T> = (res: Ack<T>) => void

/**
 * Wraps a socket event handler: the payload is parsed with its shared schema before anything else,
 * the result or the refusal goes back in the acknowledgement, and exceptions never leak their text.
 * A client that sends no acknowledgement callback is answered with nothing.
 */
export function handle<S extends z.ZodType, T>(
  logger: Logger,
  schema: S,
  fn: (input: z.infer<S>) => Promise<T>,
): (payload: unknown, ack?: unknown) => void {
  return (payload, ack) => {
    const reply: AckFn<T> = typeof ack === 'function' ? (ack as AckFn<T>) : () => {}
    const parsed = schema.safeParse(payload)
    if (!parsed.success) {
      reply({ ok: false, error: invalidPayload(parsed.error, 'message') })
      return
    }
    fn(parsed.data).then(
      (data) => reply({ ok: true, data }),
      (error: unknown) => reply({ ok: false, error: toApiError(error, logger) }),
    )
  }
}
