import { createHash } from 'node:crypto'
import path from 'node:path'
import { defineConfig } from '@playwright/test'
import { CHROMIUM_ARGS, CHROMIUM_PATH, FAKE_MEDIA_ARGS } from './e2e/support/chromium.js'

// A port per checkout, stable across Playwright's worker processes (which re-read this file).
const port = Number(
  process.env.E2E_PORT ??
    4100 + (parseInt(createHash('sha1').update(process.cwd()).digest('hex').slice(0, 6), 16) % 800),
)
export const baseURL = `http://127.0.0.1:${port}`
/** The browser tests' server keeps its embedded database here (fresh each run). */
export const e2eDataDir = path.join('.e2e', `data-${port}`)
/** The TURN relay the relay-only scenario starts (coturn on loopback) and the server mints credentials for. */
export const e2eTurn = { port: 3478 + (port % 500), secret: 'bridges-e2e-turn-shared-secret' }
/** The SMTP server the password reset scenario starts (smtp-server on loopback) and the app sends its mail to. */
export const e2eSmtpPort = 2600 + (port % 500)

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: true,
  // One scenario at a time on CI's 2 cores: two browser contexts (or four, in a call) per scenario
  // already keep both cores busy, and a starved page makes waits time out rather than pass.
  workers: process.env.CI ? 1 : undefined,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL,
    browserName: 'chromium',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: [...FAKE_MEDIA_ARGS, ...CHROMIUM_ARGS],
    },
  },
  // Video calls are heavy (each class page encodes and decodes video in software): on a bigger
  // machine with more workers, at most one call scenario still runs at a time.
  projects: [
    { name: 'calls', testMatch: 'assemblies.spec.ts', workers: 1 },
    { name: 'pages', testIgnore: 'assemblies.spec.ts' },
  ],
  webServer: {
    command: 'node --import tsx e2e/support/server.ts',
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: e2eDataDir,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'test',
      // Every test signs in from 127.0.0.1: the per-address limit is tested in Vitest instead.
      SIGN_IN_ATTEMPTS_PER_IP: '10000',
      // The browser tests use the embedded database; PostgreSQL and Redis are covered by their own tests.
      DATABASE_URL: '',
      REDIS_URL: '',
      TURN_URLS: `turn:127.0.0.1:${e2eTurn.port}?transport=udp`,
      TURN_SECRET: e2eTurn.secret,
      // Nothing listens there except during the password reset scenario: other mail is logged as not sent.
      SMTP_URL: `smtp://127.0.0.1:${e2eSmtpPort}`,
      PUBLIC_URL: baseURL,
    },
  },
})
