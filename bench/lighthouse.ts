/**
 * bench:lighthouse — Lighthouse 12.2.3, mobile preset (its default: a mid-range phone, simulated slow 4G
 * and 4× CPU slowdown), on the three pages a pupil meets first: sign-in, her home, her board (issue 13).
 *   Each page is audited RUNS times (default 3) on the shipped build and, in turn, on the baseline — the
 *   same app as one bundle served without precompressed copies, the shape main had before issue 13 — and
 *   the median of each score is reported. Performance is noisy on a shared machine: the load averages
 *   before and after are printed, and so are the simulated diagnostics that guide fixes (Total Blocking
 *   Time, the main-thread work breakdown, the scripts that cost most CPU), which vary far less.
 *   BENCH_RUNS=n runs per page and side; BENCH_BASELINE=0 skips the baseline; BENCH_TRACE=1 lists every
 *   audit scoring under 0.9.
 * One JSON line per page and category; the headline, last, is the lowest Performance of the three pages.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as chromeLauncher from 'chrome-launcher'
import lighthouse from 'lighthouse'
import { CHROME, buildClient, startSite, type Site } from './pupilSite.js'
import { percentile, report, round } from './support.js'

const RUNS = Number(process.env.BENCH_RUNS ?? 3)
const BASELINE = process.env.BENCH_BASELINE !== '0'
const CATEGORIES = ['performance', 'accessibility', 'best-practices'] as const
type Category = (typeof CATEGORIES)[number]

interface Run {
  scores: Record<Category, number>
  tbt: number
  fcp: number
  lcp: number
  /** Main-thread time by kind (script evaluation, style and layout…), ms, simulated. */
  mainThread: Record<string, number>
  /** CPU time per script, ms, simulated: the largest few. */
  scripts: Record<string, number>
  failing: string[]
  /** Lighthouse's measure of the host CPU (about 1000+ on an idle desktop core): low means a loaded machine. */
  benchmarkIndex: number
}

type Details = { items?: Record<string, unknown>[] } | undefined

async function audit(site: Site, page: string, signedIn: boolean): Promise<Run> {
  const chrome = await chromeLauncher.launch({
    chromePath: CHROME,
    chromeFlags: ['--headless', '--no-sandbox', '--disable-gpu'],
  })
  try {
    const result = await lighthouse(`${site.server.url}${page}`, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: [...CATEGORIES],
      ...(signedIn ? { extraHeaders: { Cookie: `${site.pupilCookie.name}=${site.pupilCookie.value}` } } : {}),
    })
    if (!result) throw new Error(`Lighthouse gave no result for ${page}`)
    const { categories, audits } = result.lhr
    const numeric = (id: string) => round(audits[id]?.numericValue ?? NaN, 0)
    const items = (id: string) => ((audits[id]?.details as Details)?.items ?? []) as Record<string, unknown>[]
    return {
      scores: Object.fromEntries(
        CATEGORIES.map((id) => [id, Math.round((categories[id]?.score ?? NaN) * 100)]),
      ) as Record<Category, number>,
      tbt: numeric('total-blocking-time'),
      fcp: numeric('first-contentful-paint'),
      lcp: numeric('largest-contentful-paint'),
      mainThread: Object.fromEntries(
        items('mainthread-work-breakdown').map((item) => [String(item.group), round(Number(item.duration), 0)]),
      ),
      scripts: Object.fromEntries(
        items('bootup-time')
          .slice(0, 6)
          .map((item) => [String(item.url).replace(site.server.url, ''), round(Number(item.scripting), 0)]),
      ),
      benchmarkIndex: round(result.lhr.environment.benchmarkIndex, 0),
      failing: Object.values(audits)
        .filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== 'informative')
        .map((a) => `${a.id} ${a.score} ${a.displayValue ?? ''}`.trim()),
    }
  } finally {
    chrome.kill()
  }
}

const median = (values: number[]) => percentile(values, 50)
/** The run whose Performance is the median: its diagnostics stand for the page. */
const medianRun = (runs: Run[]) =>
  [...runs].sort((a, b) => a.scores.performance - b.scores.performance)[Math.floor((runs.length - 1) / 2)]!

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bridges-lighthouse-'))
const loadBefore = os.loadavg().map((n) => round(n, 1))
const shippedDir = path.join(work, 'shipped', 'client')
const baselineDir = path.join(work, 'baseline', 'client')
await buildClient(shippedDir, false)
if (BASELINE) await buildClient(baselineDir, true)
const shipped = await startSite(shippedDir)
const baseline = BASELINE ? await startSite(baselineDir) : null

try {
  const pages = [
    ['sign_in', () => '/sign-in', false],
    ['pupil_home', () => '/home', true],
    ['pupil_board', (site: Site) => `/boards/${site.boardId}`, true],
  ] as const
  const worst = { value: Infinity, baseline: Infinity }
  for (const [name, pathOf, signedIn] of pages) {
    const runs: Run[] = []
    const baseRuns: Run[] = []
    for (let i = 0; i < RUNS; i++) {
      // In turn, so a busy moment on the machine falls on both sides alike.
      runs.push(await audit(shipped, pathOf(shipped), signedIn))
      if (baseline) baseRuns.push(await audit(baseline, pathOf(baseline), signedIn))
    }
    const typical = medianRun(runs)
    console.log(
      JSON.stringify({
        page: name,
        runs: runs.map((run) => run.scores.performance),
        tbt_ms: runs.map((run) => run.tbt),
        // Simulated times scale with how busy the host is: compare runs only at similar indexes.
        benchmark_index: runs.map((run) => run.benchmarkIndex),
        median_run: { fcp_ms: typical.fcp, lcp_ms: typical.lcp, tbt_ms: typical.tbt },
        main_thread_ms: typical.mainThread,
        script_cpu_ms: typical.scripts,
        ...(process.env.BENCH_TRACE ? { failing: typical.failing } : {}),
      }),
    )
    for (const category of CATEGORIES) {
      const value = median(runs.map((run) => run.scores[category]))
      const before = baseRuns.length ? median(baseRuns.map((run) => run.scores[category])) : NaN
      if (category === 'performance') {
        worst.value = Math.min(worst.value, value)
        worst.baseline = Math.min(worst.baseline, before)
      }
      report({
        bench: 'lighthouse',
        metric: `${name}_${category.replace('-', '_')}`,
        value,
        baseline: before,
        target: category === 'performance' ? 90 : category === 'accessibility' ? 100 : 95,
        runs: RUNS,
      })
    }
  }
  report({
    bench: 'lighthouse',
    metric: 'lowest_performance_of_three_pages',
    value: worst.value,
    baseline: worst.baseline,
    target: 90,
    runs: RUNS,
    load_average_before: loadBefore,
    load_average_after: os.loadavg().map((n) => round(n, 1)),
    cores: os.cpus().length,
  })
} finally {
  await shipped.server.close()
  await baseline?.server.close()
  fs.rmSync(work, { recursive: true, force: true })
}
