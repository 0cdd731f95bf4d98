/**
 * bench:assembly — from both classes being in the assembly to the first remote video frame rendered,
 * median of BENCH_RUNS (default 10) runs in Chromium with fake camera and microphone, beside a
 * baseline measured in the same run: two bare pages connecting simple-peer through a minimal
 * Socket.IO relay with no authentication or storage. Target: at most 1.2× the baseline.
 */
import { execSync } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { chromium, type Browser, type Page } from '@playwright/test'
import { CHROMIUM_ARGS, CHROMIUM_PATH, FAKE_MEDIA_ARGS } from '../e2e/support/chromium.js'
import { Server } from 'socket.io'
import { createLinkedClasses } from '../server/test/links.js'
import { startTestServer } from '../server/test/server.js'
import { percentile, report, round } from './support.js'

const RUNS = Number(process.env.BENCH_RUNS ?? 10)
const root = process.cwd()
const clientDir = path.join(root, 'dist', 'client')
if (!fs.existsSync(path.join(clientDir, 'index.html'))) execSync('npx vite build', { stdio: 'inherit' })

// tsx keeps function names with an `__name` helper that page.evaluate callbacks carry into the page.
const KEEP_NAMES = { content: 'window.__name = (fn) => fn' }

const ARGS = [...FAKE_MEDIA_ARGS, ...CHROMIUM_ARGS]

/** Resolves in the page with Date.now() of the first real frame (wider than 2 px) of the first remote video. */
const firstFrameAt = (page: Page, selector: string) =>
  page.evaluate(
    (sel) =>
      new Promise<number>((resolve) => {
        const watch = () => {
          const video = document.querySelector<HTMLVideoElement>(sel)
          if (!video) return void setTimeout(watch, 5)
          const onFrame = () => (video.videoWidth > 2 ? resolve(Date.now()) : video.requestVideoFrameCallback(onFrame))
          video.requestVideoFrameCallback(onFrame)
        }
        watch()
      }),
    selector,
  )

async function bridgesRuns(browser: Browser): Promise<number[]> {
  const server = await startTestServer({ clientDir })
  const linked = await createLinkedClasses(server)
  const contexts = await Promise.all(
    linked.sides.map(async (side) => {
      const context = await browser.newContext({ baseURL: server.url })
      await context.addInitScript(KEEP_NAMES)
      const [name, value] = side.teacher.client.cookie.split('=')
      await context.addCookies([{ name: name!, value: value!, url: server.url }])
      return context
    }),
  )
  const times: number[] = []
  for (let i = 0; i < RUNS + 1; i++) {
    const res = await linked.sides[0]!.teacher.client.post<{ id: string }>(`/api/links/${linked.link.id}/assemblies`, {
      title: `Run ${i}`,
      startNow: true,
    })
    const [a, b] = await Promise.all(contexts.map((c) => c.newPage()))
    for (const page of [a!, b!]) {
      await page.goto(`/assemblies/${res.body.id}`)
      await page.getByRole('button', { name: 'Join' }).waitFor()
    }
    await a!.getByRole('button', { name: 'Join' }).click()
    await a!.getByTestId('stage').waitFor()
    const frame = firstFrameAt(a!, '[data-testid="tile-remote"] video')
    const start = await b!.evaluate(() => Date.now())
    await b!.getByRole('button', { name: 'Join' }).click()
    const end = await frame
    if (i > 0) times.push(end - start) // the first run warms the browser and the server up
    await Promise.all([a!.close(), b!.close()])
  }
  await Promise.all(contexts.map((c) => c.close()))
  await server.close()
  return times
}

const BARE_PAGE = `<!doctype html><html><body><video id="remote" autoplay playsinline muted></video>
<script src="/socket.io/socket.io.js"></script><script src="/simplepeer.min.js"></script>
<script>
  window.start = async () => {
    const stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: true })
    const socket = io()
    const peers = {}
    const make = (id, initiator) => {
      const p = new SimplePeer({ initiator, stream })
      p.on('signal', (data) => socket.emit('signal', { to: id, data }))
      p.on('stream', (s) => { document.getElementById('remote').srcObject = s })
      peers[id] = p
      return p
    }
    socket.on('peers', (ids) => ids.forEach((id) => make(id, true)))
    socket.on('signal', ({ from, data }) => (peers[from] || make(from, false)).signal(data))
    await new Promise((r) => socket.on('connect', r))
    window.join = () => socket.emit('join')
  }
</script></body></html>`

async function baselineRuns(browser: Browser): Promise<number[]> {
  const bundle = fs.readFileSync(path.join(root, 'node_modules', 'simple-peer', 'simplepeer.min.js'))
  const server = http.createServer((req, res) => {
    if (req.url === '/simplepeer.min.js')
      return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle)
    res.writeHead(200, { 'content-type': 'text/html' }).end(BARE_PAGE)
  })
  const io = new Server(server)
  io.on('connection', (socket) => {
    socket.on('join', async () => {
      const ids = (await io.in('room').fetchSockets()).map((s) => s.id)
      await socket.join('room')
      socket.emit('peers', ids)
    })
    socket.on('signal', ({ to, data }: { to: string; data: unknown }) =>
      io.to(to).emit('signal', { from: socket.id, data }),
    )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
  const context = await browser.newContext()
  await context.addInitScript(KEEP_NAMES)
  const times: number[] = []
  for (let i = 0; i < RUNS + 1; i++) {
    const [a, b] = await Promise.all([context.newPage(), context.newPage()])
    for (const page of [a!, b!]) {
      await page.goto(url)
      await page.evaluate(() => (window as unknown as { start(): Promise<void> }).start())
    }
    await a!.evaluate(() => (window as unknown as { join(): void }).join())
    const frame = firstFrameAt(a!, '#remote')
    const start = await b!.evaluate(() => {
      ;(window as unknown as { join(): void }).join()
      return Date.now()
    })
    const end = await frame
    if (i > 0) times.push(end - start)
    await Promise.all([a!.close(), b!.close()])
  }
  await context.close()
  await new Promise<void>((resolve) => void io.close(() => resolve()))
  return times
}

const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS })
try {
  const baseline = await baselineRuns(browser)
  const ours = await bridgesRuns(browser)
  console.log(`runs ${RUNS}`)
  console.log(`Bridges: both classes in the room → first remote frame, median ${round(percentile(ours, 50))} ms`)
  console.log(`bare simple-peer + Socket.IO relay:                   median ${round(percentile(baseline, 50))} ms`)
  report({
    bench: 'assembly',
    metric: 'median_first_frame_ms',
    value: percentile(ours, 50),
    baseline: percentile(baseline, 50),
    target: 1.2,
    runs: RUNS,
  })
} finally {
  await browser.close()
}
process.exit(0)
