import { afterEach, describe, expect, it } from 'vitest'
import type { Board } from '../../shared/schemas/boards.js'
import { createLinkedClasses } from '../test/links.js'
import { startTestServer, type TestServer } from '../test/server.js'

const TOKEN = 'metrics-token-for-the-test-0123'

describe('metrics and readiness', () => {
  let server: TestServer | undefined
  afterEach(async () => {
    await server?.close()
    server = undefined
  })

  it('serves Prometheus metrics only with the token: latency by route pattern, sockets, queue depth, event-loop lag', async () => {
    server = await startTestServer({ env: { METRICS_TOKEN: TOKEN } })
    const linked = await createLinkedClasses(server, { pupilsPerClass: 1 })
    const teacher = linked.sides[0]!.teacher.client
    const board = (await teacher.post<Board>(`/api/links/${linked.link.id}/boards`, { title: 'Metrics' })).body
    await linked.sides[0]!.pupils[0]!.client.post(`/api/boards/${board.id}/threads`, {
      title: 'Held',
      body: 'Waits for a teacher',
    })
    expect((await teacher.get(`/api/boards/${board.id}`)).status).toBe(200)
    const socket = await teacher.connectSocket()

    expect((await fetch(`${server.url}/metrics`)).status).toBe(401)
    expect(
      (await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-of-same-size!!' } }))
        .status,
    ).toBe(401)
    const res = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/plain')
    const text = await res.text()
    // The route's pattern, never its ids: one series however many boards there are.
    expect(text).toMatch(
      /bridges_http_request_duration_seconds_count\{method="GET",route="\/api\/boards\/:boardId",status="200"\} 1/,
    )
    expect(text).not.toContain(board.id)
    expect(text).toMatch(/^bridges_sockets_connected 1$/m)
    expect(text).toMatch(/^bridges_moderation_queue_depth 1$/m)
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m)
    expect(text).toMatch(/^bridges_rounds_released_total 0$/m)
    socket.disconnect()
  })

  it('has no metrics page without a token configured; ready while the database answers, not once it stops', async () => {
    server = await startTestServer()
    expect((await fetch(`${server.url}/metrics`)).status).toBe(404)
    const ready = await fetch(`${server.url}/api/health/ready`)
    expect(ready.status).toBe(200)
    expect(await ready.json()).toEqual({ status: 'ok', database: 'ok', redis: 'not used' })
    await server.storage.db.destroy()
    const down = await fetch(`${server.url}/api/health/ready`)
    expect(down.status).toBe(503)
    expect(await down.json()).toEqual({ status: 'unavailable', database: 'unavailable', redis: 'not used' })
  })
})
