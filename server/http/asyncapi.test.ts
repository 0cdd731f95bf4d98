import { Parser } from '@asyncapi/parser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clientEventSchemas } from '../../shared/events.js'
import { serverEventSchemas } from '../../shared/events/catalogue.js'
import { startTestServer, type TestServer } from '../test/server.js'

describe('the AsyncAPI document of the live events', () => {
  let server: TestServer
  let text: string
  beforeAll(async () => {
    server = await startTestServer()
    const res = await fetch(`${server.url}/api/asyncapi.json`)
    expect(res.status).toBe(200)
    text = await res.text()
  })
  afterAll(() => server?.close())

  it('is valid for the AsyncAPI parser, with no warnings', async () => {
    const { document, diagnostics } = await new Parser().parse(text)
    // Severity 0 is an error, 1 a warning; hints (2, 3) are style suggestions.
    expect(
      diagnostics.filter((d) => d.severity <= 1).map((d) => `${d.code}: ${d.message} at ${d.path.join('.')}`),
    ).toEqual([])
    expect(document).toBeDefined()
    const names = document!
      .allMessages()
      .all()
      .map((m) => m.name())
    for (const event of Object.keys(clientEventSchemas)) {
      expect(names).toContain(event)
      expect(names).toContain(`${event} acknowledgement`)
    }
    for (const event of Object.keys(serverEventSchemas)) expect(names).toContain(event)
  })

  it('describes each payload from its schema', () => {
    const doc = JSON.parse(text) as {
      components: {
        messages: Record<string, { payload: { properties?: Record<string, unknown>; required?: string[] } }>
      }
    }
    expect(doc.components.messages['client.board.join']?.payload.required).toContain('boardId')
    expect(doc.components.messages['server.moderation.count']?.payload.properties).toHaveProperty('count')
  })
})
