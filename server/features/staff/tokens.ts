import { createHash, randomBytes } from 'node:crypto'

/** A secret for a link (an invitation, a password reset): 32 random bytes, 43 base64url characters. */
export const newLinkToken = (): string => randomBytes(32).toString('base64url')

/** Only this is stored: a stolen database yields no link that works. */
export const tokenId = (token: string): string => createHash('sha256').update(token).digest('hex')
