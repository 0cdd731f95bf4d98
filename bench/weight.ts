/**
 * bench:weight — a pupil's cold visit over a slow school line (issue 13).
 *   Builds the client, serves it with the real server (in-memory SQLite, a linked class with a pupil and
 *   a board), and measures in Chromium with CDP network emulation (400 kbit/s both ways, 400 ms latency,
 *   cold cache):
 *   - the sign-in page: first contentful paint (the inline app shell) and the moment its button is there
 *     to press (usable);
 *   - the JavaScript and CSS a pupil's first pages load (sign-in, then her home), each file gzipped.
 *   Lighthouse scores are bench:lighthouse (bench/lighthouse.ts).
 * Baseline, measured in the same run: the same app built as one bundle (no code splitting, both
 * languages inlined) and served without precompressed copies — the shape main had before this work —
 * on a second server, under the same emulation. One JSON line per target; the headline (sign-in
 * usable at 400 kbit/s) is last.
 *   BENCH_RUNS (default 3): throttled loads per side; the median is reported.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test'
import { firstPageWeight } from '../client/bundleBudget.js'
import { CHROME, CHROME_ARGS as ARGS, buildClient, startSite, type Site } from './pupilSite.js'
import { percentile, report, round } from './support.js'

const RUNS = Number(process.env.BENCH_RUNS ?? 3)
/** 400 kbit/s in bytes per second, and the added round-trip latency, as a slow shared school line. */
const SLOW_LINE = { offline: false, latency: 400, downloadThroughput: 400_000 / 8, uploadThroughput: 400_000 / 8 }

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bridges-weight-'))

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
    .waitForFunction(
      () => (document.querySelector('form button[type="submit"]:not([disabled])') ? performance.now() : false),
      null,
      { polling: 'raf', timeout: 120_000 },
    )
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

  report({
    bench: 'weight',
    metric: 'pupil_first_pages_js_gzip_kb',
    value: kb(bytes.split.js),
    baseline: kb(bytes.one.js),
    target: 120,
    wire_kb: kb(bytes.split.wire),
    // Of it, what runs before her page is usable (the manifest's count, without chunks loaded when idle).
    before_idle_kb: kb(firstPageWeight(splitDir).jsBeforeIdleGzip),
    baseline_wire_kb: kb(bytes.one.wire),
  })
  report({
    bench: 'weight',
    metric: 'pupil_first_pages_css_gzip_kb',
    value: kb(bytes.split.css),
    baseline: kb(bytes.one.css),
    target: 15,
  })

  report({
    bench: 'weight',
    metric: 'sign_in_first_paint_ms_400kbit',
    value: median(loads.split.map((l) => l.paint)),
    baseline: median(loads.one.map((l) => l.paint)),
    target: 1000,
    runs: RUNS,
  })
  report({
    bench: 'weight',
    metric: 'sign_in_usable_ms_400kbit',
    value: median(loads.split.map((l) => l.usable)),
    baseline: median(loads.one.map((l) => l.usable)),
    target: 5000,
    runs: RUNS,
  })
} finally {
  await browser.close()
  await split.server.close()
  await one.server.close()
  fs.rmSync(work, { recursive: true, force: true })
}
