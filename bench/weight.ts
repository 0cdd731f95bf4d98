/**
 * bench:weight — a pupil's cold visit over a slow school line (issue 13).
 *   Builds the client, serves it with the real server (in-memory SQLite, a linked class with a pupil and
 *   a board), and measures in Chromium with CDP network emulation (400 kbit/s both ways, 400 ms latency,
 *   cold cache):
 *   - the sign-in page: first contentful paint (the inline app shell) and the moment its button is there
 *     to press (usable);
 *   - the JavaScript and CSS a pupil's first pages load (sign-in, then her home), each file gzipped;
 *   - Lighthouse 12.2.3, mobile preset, on sign-in, her home and her board: Performance, Accessibility,
 *     Best Practices.
 * Baseline, measured in the same run: the same app built as one bundle (no code splitting, both
 * languages inlined) and served without precompressed copies — the shape main had before this work —
 * on a second server, under the same emulation. One JSON line per target; the headline (sign-in
 * usable at 400 kbit/s) is last.
 *   BENCH_RUNS (default 3): throttled loads per side; the median is reported. BENCH_LIGHTHOUSE=0 skips Lighthouse.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test'
import * as chromeLauncher from 'chrome-launcher'
import lighthouse from 'lighthouse'
import { build } from 'vite'
import type { Board } from '../shared/schemas/boards.js'
import { createLinkedClasses } from '../server/test/links.js'
import { startTestServer, type TestServer } from '../server/test/server.js'
import { percentile, report, round } from './support.js'

const RUNS = Number(process.env.BENCH_RUNS ?? 3)
const LIGHTHOUSE = process.env.BENCH_LIGHTHOUSE !== '0'
const CHROME = process.env.CHROMIUM_PATH ?? process.env.CHROME_PATH ?? '/usr/bin/chromium'
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
/** 400 kbit/s in bytes per second, and the added round-trip latency, as a slow shared school line. */
const SLOW_LINE = { offline: false, latency: 400, downloadThroughput: 400_000 / 8, uploadThroughput: 400_000 / 8 }

const root = process.cwd()
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bridges-weight-'))

async function buildClient(outDir: string, oneBundle: boolean): Promise<void> {
  const nodeEnv = process.env.NODE_ENV
  process.env.NODE_ENV = 'production'
  await build({
    mode: 'production',
    configFile: path.join(root, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, ...(oneBundle ? { rolldownOptions: { output: { codeSplitting: false } } } : {}) },
  })
  process.env.NODE_ENV = nodeEnv
  if (!oneBundle) return
  // Main before this work served every file as it is: no precompressed copies.
  for (const file of fs.readdirSync(outDir, { recursive: true, encoding: 'utf8' })) {
    if (/\.(br|gz)$/.test(file)) fs.rmSync(path.join(outDir, file))
  }
}

interface Site {
  server: TestServer
  dir: string
  pupilCookie: { name: string; value: string }
  classCode: string
  personalCode: string
  boardId: string
}

async function startSite(dir: string): Promise<Site> {
  const server = await startTestServer({ clientDir: dir, env: { SIGN_IN_ATTEMPTS_PER_IP: '100000' } })
  const linked = await createLinkedClasses(server, { pupilsPerClass: 1 })
  const side = linked.sides[0]!
  const pupil = side.pupils[0]!
  const board = (await side.teacher.client.post<Board>(`/api/links/${linked.link.id}/boards`, { title: 'Our river' })).body
  await side.teacher.client.post(`/api/boards/${board.id}/threads`, { title: 'Welcome', body: 'Tell us about **your river**: what lives in it?' })
  const [name = '', value = ''] = pupil.client.cookie.split('=')
  return { server, dir, pupilCookie: { name, value }, classCode: side.schoolClass.code, personalCode: pupil.pupil.personalCode, boardId: board.id }
}

async function slowContext(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext()
  const page = await context.newPage()
  const cdp = await context.newCDPSession(page)
  await cdp.send('Network.enable')
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true })
  await cdp.send('Network.emulateNetworkConditions', SLOW_LINE)
  return { context, page }
}

/** One cold load of /sign-in over the slow line: first contentful paint and button-ready, in ms from navigation start. */
async function signInLoad(browser: Browser, site: Site): Promise<{ paint: number; usable: number }> {
  const { context, page } = await slowContext(browser)
  await page.goto(`${site.server.url}/sign-in`, { waitUntil: 'commit', timeout: 120_000 })
  const usable = await page
    .waitForFunction(() => (document.querySelector('form button[type="submit"]:not([disabled])') ? performance.now() : false), null, { polling: 'raf', timeout: 120_000 })
    .then((handle) => handle.jsonValue() as Promise<number>)
  const paint = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN)
  await context.close()
  return { paint, usable }
}

/** The JS and CSS files a pupil's browser fetches signing in and reaching her home; each gzipped from the built folder. */
async function firstPagesBytes(browser: Browser, site: Site): Promise<{ js: number; css: number; wire: number }> {
  const context = await browser.newContext()
  const page = await context.newPage()
  const files = new Map<string, 'js' | 'css'>()
  const wire: Promise<number>[] = []
  page.on('requestfinished', (request) => {
    const url = new URL(request.url())
    const kind = url.pathname.endsWith('.js') ? 'js' : url.pathname.endsWith('.css') ? 'css' : undefined
    if (!kind || url.origin !== site.server.url) return
    files.set(url.pathname, kind)
    wire.push(request.sizes().then((sizes) => sizes.responseBodySize))
  })
  await page.goto(`${site.server.url}/sign-in`)
  await page.getByLabel('Class code').fill(site.classCode)
  await page.getByLabel('My code').fill(site.personalCode)
  await page.getByRole('button', { name: 'Let me in' }).click()
  await page.waitForURL('**/home')
  await page.getByRole('heading', { level: 1 }).waitFor()
  await page.waitForLoadState('networkidle')
  const wireBytes = (await Promise.all(wire)).reduce((a, b) => a + b, 0)
  await context.close()
  let js = 0
  let css = 0
  for (const [file, kind] of files) {
    const bytes = gzipSync(fs.readFileSync(path.join(site.dir, file)), { level: 9 }).length
    if (kind === 'js') js += bytes
    else css += bytes
  }
  return { js, css, wire: wireBytes }
}

type Scores = Record<'performance' | 'accessibility' | 'best-practices', number>

async function lighthouseScores(site: Site, page: string, signedIn: boolean): Promise<Scores> {
  const chrome = await chromeLauncher.launch({ chromePath: CHROME, chromeFlags: ['--headless=new', ...ARGS] })
  try {
    const result = await lighthouse(`${site.server.url}${page}`, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility', 'best-practices'],
      ...(signedIn ? { extraHeaders: { Cookie: `${site.pupilCookie.name}=${site.pupilCookie.value}` } } : {}),
    })
    const categories = result?.lhr.categories
    if (process.env.BENCH_TRACE && result) {
      for (const audit of Object.values(result.lhr.audits)) {
        if (audit.score !== null && audit.score < 0.9 && audit.scoreDisplayMode !== 'informative') console.log(`  ${page}: ${audit.id} ${audit.score} ${audit.displayValue ?? ''}`)
      }
    }
    const score = (id: keyof Scores) => Math.round((categories?.[id]?.score ?? NaN) * 100)
    return { performance: score('performance'), accessibility: score('accessibility'), 'best-practices': score('best-practices') }
  } finally {
    chrome.kill()
  }
}

const median = (values: number[]) => percentile(values, 50)

const splitDir = path.join(work, 'split', 'client')
const oneDir = path.join(work, 'one', 'client')
await buildClient(splitDir, false)
await buildClient(oneDir, true)
const split = await startSite(splitDir)
const one = await startSite(oneDir)
const browser = await chromium.launch({ executablePath: CHROME, args: ARGS })

try {
  const loads = { split: [] as { paint: number; usable: number }[], one: [] as { paint: number; usable: number }[] }
  for (let i = 0; i < RUNS; i++) {
    // In turn, so a busy moment on the machine falls on both sides alike.
    loads.split.push(await signInLoad(browser, split))
    loads.one.push(await signInLoad(browser, one))
  }
  const bytes = { split: await firstPagesBytes(browser, split), one: await firstPagesBytes(browser, one) }
  const kb = (n: number) => round(n / 1024, 1)

  report({ bench: 'weight', metric: 'pupil_first_pages_js_gzip_kb', value: kb(bytes.split.js), baseline: kb(bytes.one.js), target: 120, wire_kb: kb(bytes.split.wire), baseline_wire_kb: kb(bytes.one.wire) })
  report({ bench: 'weight', metric: 'pupil_first_pages_css_gzip_kb', value: kb(bytes.split.css), baseline: kb(bytes.one.css), target: 15 })

  if (LIGHTHOUSE) {
    const pages = [['sign_in', '/sign-in', false], ['pupil_home', '/home', true], ['pupil_board', `/boards/${split.boardId}`, true]] as const
    for (const [name, pagePath, signedIn] of pages) {
      const after = await lighthouseScores(split, pagePath, signedIn)
      const before = await lighthouseScores(one, pagePath === `/boards/${split.boardId}` ? `/boards/${one.boardId}` : pagePath, signedIn)
      report({ bench: 'weight', metric: `lighthouse_${name}_performance`, value: after.performance, baseline: before.performance, target: 90 })
      report({ bench: 'weight', metric: `lighthouse_${name}_accessibility`, value: after.accessibility, baseline: before.accessibility, target: 100 })
      report({ bench: 'weight', metric: `lighthouse_${name}_best_practices`, value: after['best-practices'], baseline: before['best-practices'], target: 95 })
    }
  }

  report({ bench: 'weight', metric: 'sign_in_first_paint_ms_400kbit', value: median(loads.split.map((l) => l.paint)), baseline: median(loads.one.map((l) => l.paint)), target: 1000, runs: RUNS })
  report({ bench: 'weight', metric: 'sign_in_usable_ms_400kbit', value: median(loads.split.map((l) => l.usable)), baseline: median(loads.one.map((l) => l.usable)), target: 5000, runs: RUNS })
} finally {
  await browser.close()
  await split.server.close()
  await one.server.close()
  fs.rmSync(work, { recursive: true, force: true })
}
