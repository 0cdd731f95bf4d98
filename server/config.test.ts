import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config.js'

/** The ConfigError loadConfig throws for this environment; fails the test when it does not throw one. */
function refusal(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env)
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return error as ConfigError
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`)
}

describe('loadConfig', () => {
  it('has working defaults for an empty environment', () => {
    expect(loadConfig({})).toEqual({
      env: 'development',
      port: 3000,
      host: '0.0.0.0',
      mediaDir: path.resolve('.data', 'media'),
      chromiumPath: '/usr/bin/chromium',
      dataDir: path.resolve('.data'),
      databaseUrl: undefined,
      redisUrl: undefined,
      redisPrefix: 'bridges',
      logLevel: 'info',
      sessionTtlMs: 30 * 24 * 60 * 60 * 1000,
      trustProxy: false,
      cookieSecure: 'auto',
      bodyLimit: '100kb',
      boardPostsPerMinute: 10,
      wallReleaseCheckMs: 30000,
      retentionCheckMs: 3_600_000,
      socketLimits: { perSocket: 150, perUser: 450 },
      signInLimits: {
        perIp: 30,
        perAccount: 10,
        perClass: 50,
        perSchoolAddress: 300,
        windowSeconds: 900,
        maxDelaySeconds: 60,
        registrationsPerIpPerHour: 20,
      },
      ice: { stunUrls: [], turnUrls: [], turnSecret: undefined, turnTtlSeconds: 3600 },
      shutdownGraceMs: 10_000,
      allowedOrigins: [],
      mail: {
        smtpUrl: undefined,
        from: 'Bridges <no-reply@bridges.invalid>',
        publicUrl: undefined,
        resetsPerIpPerHour: 10,
      },
      passwordHashLogN: 15,
      video: { ffmpeg: 'ffmpeg', ffprobe: 'ffprobe', concurrency: 1, leaseSeconds: 30 },
    })
  })

  it('lowers the password hashing cost only under NODE_ENV=test', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).passwordHashLogN).toBe(10)
    expect(loadConfig({ NODE_ENV: 'production' }).passwordHashLogN).toBe(15)
    expect(loadConfig({ NODE_ENV: 'production', PASSWORD_HASH_LOG_N: '17' }).passwordHashLogN).toBe(17)
    expect(refusal({ NODE_ENV: 'production', PASSWORD_HASH_LOG_N: '10' }).message).toMatch(/PASSWORD_HASH_LOG_N/)
    expect(refusal({ PASSWORD_HASH_LOG_N: '12' }).message).toMatch(/PASSWORD_HASH_LOG_N/)
  })

  it('sends reset mail only with the public address its links open (never a request’s Host)', () => {
    expect(() => loadConfig({ SMTP_URL: 'smtp://mail.example.org:587' })).toThrow(/PUBLIC_URL/)
    expect(() => loadConfig({ SMTP_URL: 'http://mail.example.org' })).toThrow(/SMTP_URL/)
    expect(
      loadConfig({ SMTP_URL: 'smtp://mail.example.org:587', PUBLIC_URL: 'https://bridges.example.org/' }).mail,
    ).toMatchObject({ smtpUrl: 'smtp://mail.example.org:587', publicUrl: 'https://bridges.example.org' })
  })

  it('treats empty strings as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '', LOG_LEVEL: '' })).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
      logLevel: 'info',
    })
  })

  it('reads the values it is given', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      PORT: '8080',
      DATABASE_URL: 'postgresql://bridges@db:5432/bridges',
      REDIS_URL: 'rediss://cache:6380',
      LOG_LEVEL: 'warn',
      SESSION_TTL_DAYS: '7',
      TRUST_PROXY: '1',
      COOKIE_SECURE: 'false',
      BODY_LIMIT: '2mb',
      STUN_URLS: 'stun:a.example.org:3478, stun:b.example.org ,',
      DATA_DIR: '/var/lib/bridges',
    })
    expect(config).toMatchObject({
      env: 'production',
      port: 8080,
      databaseUrl: 'postgresql://bridges@db:5432/bridges',
      redisUrl: 'rediss://cache:6380',
      logLevel: 'warn',
      sessionTtlMs: 7 * 24 * 60 * 60 * 1000,
      trustProxy: true,
      cookieSecure: false,
      bodyLimit: '2mb',
      mediaDir: '/var/lib/bridges/media',
      dataDir: '/var/lib/bridges',
      ice: { stunUrls: ['stun:a.example.org:3478', 'stun:b.example.org'] },
    })
  })

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['PORT', '80.5'],
    ['DATABASE_URL', 'mysql://root@localhost/bridges'],
    ['DATABASE_URL', 'localhost:5432'],
    ['LOG_LEVEL', 'loud'],
    ['LOG_LEVEL', 'INFO'],
    ['REDIS_URL', 'http://cache'],
    ['TRUST_PROXY', 'yes'],
    ['BODY_LIMIT', 'lots'],
    ['SESSION_TTL_DAYS', '0'],
  ])('refuses %s=%s with a ConfigError naming the variable', (name, value) => {
    const { message } = refusal({ [name]: value })
    expect(message).toMatch(new RegExp(`^\\s*${name}: `, 'm'))
    // Only the bad variable is named.
    expect(message.trim().split('\n')).toHaveLength(2)
  })

  it('reads ALLOWED_ORIGINS as normalised origins', () => {
    expect(
      loadConfig({ ALLOWED_ORIGINS: 'https://Bridges.Example.org, http://10.0.0.5:3000/ ,https://x.example.org:443' })
        .allowedOrigins,
    ).toEqual(['https://bridges.example.org', 'http://10.0.0.5:3000', 'https://x.example.org'])
  })

  it.each([
    '*',
    'bridges.example.org',
    'https://bridges.example.org/app',
    'https://bridges.example.org?x=1',
    'ftp://files.example.org',
    'https://user@bridges.example.org',
    'null',
  ])('refuses ALLOWED_ORIGINS=%s, naming the item that is not an origin', (value) => {
    const { message } = refusal({ ALLOWED_ORIGINS: `https://ok.example.org,${value}` })
    expect(message).toMatch(/^\s*ALLOWED_ORIGINS: /m)
    expect(message).toContain(`"${value}"`)
  })

  it('names every bad variable at once', () => {
    const { message } = refusal({ PORT: 'x', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x' })
    for (const name of ['PORT', 'LOG_LEVEL', 'DATABASE_URL']) expect(message).toMatch(new RegExp(`^\\s*${name}: `, 'm'))
  })

  it('does not repeat a secret it refuses', () => {
    const secret = 'too-short-123'
    const { message } = refusal({ TURN_SECRET: secret })
    expect(message).toMatch(/TURN_SECRET/)
    expect(message).not.toContain(secret)
  })
})
