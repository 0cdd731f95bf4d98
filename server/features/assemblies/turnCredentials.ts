import { createHmac } from 'node:crypto'
import type { IceServers } from '../../../shared/schemas/assemblies.js'

export interface IceConfig {
  stunUrls: string[]
  turnUrls: string[]
  turnSecret: string | undefined
  turnTtlSeconds: number
}

/**
 * ICE servers for one session. TURN credentials follow the TURN REST scheme coturn checks with
 * `use-auth-secret`: username "<expiry>:<id>", password base64(HMAC-SHA1(secret, username)).
 */
export function iceServersFor(config: IceConfig, sessionUserId: string, now = Date.now()): IceServers {
  const iceServers: IceServers['iceServers'] = []
  if (config.stunUrls.length) iceServers.push({ urls: config.stunUrls })
  if (config.turnUrls.length && config.turnSecret) {
    const username = `${Math.floor(now / 1000) + config.turnTtlSeconds}:${sessionUserId}`
    const credential = createHmac('sha1', config.turnSecret).update(username).digest('base64')
    iceServers.push({ urls: config.turnUrls, username, credential })
  }
  return { iceServers }
}
