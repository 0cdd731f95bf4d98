import { z } from 'zod'
import { ERROR_CODES, PROTOCOL_VERSION } from '../../shared/errors.js'
import { IDEMPOTENCY_KEY_HEADER, idempotencyKeySchema } from '../../shared/schemas/common.js'
import type { RouteSpec } from './routes.js'

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
  description: 'Makes the write safe to retry: the same key by the same person gets the first answer again (Idempotent-Replayed: true), 409 IN_PROGRESS while the first is running, 422 IDEMPOTENCY_KEY_REUSED for a different request. Kept 24 hours.',
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
      summary: route.summary,
      tags: [route.tag],
      ...(route.access === 'public' ? { security: [] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(route.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.body, 'input') } } } }
        : {}),
      responses: {
        [successStatus]: route.response
          ? { description: 'OK', content: { 'application/json': { schema: jsonSchema(route.response, 'output') } } }
          : { description: 'OK' },
        default: {
          description: 'An error',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      },
    }
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'Bridges API',
      version: String(PROTOCOL_VERSION),
      description: 'Classes linked across the world: links, assemblies, boards and the exchange wall.',
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
