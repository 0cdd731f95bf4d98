import { createHash } from 'node:crypto'
import type { RedisClientType } from 'redis'
import { DomainError } from '../../domain/errors.js'
import { makeTable } from '../accounts/signInCounters.js'

/** Counts "I forgot my password" requests. */
export interface ResetRequestLimiter {
  /**
   * Counts one request; throws RATE_LIMITED once the address asked too often this hour. Answers false
   * when the email was asked for too often: nothing more is sent to it, and the asker is not told.
   */
  count(ip: string, email: string): Promise<boolean>
}

const EMAILS_PER_HOUR = 3

export function createResetRequestLimiter(
  perIpPerHour: number,
  redis?: RedisClientType,
  prefix = 'bridges',
): ResetRequestLimiter {
  const store = { redis, prefix }
  const byIp = makeTable(store, 'reset-ip', 60 * 60)
  const byEmail = makeTable(store, 'reset-email', 60 * 60)
  return {
    async count(ip, email) {
      const address = await byIp.consume(ip)
      if (address.consumedPoints > perIpPerHour) {
        throw new DomainError(
          'RATE_LIMITED',
          'Too many password reset requests from this address. Please try again later.',
          {
            retryAfterSeconds: Math.max(1, Math.ceil(address.msBeforeNext / 1000)),
          },
        )
      }
      const mailbox = await byEmail.consume(createHash('sha256').update(email).digest('base64url'))
      return mailbox.consumedPoints <= EMAILS_PER_HOUR
    },
  }
}
