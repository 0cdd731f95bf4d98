import fc from 'fast-check'
import { z } from 'zod'
import { ERROR_CODES } from '../../shared/errors.js'

/** Strings that have broken servers before: control characters, broken Unicode, numbers in disguise, injections. */
export const HOSTILE_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\u0007\u001b[31m',
  '\u202etxt.exe',
  '\ufeff',
  '😀'.repeat(300),
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  '1e308',
  '-1e308',
  'NaN',
  'Infinity',
  '-0',
  '0x10',
  '9007199254740993',
  '1e-400',
  'null',
  'undefined',
  "' or 1=1 --",
  '"; drop table users; --',
  '%',
  '_',
  '\\',
  '%00',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '{{7*7}}',
  'x'.repeat(5000),
]

const char = (min: number, max: number) => fc.integer({ min, max }).map((c) => String.fromCharCode(c))

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...HOSTILE_STRINGS), weight: 4 },
  { arbitrary: fc.string({ maxLength: 40, unit: 'binary' }), weight: 2 },
  // Lone surrogates and C0 controls, which `unit: 'binary'` rarely produces.
  { arbitrary: fc.string({ maxLength: 8, unit: char(0xd800, 0xdfff) }), weight: 1 },
  { arbitrary: fc.string({ maxLength: 8, unit: char(0, 0x1f) }), weight: 1 },
  { arbitrary: fc.constantFrom(70_000, 300_000).map((n) => 'z'.repeat(n)), weight: 1 },
)

export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, -0, 0.5, -1, 2 ** 31, 2 ** 63, Number.MIN_VALUE),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
)

export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', '', '\u0000', 'a.b', '$where'),
  fc.string({ maxLength: 10 }),
)

/** Any JSON value, of any type and a little nesting: what arrives where something else was expected. */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', maxDepth: 3 },
    hostileString,
    hostileNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(hostileKey, tie('value'), { maxKeys: 4 }),
  ),
})).value

interface JsonSchema {
  type?: string | string[]
  properties?: Record<string, JsonSchema>
  required?: string[]
  items?: JsonSchema
  enum?: unknown[]
  const?: unknown
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  allOf?: JsonSchema[]
  format?: string
  minimum?: number
  maximum?: number
  minLength?: number
  maxLength?: number
  maxItems?: number
}

/** Real ids to aim at, by field name (`linkId`, `threadId`…); any uuid field may get any of them. */
export interface IdPool {
  byName: Record<string, string[]>
  all: string[]
}

/**
 * Values shaped like what `schema` takes, most of them valid in type and some not, with hostile
 * strings and numbers throughout, extra fields and prototype keys: the fuzz reaches past the schema
 * into the services and the database instead of stopping at the first type check.
 */
export function arbitraryFor(schema: z.ZodType, ids: IdPool): fc.Arbitrary<unknown> {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema
  return fromJsonSchema(json, ids, undefined)
}

function fromJsonSchema(schema: JsonSchema, ids: IdPool, name: string | undefined): fc.Arbitrary<unknown> {
  return fc.oneof({ arbitrary: wellTyped(schema, ids, name), weight: 6 }, { arbitrary: hostileValue, weight: 1 })
}

function wellTyped(schema: JsonSchema, ids: IdPool, name: string | undefined): fc.Arbitrary<unknown> {
  const options = schema.anyOf ?? schema.oneOf
  if (options?.length) return fc.oneof(...options.map((option) => fromJsonSchema(option, ids, name)))
  if (schema.allOf?.[0]) return fromJsonSchema(schema.allOf[0], ids, name)
  if ('const' in schema) return fc.constant(schema.const)
  if (schema.enum?.length) return fc.constantFrom(...schema.enum)
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type
  switch (type) {
    case 'object':
      return objectOf(schema, ids)
    case 'array':
      return fc.array(schema.items ? fromJsonSchema(schema.items, ids, name) : hostileValue, {
        maxLength: Math.min(schema.maxItems ?? 4, 4),
      })
    case 'string':
      return stringOf(schema, ids, name)
    case 'integer':
      return fc.oneof(fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000 }), hostileNumber)
    case 'number':
      return fc.oneof(
        fc.double({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000, noNaN: true }),
        hostileNumber,
      )
    case 'boolean':
      return fc.boolean()
    case 'null':
      return fc.constant(null)
    default:
      return hostileValue
  }
}

function objectOf(schema: JsonSchema, ids: IdPool): fc.Arbitrary<unknown> {
  const properties = schema.properties ?? {}
  const shape = Object.fromEntries(
    Object.entries(properties).map(([key, value]) => [key, fromJsonSchema(value, ids, key)]),
  )
  const record = fc.record(shape, { requiredKeys: (schema.required ?? []).filter((key) => key in shape) })
  const extra = fc.option(fc.tuple(hostileKey, hostileValue), { freq: 4 })
  return fc.tuple(record, extra).map(([value, more]) => {
    if (!more) return value
    // defineProperty, so a `__proto__` key is an own field in the JSON sent, not a prototype change here.
    Object.defineProperty(value, more[0], { value: more[1], enumerable: true, configurable: true, writable: true })
    return value
  })
}

function stringOf(schema: JsonSchema, ids: IdPool, name: string | undefined): fc.Arbitrary<string> {
  const max = Math.min(schema.maxLength ?? 60, 60)
  const plain = fc.string({ minLength: Math.min(schema.minLength ?? 0, max), maxLength: max })
  // A valid-looking value with a NUL or a lone surrogate planted in it.
  const planted = fc
    .tuple(plain, fc.constantFrom('\u0000', '\ud83d', '\u0008'))
    .map(([text, bad]) => `${text}${bad}${text}`)
  if (schema.format === 'uuid') {
    const named = (name && ids.byName[name]) || []
    return fc.oneof(
      { arbitrary: fc.constantFrom(...(named.length ? named : ids.all)), weight: 4 },
      { arbitrary: fc.constantFrom(...ids.all), weight: 2 },
      { arbitrary: fc.uuid(), weight: 1 },
      { arbitrary: hostileString, weight: 1 },
    )
  }
  if (schema.format === 'date-time')
    return fc.oneof(
      fc
        .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
        .map((d) => d.toISOString()),
      hostileString,
    )
  if (schema.format === 'date')
    return fc.oneof(
      fc
        .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10)),
      hostileString,
    )
  return fc.oneof(
    { arbitrary: plain, weight: 3 },
    { arbitrary: planted, weight: 3 },
    { arbitrary: hostileString, weight: 1 },
  )
}

/** Request bodies no schema describes: not JSON, nested past any sense, or with a prototype key. */
export const RAW_BODIES = [
  '{"a":',
  'null',
  '"just a string"',
  '12',
  '[]',
  `${'['.repeat(20_000)}${']'.repeat(20_000)}`,
  `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`,
  '{"__proto__":{"role":"teacher","isAdmin":true},"constructor":{"prototype":{"polluted":true}}}',
  '{"a":1,"a":2}',
  '\u0000',
]

/** Percent-encodes a path segment; a lone surrogate becomes bytes that are not UTF-8, as a hostile client sends them. */
export function encodeSegment(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? '')
  try {
    return encodeURIComponent(text)
  } catch {
    return text.replace(/[\s\S]/g, (ch) => (/[\ud800-\udfff]/.test(ch) ? '%ED%A0%80' : encodeURIComponent(ch)))
  }
}

/** A query string from a generated object: arrays become repeated keys. */
export function queryString(value: unknown): string {
  if (typeof value !== 'object' || value === null) return `q=${encodeSegment(value)}`
  const parts: string[] = []
  for (const [key, item] of Object.entries(value)) {
    for (const one of Array.isArray(item) ? item : [item])
      parts.push(`${encodeSegment(key)}=${encodeSegment(typeof one === 'string' ? one : JSON.stringify(one))}`)
  }
  return parts.join('&')
}

const errorCodes = new Set<string>(ERROR_CODES)

/** Why `body` is not the error shape `{ error: { code, message } }`, or undefined when it is. */
export function errorShapeProblem(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || !('error' in body)) return 'no error object'
  const error = (body as { error: unknown }).error as { code?: unknown; message?: unknown }
  if (typeof error !== 'object' || error === null) return 'error is not an object'
  if (typeof error.code !== 'string' || !errorCodes.has(error.code)) return `unknown code ${String(error.code)}`
  if (typeof error.message !== 'string' || !error.message) return 'no message'
  return undefined
}
