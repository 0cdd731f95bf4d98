import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** What the evil page's script saw of its own attempts (the browser hides most of it from the page). */
export interface EvilReport {
  /** A plain `fetch` POST with the visitor's cookies: a status if the page could read it, or why it threw. */
  fetchJson: string
  /** The same as a "simple" text/plain POST in no-cors mode, as a form would send it: the page sees only an opaque response. */
  fetchTextPlain: string
  /** A raw WebSocket to the app's Socket.IO endpoint: "opened", or how it ended without opening. */
  webSocket: string
}

export interface EvilSite {
  /** The evil page, aimed at one link of the app at `appOrigin`. */
  pageUrl(appOrigin: string, linkId: string): string
  stop(): Promise<void>
}

// The script a hostile page on another port of the same host would run against a signed-in teacher:
// every attempt rides on her SameSite=Lax cookie, which the browser sends because the site is the same.
const script = `
const params = new URLSearchParams(location.search)
const app = params.get('app')
const pause = app + '/api/links/' + encodeURIComponent(params.get('link')) + '/pause'
const attempt = async (fn) => { try { return String(await fn()) } catch (e) { return 'threw ' + e.name } }
const report = {}
report.fetchJson = await attempt(async () => (await fetch(pause, { method: 'POST', credentials: 'include' })).status)
report.fetchTextPlain = await attempt(async () => (await fetch(pause, { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'Content-Type': 'text/plain' }, body: '{"reason":"x"}' })).type)
report.webSocket = await new Promise((resolve) => {
  const ws = new WebSocket(app.replace(/^http/, 'ws') + '/socket.io/?EIO=4&transport=websocket')
  ws.onopen = () => { ws.close(); resolve('opened') }
  ws.onclose = (event) => resolve('closed without opening (' + event.code + ')')
})
// Socket.IO's other handshake, long polling, and a real cross-site form post into a hidden frame.
await attempt(async () => fetch(app + '/socket.io/?EIO=4&transport=polling', { mode: 'no-cors', credentials: 'include' }))
const form = document.createElement('form')
Object.assign(form, { method: 'POST', action: pause, enctype: 'text/plain', target: 'sink' })
const field = document.createElement('input')
Object.assign(field, { type: 'hidden', name: '{"reason":"', value: 'x"}' })
form.append(field)
document.body.append(form)
form.submit()
document.getElementById('report').textContent = JSON.stringify(report)
`

const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Free colouring pages</title></head>
<body><h1>Free colouring pages</h1><iframe name="sink" title="sink"></iframe><output id="report"></output>
<script type="module">${script}</script></body></html>`

/** A hostile site on a free port of 127.0.0.1: same site as the app (ports do not count), another origin. */
export async function startEvilSite(): Promise<EvilSite> {
  const server: Server = createServer((req, res) => {
    if (req.url?.startsWith('/?')) {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' })
      res.end(html)
      return
    }
    res.writeHead(404).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    pageUrl: (appOrigin, linkId) =>
      `http://127.0.0.1:${port}/?${new URLSearchParams({ app: appOrigin, link: linkId })}`,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}
