import { z } from 'zod'
import { ERROR_CODES, PROTOCOL_VERSION, type ErrorCode } from '../../shared/errors.js'
import { IDEMPOTENCY_KEY_HEADER, idempotencyKeySchema } from '../../shared/schemas/common.js'
import { statusOf } from './errors.js'
import type { RouteSpec } from './routes.js'

/**
 * Refusals a feature's services decide on, beyond those every route's shape implies (see
 * `errorCodesOf`): any write of that feature may answer them. Kept beside the document so a client
 * generator learns them; errors.test.ts checks each is a real code.
 */
const FEATURE_WRITE_ERRORS: Record<string, ErrorCode[]> = {
  Accounts: [
    'INVALID_CREDENTIALS',
    'EMAIL_TAKEN',
    'WEAK_PASSWORD',
    'ACCOUNT_INACTIVE',
    'RATE_LIMITED',
    'STAFF_INVITATION_INVALID',
    'RESET_LINK_INVALID',
  ],
  Staff: [
    'STAFF_INVITATION_INVALID',
    'RESET_LINK_INVALID',
    'LAST_ADMIN',
    'EMAIL_TAKEN',
    'WEAK_PASSWORD',
    'RATE_LIMITED',
  ],
  Schools: ['CLASS_FULL'],
  Links: [
    'AGREEMENT_EMPTY',
    'SCHOOL_REVIEWS_MISSING',
    'LINK_ALREADY_PAUSED',
    'LINK_NOT_PAUSED',
    'LINK_NOT_ACTIVE',
    'STALE_VERSION',
  ],
  Partners: [
    'ALREADY_LINKED',
    'INVITATION_PENDING',
    'INVITATION_ANSWERED',
    'CLASS_ALREADY_IN_LINK',
    'NOT_IN_DIRECTORY',
    'SAME_SCHOOL',
    'LINK_FULL',
    'LINK_NOT_ACTIVE',
  ],
  Boards: ['LOCKED', 'LINK_NOT_ACTIVE', 'RATE_LIMITED'],
  Moderation: [
    'NOTHING_TO_APPROVE',
    'NOT_REJECTABLE',
    'NOT_FLAGGABLE',
    'OWN_ITEM',
    'NOT_HIDEABLE',
    'NOT_EDITABLE',
    'PHOTO_CONSENT_MISSING',
    'LINK_NOT_ACTIVE',
    'RATE_LIMITED',
  ],
  Media: ['UNSUPPORTED_MEDIA', 'LINK_NOT_ACTIVE', 'RATE_LIMITED'],
  Wall: [
    'ROUND_ALREADY_OPEN',
    'ROUND_RELEASED',
    'PHOTO_CONSENT_MISSING',
    'DEADLINE_PASSED',
    'LINK_NOT_ACTIVE',
    'RATE_LIMITED',
  ],
  Paper: [
    'UNSUPPORTED_MEDIA',
    'NOT_A_PDF',
    'TOO_MANY_FILES',
    'PAGE_NOT_AVAILABLE',
    'PAYLOAD_TOO_LARGE',
    'PHOTO_CONSENT_MISSING',
    'DEADLINE_PASSED',
    'LINK_NOT_ACTIVE',
    'RATE_LIMITED',
  ],
  Video: [
    'UNSUPPORTED_MEDIA',
    'VIDEO_UNAVAILABLE',
    'VIDEO_TOO_LONG',
    'VIDEO_NOT_ALLOWED',
    'VIDEO_NOT_READY',
    'LINK_NOT_ACTIVE',
    'RATE_LIMITED',
  ],
  Reflections: ['REFLECTION_CLOSED', 'ALREADY_ANSWERED', 'RATE_LIMITED'],
  Assemblies: ['ASSEMBLY_ENDED', 'ASSEMBLY_NOT_OPEN', 'LINK_NOT_ACTIVE', 'RATE_LIMITED'],
}

/** Every error code a route can answer: from its shape (body, access, address), its feature's refusals, and what any request can meet. */
export function errorCodesOf(route: RouteSpec): ErrorCode[] {
  // Any request can meet these: headers over the limit, a database that is restarting, a bug.
  const codes = new Set<ErrorCode>(['HEADERS_TOO_LARGE', 'INTERNAL', 'UNAVAILABLE'])
  const write = route.method !== 'get'
  if (route.body || route.params || route.query) codes.add('INVALID_PAYLOAD')
  if (route.body)
    for (const code of ['MALFORMED_JSON', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_CONTENT_TYPE'] as const) codes.add(code)
  if (route.access !== 'public') codes.add('UNAUTHENTICATED')
  if (route.access === 'teacher') codes.add('FORBIDDEN')
  if (route.params) codes.add('NOT_FOUND')
  if (write) codes.add('CROSS_SITE')
  if (route.idempotent) for (const code of ['IN_PROGRESS', 'IDEMPOTENCY_KEY_REUSED'] as const) codes.add(code)
  if (write) for (const code of FEATURE_WRITE_ERRORS[route.tag] ?? []) codes.add(code)
  for (const code of route.errors ?? []) codes.add(code)
  return [...codes].sort()
}

const STATUS_TEXT: Record<number, string> = {
  400: 'The request is not valid',
  401: 'Not signed in, or the sign-in details are wrong',
  403: 'Not allowed',
  404: 'Not found (or not yours to know about)',
  409: 'Refused in the current state',
  413: 'Too large',
  415: 'Unsupported content',
  422: 'Idempotency-Key reused for another request',
  431: 'Request headers too large',
  429: 'Too many requests: see retryAfterSeconds',
  500: 'An unexpected error',
  503: 'Unavailable for a moment: see Retry-After',
}

/** The error responses of one operation: one per status, its schema naming exactly the codes it can carry. */
function errorResponses(route: RouteSpec): Record<string, object> {
  const byStatus = new Map<number, ErrorCode[]>()
  for (const code of errorCodesOf(route)) byStatus.set(statusOf(code), [...(byStatus.get(statusOf(code)) ?? []), code])
  return Object.fromEntries(
    [...byStatus].map(([status, codes]) => [
      String(status),
      {
        description: `${STATUS_TEXT[status] ?? 'An error'}: ${codes.join(', ')}`,
        content: {
          'application/json': {
            schema: {
              allOf: [
                { $ref: '#/components/schemas/Error' },
                {
                  type: 'object',
                  properties: { error: { type: 'object', properties: { code: { type: 'string', enum: codes } } } },
                },
              ],
            },
          },
        },
      },
    ]),
  )
}

/** A stable, unique name for each operation, for client generators: `post /classes/:classId/pupils` → `postClassesByClassIdPupils`. */
export function operationIdOf(route: Pick<RouteSpec, 'method' | 'path' | 'operationId'>): string {
  if (route.operationId) return route.operationId
  const words = route.path
    .split('/')
    .filter(Boolean)
    .map((segment) => (segment.startsWith(':') ? `by-${segment.slice(1)}` : segment))
    .flatMap((segment) => segment.split(/[^A-Za-z0-9]+/))
    .filter(Boolean)
  return route.method + words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('')
}

const errorSchema = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    retryAfterSeconds: z.number().optional(),
    fields: z.record(z.string(), z.string()).optional(),
  }),
})

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'openapi-3.0' })

const idempotencyKeyParameter = {
  name: IDEMPOTENCY_KEY_HEADER,
  in: 'header',
  required: false,
  description:
    'Makes the write safe to retry: the same key by the same person gets the first answer again (Idempotent-Replayed: true), 409 IN_PROGRESS while the first is running, 422 IDEMPOTENCY_KEY_REUSED for a different request. Kept 24 hours.',
  schema: jsonSchema(idempotencyKeySchema, 'input'),
}

/** Builds the OpenAPI 3 document from the routes as they were declared with their zod schemas. */
export function buildOpenApiDocument(routes: RouteSpec[]): object {
  const paths: Record<string, Record<string, object>> = {}
  for (const route of routes) {
    const path = '/api' + route.path.replace(/:(\w+)/g, '{$1}')
    const parameters = [
      ...objectParameters(route.params, 'path'),
      ...objectParameters(route.query, 'query'),
      ...(route.idempotent ? [idempotencyKeyParameter] : []),
    ]
    const successStatus = String(route.status ?? 200)
    paths[path] ??= {}
    paths[path][route.method] = {
      operationId: operationIdOf(route),
      summary: route.summary,
      tags: [route.tag],
      ...(route.access === 'public' ? { security: [] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: jsonSchema(route.body, 'input') } },
            },
          }
        : {}),
      responses: {
        [successStatus]: route.response
          ? { description: 'OK', content: { 'application/json': { schema: jsonSchema(route.response, 'output') } } }
          : { description: 'OK' },
        ...errorResponses(route),
      },
    }
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'Bridges API',
      version: String(PROTOCOL_VERSION),
      description:
        'Classes linked across the world: links, assemblies, boards and the exchange wall. Every refusal is `{ "error": { "code", "message" } }` with a stable code; live events are described in /api/asyncapi.json.',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'bridges_session' } },
      schemas: { Error: jsonSchema(errorSchema, 'output') },
    },
    security: [{ session: [] }],
    paths,
  }
}

function objectParameters(schema: z.ZodType | undefined, location: 'path' | 'query') {
  if (!(schema instanceof z.ZodObject)) return []
  return Object.entries(schema.shape as Record<string, z.ZodType>).map(([name, field]) => ({
    name,
    in: location,
    required: location === 'path' || !field.safeParse(undefined).success,
    schema: jsonSchema(field, 'input'),
  }))
}
