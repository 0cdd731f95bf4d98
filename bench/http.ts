/**
 * bench:http — HTTP overhead of routes that read (issue 16): each route of Bridges beside a bare
 * Express route answering the same bytes, loaded the same way in the same run.
 *
 * For each route: CONCURRENCY keep-alive clients ask in a loop, as a signed-in browser would (its
 * session cookie, Accept and Accept-Encoding), for DURATION_MS in all. The bare route is an Express
 * app with the same compression middleware and one handler that sends the JSON body Bridges sent.
 * Both are loaded in alternating slices (ROUNDS of each), so a busy moment on the shared machine
 * falls on both alike. The target is on p99 latency: Bridges' p99 ≤ 2× the bare p99; each line also
 * gives the throughput ratio (bare req/s ÷ Bridges req/s), the CPU-per-request ratio (the steadiest
 * of the three on a busy machine) and the SQL statements one request runs.
 * The load generator shares the process (and the two cores) with both servers, alike for both.
 */
import type { AddressInfo } from 'node:net'
import compression from 'compression'
import express from 'express'
import { Pool } from 'undici'
import { API_COMPRESSION } from '../server/app.js'
import { openStorage } from '../server/storage/database.js'
import { createLinkedClasses } from '../server/test/links.js'
import { startTestServer } from '../server/test/server.js'
import { percentile, report, round } from './support.js'

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16)
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 6000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
/** What a browser sends with the app's fetches (beside its cookie). */
const BROWSER_HEADERS = { accept: 'application/json', 'accept-encoding': 'gzip, deflate, br, zstd' }

interface Load {
  perSecond: number
  p99: number
  p50: number
  /** Process CPU per request (server, client and all): unlike latency, little moved by other work on the machine. */
  cpuMs: number
}

/** A keep-alive pool asking for one address, timing each answer. */
function loader(origin: string, path: string, cookie: string) {
  const pool = new Pool(origin, { connections: CONCURRENCY, pipelining: 1 })
  const headers = cookie ? { ...BROWSER_HEADERS, cookie } : BROWSER_HEADERS
  const times: number[] = []
  let elapsed = 0
  let cpuMicros = 0
  const ask = async () => {
    const res = await pool.request({ method: 'GET', path, headers })
    await res.body.arrayBuffer()
    if (res.statusCode !== 200) throw new Error(`${path} answered ${res.statusCode}`)
  }
  return {
    async warmUp() {
      for (let i = 0; i < CONCURRENCY * 5; i++) await ask()
    },
    /** CONCURRENCY clients asking in a loop for `ms`. */
    async slice(ms: number) {
      const cpu = process.cpuUsage()
      const started = performance.now()
      const end = started + ms
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (performance.now() < end) {
            const t = performance.now()
            await ask()
            times.push(performance.now() - t)
          }
        }),
      )
      elapsed += performance.now() - started
      const used = process.cpuUsage(cpu)
      cpuMicros += used.user + used.system
    },
    async result(): Promise<Load> {
      await pool.close()
      return {
        perSecond: (times.length / elapsed) * 1000,
        p99: percentile(times, 99),
        p50: percentile(times, 50),
        cpuMs: cpuMicros / 1000 / times.length,
      }
    },
  }
}

/** A bare Express app answering exactly `body` with `type`, compressed as the app's API is. */
async function bare(body: Buffer, type: string): Promise<{ origin: string; close: () => Promise<void> }> {
  const app = express()
  app.use(compression(API_COMPRESSION))
  app.get('/same', (_req, res) => {
    res.type(type).send(body)
  })
  const server = app.listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

let statements = 0
const storage = await openStorage({ kind: 'sqlite', file: ':memory:', onQuery: () => statements++ })
const server = await startTestServer({ storage, env: { BOARD_POSTS_PER_MINUTE: '100000' } })
const linked = await createLinkedClasses(server, { pupilsPerClass: 1 })
const teacher = linked.sides[0]!.teacher.client
const otherTeacher = linked.sides[1]!.teacher.client
const pupil = linked.sides[1]!.pupils[0]!.client
const linkId = linked.link.id
for (let i = 0; i < 20; i++) await teacher.post(`/api/links/${linkId}/wall`, { kind: 'letter', body: `Letter ${i}` })
const board = (await teacher.post<{ id: string }>(`/api/links/${linkId}/boards`, { title: 'Rivers' })).body
for (let i = 0; i < 20; i++)
  await teacher.post(`/api/boards/${board.id}/threads`, { title: `Thread ${i}`, body: 'We saw a heron.' })
// A pupil's writing waits for her teacher: her queue has letters and threads in it.
for (let i = 0; i < 10; i++) {
  await pupil.post(`/api/links/${linkId}/wall`, { kind: 'letter', body: `Dear London, letter ${i}` })
  await pupil.post(`/api/boards/${board.id}/threads`, { title: `Question ${i}`, body: 'Do you have herons?' })
}

const routes = [
  { name: 'link_overview', path: `/api/links/${linkId}/overview`, cookie: teacher.cookie },
  { name: 'wall_page', path: `/api/links/${linkId}/wall`, cookie: pupil.cookie },
  { name: 'board_threads_page', path: `/api/boards/${board.id}/threads`, cookie: pupil.cookie },
  { name: 'pupil_home', path: '/api/pupil/home', cookie: pupil.cookie },
  { name: 'moderation_queue', path: '/api/moderation/queue', cookie: otherTeacher.cookie },
]
const chosen = process.env.BENCH_ROUTES?.split(',')
const lines: Parameters<typeof report>[0][] = []
for (const route of routes.filter((r) => !chosen || chosen.includes(r.name))) {
  // The second answer: the first may draft what a link lacks (its agreement).
  await fetch(server.url + route.path, { headers: { cookie: route.cookie } })
  statements = 0
  const sample = await fetch(server.url + route.path, { headers: { cookie: route.cookie } })
  const queries = statements
  const body = Buffer.from(await sample.arrayBuffer())
  if (sample.status !== 200) throw new Error(`${route.path} answered ${sample.status}`)
  const plain = await bare(body, sample.headers.get('content-type') ?? 'application/json')
  const appLoad = loader(server.url, route.path, route.cookie)
  const bareLoad = loader(plain.origin, '/same', '')
  await appLoad.warmUp()
  await bareLoad.warmUp()
  for (let round = 0; round < ROUNDS; round++) {
    await appLoad.slice(DURATION_MS / ROUNDS)
    await bareLoad.slice(DURATION_MS / ROUNDS)
  }
  const app = await appLoad.result()
  const baseline = await bareLoad.result()
  await plain.close()
  console.log(
    `${route.name} (${body.length} B, ${queries} SQL statements): Bridges ${round(app.perSecond, 0)} req/s p50 ${round(app.p50)} ms p99 ${round(app.p99)} ms CPU ${round(app.cpuMs, 3)} ms/req; bare Express ${round(baseline.perSecond, 0)} req/s p50 ${round(baseline.p50)} ms p99 ${round(baseline.p99)} ms CPU ${round(baseline.cpuMs, 3)} ms/req`,
  )
  lines.push({
    bench: 'http',
    metric: `${route.name}_p99_ms`,
    value: app.p99,
    baseline: baseline.p99,
    target: 2,
    met: app.p99 <= 2 * baseline.p99,
    throughput_ratio: round(baseline.perSecond / app.perSecond),
    cpu_ratio: round(app.cpuMs / baseline.cpuMs),
    per_s: round(app.perSecond, 0),
    baseline_per_s: round(baseline.perSecond, 0),
    bytes: body.length,
    queries,
    concurrency: CONCURRENCY,
  })
}
// The link overview (the example) goes last: it is the headline.
for (const line of [...lines.slice(1), lines[0]!]) report(line)
await server.close()
process.exit(0)
