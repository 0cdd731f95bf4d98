import path from 'node:path'
import { z } from 'zod'

const booleanFromEnv = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1')

const commaList = z.string().transform((value) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean),
)

/** `scheme://host[:port]` (a trailing slash allowed) → its normalised origin; undefined for anything more or less. */
function originOf(item: string): string | undefined {
  const url = URL.canParse(item) ? new URL(item) : undefined
  if (!url || !/^https?:$/.test(url.protocol) || url.username || url.password) return undefined
  // A path, query or fragment would never match a browser's Origin: refuse it rather than fail silently.
  const rest = item.replace(/^https?:\/\//i, '').replace(/\/$/, '')
  return /[/?#]/.test(rest) ? undefined : url.origin
}

const originList = commaList.transform((items, ctx) => {
  const origins: string[] = []
  for (const item of items) {
    const origin = originOf(item)
    if (!origin) {
      ctx.addIssue({
        code: 'custom',
        message: `"${item}" is not an origin such as https://bridges.example.org or http://10.0.0.5:3000`,
      })
      return z.NEVER
    }
    origins.push(origin)
  }
  return origins
})

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('.data'),
  /** `GET /metrics` answers only with `Authorization: Bearer <METRICS_TOKEN>`; without it there is no such page. */
  METRICS_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
  MEDIA_DIR: z.string().min(1).optional(),
  /** The headless Chromium that prints a school's portfolio as PDF. */
  CHROMIUM_PATH: z.string().min(1).default('/usr/bin/chromium'),
  /** ffmpeg and ffprobe for video postcards; when they do not run, video is switched off. */
  FFMPEG_PATH: z.string().min(1).default('ffmpeg'),
  FFPROBE_PATH: z.string().min(1).default('ffprobe'),
  /** Video transcodes at once on this node (0: this node queues, others transcode). */
  VIDEO_CONCURRENCY: z.coerce.number().int().min(0).max(8).default(1),
  /** A transcode's claim, renewed while it runs: this long after its node died, another node takes the job. */
  VIDEO_LEASE_SECONDS: z.coerce.number().int().min(3).max(3600).default(30),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
    .optional(),
  /** Namespaces Socket.IO channels and rate-limit keys, so several deployments (or test runs) can share one Redis. */
  REDIS_PREFIX: z
    .string()
    .regex(/^[\w.-]{1,40}$/, 'letters, digits, dot, dash or underscore')
    .default('bridges'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** Set when behind a reverse proxy so client IPs (rate limits) and TLS (Secure cookies) are seen. */
  TRUST_PROXY: booleanFromEnv.default(false),
  COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, 'use a size such as 100kb')
    .default('100kb'),
  SIGN_IN_ATTEMPTS_PER_IP: z.coerce.number().int().min(1).default(30),
  SIGN_IN_ATTEMPTS_PER_ACCOUNT: z.coerce.number().int().min(1).default(10),
  SIGN_IN_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
  /** Failures for one class from addresses new to its school before such addresses are blocked for it. */
  SIGN_IN_ATTEMPTS_PER_CLASS: z.coerce.number().int().min(1).default(50),
  /** Failures for one class from one of its school's own addresses before that address is slowed (never blocked). */
  SIGN_IN_ATTEMPTS_PER_SCHOOL_ADDRESS: z.coerce.number().int().min(1).default(300),
  SIGN_IN_MAX_DELAY_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /** Unset: 20, or 10,000 under NODE_ENV=test, where every test registers its teachers from 127.0.0.1. */
  REGISTRATIONS_PER_IP_PER_HOUR: z.coerce.number().int().min(1).optional(),
  BOARD_POSTS_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  /** Tokens one socket may spend on events per 10 seconds (joining a room costs 5, other events 1). */
  SOCKET_EVENTS_PER_10S: z.coerce.number().int().min(1).default(150),
  /** The same over all of one person's sockets on a node, so more tabs do not buy more. */
  SOCKET_USER_EVENTS_PER_10S: z.coerce.number().int().min(1).default(450),
  WALL_RELEASE_CHECK_MS: z.coerce.number().int().min(50).default(30_000),
  RETENTION_CHECK_MS: z.coerce.number().int().min(50).default(3_600_000),
  STUN_URLS: commaList.default([]),
  TURN_URLS: commaList.default([]),
  TURN_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  TURN_TTL_SECONDS: z.coerce.number().int().min(60).default(3600),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
  /** Other sites whose pages may change things and open sockets with a signed-in person's cookie. */
  ALLOWED_ORIGINS: originList.default([]),
  /** Where password reset mail goes out (smtp:// or smtps://, credentials in the URL); unset: school admins issue reset links. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^/]/, 'must start with smtp:// or smtps://')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Bridges <no-reply@bridges.invalid>'),
  /** The address people open Bridges at, for links in mail (never taken from a request, whose Host anyone can set). */
  PUBLIC_URL: z
    .string()
    .transform(
      (value, ctx) =>
        originOf(value) ??
        (ctx.addIssue({ code: 'custom', message: 'must be an origin such as https://bridges.example.org' }), z.NEVER),
    )
    .optional(),
  PASSWORD_RESETS_PER_IP_PER_HOUR: z.coerce.number().int().min(1).default(10),
  /** scrypt's cost for new password hashes, as log2(N). Unset: 15, or 10 under NODE_ENV=test; below 15 only under test. */
  PASSWORD_HASH_LOG_N: z.coerce.number().int().min(10).max(20).optional(),
})

export type Env = z.input<typeof envSchema>

export interface Config {
  env: 'development' | 'production' | 'test'
  port: number
  host: string
  dataDir: string
  /** Where processed pictures are kept (DATA_DIR/media unless MEDIA_DIR is set). */
  mediaDir: string
  /** Bearer token for `GET /metrics` (none: not served). */
  metricsToken: string | undefined
  /** Headless Chromium for the portfolio's PDF. */
  chromiumPath: string
  /** Video postcards: ffmpeg's binaries, how many transcodes run at once on this node, and their lease. */
  video: { ffmpeg: string; ffprobe: string; concurrency: number; leaseSeconds: number }
  databaseUrl: string | undefined
  redisUrl: string | undefined
  redisPrefix: string
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL']
  sessionTtlMs: number
  trustProxy: boolean
  cookieSecure: 'auto' | boolean
  bodyLimit: string
  signInLimits: {
    perIp: number
    perAccount: number
    perClass: number
    perSchoolAddress: number
    windowSeconds: number
    maxDelaySeconds: number
    registrationsPerIpPerHour: number
  }
  /** Board posts and replies one person may send per minute. */
  boardPostsPerMinute: number
  /** How often each node looks for exchange rounds due for release. */
  wallReleaseCheckMs: number
  /** How often each node looks for ended links whose content a school's retention says must go. */
  retentionCheckMs: number
  /** Token buckets for socket events, per socket and per person, on each node. */
  socketLimits: { perSocket: number; perUser: number }
  ice: { stunUrls: string[]; turnUrls: string[]; turnSecret: string | undefined; turnTtlSeconds: number }
  shutdownGraceMs: number
  /** Origins besides the app's own from which state-changing requests and sockets are accepted. */
  allowedOrigins: string[]
  /** Password reset mail: where it goes out, from whom, and the address its links open. */
  mail: { smtpUrl: string | undefined; from: string; publicUrl: string | undefined; resetsPerIpPerHour: number }
  /** log2 of scrypt's N for new password hashes (15; cheaper only under NODE_ENV=test, where tests register many teachers). */
  passwordHashLogN: number
}

export class ConfigError extends Error {
  override name = 'ConfigError'
}

/** Reads configuration from the environment; a bad value stops start-up with a message naming it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings mean "not set", as shells and .env files commonly produce them.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''))
  const parsed = envSchema.safeParse(present)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n')
    throw new ConfigError(`Invalid configuration:\n${problems}`)
  }
  const e = parsed.data
  if (e.SMTP_URL && !e.PUBLIC_URL) {
    throw new ConfigError(
      'Invalid configuration:\n  PUBLIC_URL: must be set with SMTP_URL (the address in password reset links)',
    )
  }
  const passwordHashLogN = e.PASSWORD_HASH_LOG_N ?? (e.NODE_ENV === 'test' ? 10 : 15)
  if (passwordHashLogN < 15 && e.NODE_ENV !== 'test') {
    throw new ConfigError(
      'Invalid configuration:\n  PASSWORD_HASH_LOG_N: must be at least 15 (lower only under NODE_ENV=test)',
    )
  }
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    mediaDir: path.resolve(e.MEDIA_DIR ?? path.join(e.DATA_DIR, 'media')),
    metricsToken: e.METRICS_TOKEN,
    chromiumPath: e.CHROMIUM_PATH,
    video: {
      ffmpeg: e.FFMPEG_PATH,
      ffprobe: e.FFPROBE_PATH,
      concurrency: e.VIDEO_CONCURRENCY,
      leaseSeconds: e.VIDEO_LEASE_SECONDS,
    },
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    logLevel: e.LOG_LEVEL,
    sessionTtlMs: e.SESSION_TTL_DAYS * 24 * 60 * 60 * 1000,
    trustProxy: e.TRUST_PROXY,
    cookieSecure: e.COOKIE_SECURE === 'auto' ? 'auto' : e.COOKIE_SECURE === 'true',
    bodyLimit: e.BODY_LIMIT,
    boardPostsPerMinute: e.BOARD_POSTS_PER_MINUTE,
    wallReleaseCheckMs: e.WALL_RELEASE_CHECK_MS,
    retentionCheckMs: e.RETENTION_CHECK_MS,
    socketLimits: { perSocket: e.SOCKET_EVENTS_PER_10S, perUser: e.SOCKET_USER_EVENTS_PER_10S },
    signInLimits: {
      perIp: e.SIGN_IN_ATTEMPTS_PER_IP,
      perAccount: e.SIGN_IN_ATTEMPTS_PER_ACCOUNT,
      perClass: e.SIGN_IN_ATTEMPTS_PER_CLASS,
      perSchoolAddress: e.SIGN_IN_ATTEMPTS_PER_SCHOOL_ADDRESS,
      windowSeconds: e.SIGN_IN_WINDOW_SECONDS,
      maxDelaySeconds: e.SIGN_IN_MAX_DELAY_SECONDS,
      registrationsPerIpPerHour: e.REGISTRATIONS_PER_IP_PER_HOUR ?? (e.NODE_ENV === 'test' ? 10_000 : 20),
    },
    ice: {
      stunUrls: e.STUN_URLS,
      turnUrls: e.TURN_URLS,
      turnSecret: e.TURN_SECRET,
      turnTtlSeconds: e.TURN_TTL_SECONDS,
    },
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    allowedOrigins: e.ALLOWED_ORIGINS,
    mail: {
      smtpUrl: e.SMTP_URL,
      from: e.MAIL_FROM,
      publicUrl: e.PUBLIC_URL,
      resetsPerIpPerHour: e.PASSWORD_RESETS_PER_IP_PER_HOUR,
    },
    passwordHashLogN,
  }
}
