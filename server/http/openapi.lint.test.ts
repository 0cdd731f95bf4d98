import path from 'node:path'
import { lintFromString, loadConfig } from '@redocly/openapi-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ERROR_CODES } from '../../shared/errors.js'
import { startTestServer, type TestServer } from '../test/server.js'

interface Operation {
  operationId?: string
  responses: Record<
    string,
    {
      content?: {
        'application/json'?: {
          schema?: { allOf?: [unknown, { properties: { error: { properties: { code: { enum: string[] } } } } }] }
        }
      }
    }
  >
}

describe('the OpenAPI document, as a client generator reads it', () => {
  let server: TestServer
  let doc: { paths: Record<string, Record<string, Operation>> }
  let text: string
  beforeAll(async () => {
    server = await startTestServer()
    const res = await fetch(`${server.url}/api/openapi.json`)
    text = await res.text()
    doc = JSON.parse(text) as typeof doc
  })
  afterAll(() => server?.close())

  it('passes Redocly’s recommended lint with no warnings', async () => {
    const config = await loadConfig({ configPath: path.resolve(import.meta.dirname, '../../redocly.yaml') })
    const problems = await lintFromString({ source: text, absoluteRef: 'openapi.json', config })
    expect(problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? ''}`)).toEqual(
      [],
    )
  })

  it('names every operation once and documents the error codes it can answer', () => {
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ where: `${method} ${path}`, op })),
    )
    expect(operations.length).toBeGreaterThan(70)
    const ids = operations.map((o) => o.op.operationId)
    expect(ids.every(Boolean)).toBe(true)
    expect(new Set(ids).size).toBe(ids.length)
    for (const { where, op } of operations) {
      const codes = Object.entries(op.responses)
        .filter(([status]) => status.startsWith('4') || status.startsWith('5'))
        .flatMap(
          ([, response]) =>
            response.content?.['application/json']?.schema?.allOf?.[1].properties.error.properties.code.enum ?? [],
        )
      expect(codes, where).toContain('INTERNAL')
      for (const code of codes) expect(ERROR_CODES).toContain(code)
    }
    const leave = doc.paths['/api/classes/{classId}/pupils/{pupilId}/leave']!.post!
    expect(leave.operationId).toBe('postClassesByClassIdPupilsByPupilIdLeave')
    expect(Object.keys(leave.responses).sort()).toEqual([
      '200',
      '400',
      '401',
      '403',
      '404',
      '413',
      '415',
      '431',
      '500',
      '503',
    ])
    const upload = doc.paths['/api/links/{linkId}/wall']!.post!
    expect(JSON.stringify(upload.responses['409'])).toContain('DEADLINE_PASSED')
  })
})
