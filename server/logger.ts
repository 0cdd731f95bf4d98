import { pino, type Logger } from 'pino'

export function createLogger(level: string): Logger {
  return pino({
    level,
    // Never log secrets that pass through requests.
    redact: ['req.headers.cookie', 'res.headers["set-cookie"]', '*.password', '*.personalCode'],
  })
}
