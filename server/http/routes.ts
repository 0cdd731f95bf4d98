import type { Request, Response, Router } from 'express'
import type { z } from 'zod'
import type { ErrorCode } from '../../shared/errors.js'
import type { User } from '../../shared/schemas/accounts.js'
import type { Authenticated } from '../features/accounts/accounts.service.js'
import { DomainError } from '../domain/errors.js'
import { authOf } from './session.js'
import { invalidPayload } from './errors.js'
import { answerOnce, fingerprintOf, idempotencyKeyOf, type StoredAnswer } from './idempotency.js'

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete'
type Access = 'public' | 'user' | 'teacher'

export interface RouteSpec<
  B extends z.ZodType = z.ZodType,
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
> {
  method: Method
  /** Express path relative to /api, e.g. `/classes/:classId`. */
  path: string
  summary: string
  tag: string
  access: Access
  body?: B
  params?: P
  query?: Q
  /** The operation's name in the OpenAPI document (derived from method and path when absent). */
  operationId?: string
  /** Error codes this route can answer beyond those its shape and feature imply (see openapi.ts). */
  errors?: ErrorCode[]
  /** Describes the JSON answer in the OpenAPI document. */
  response?: z.ZodType
  /** 200 by default; a handler returning undefined answers 204. */
  status?: number
  /**
   * Honours an `Idempotency-Key` header (see idempotency.ts): a retry with the same key by the same
   * person gets the first answer and never writes twice. The key covers method, address and parsed
   * JSON body; a multipart upload's file is not part of it (its body is read by the handler).
   */
  idempotent?: boolean
}

export interface RouteContext<B, P, Q, A> {
  body: B
  params: P
  query: Q
  auth: A
  req: Request
  res: Response
}

type AuthFor<A extends Access> = A extends 'public' ? Authenticated | null : Authenticated & { user: User }

/** Every API route, kept so the OpenAPI document describes exactly what is served. */
export const registeredRoutes: RouteSpec[] = []

/**
 * Declares one API route: parses params, query and body with their shared schemas, checks access,
 * runs the handler and sends its result. Handlers stay thin: one service call, then the answer.
 */
export function defineRoute<
  B extends z.ZodType = z.ZodUndefined,
  P extends z.ZodType = z.ZodObject,
  Q extends z.ZodType = z.ZodObject,
  A extends Access = Access,
>(
  router: Router,
  spec: RouteSpec<B, P, Q> & { access: A },
  handler: (ctx: RouteContext<z.infer<B>, z.infer<P>, z.infer<Q>, AuthFor<A>>) => Promise<unknown>,
): void {
  if (!registeredRoutes.some((r) => r.method === spec.method && r.path === spec.path)) {
    registeredRoutes.push(spec as RouteSpec)
  }
  router[spec.method](spec.path, (req, res, next) => {
    const run = async () => {
      const auth = authOf(res)
      if (spec.access !== 'public' && !auth) {
        throw new DomainError('UNAUTHENTICATED', 'Please sign in first')
      }
      if (spec.access === 'teacher' && auth?.user.role !== 'teacher') {
        throw new DomainError('FORBIDDEN', 'Only teachers can do that')
      }
      const params = parse(spec.params, req.params, 'address')
      const query = parse(spec.query, req.query, 'query')
      const body = parse(spec.body, req.body, 'request body')
      const handle = async (): Promise<StoredAnswer> => {
        const result = await handler({ body, params, query, auth: auth as AuthFor<A>, req, res })
        return result === undefined ? { status: 204 } : { status: spec.status ?? 200, body: result }
      }
      const key = spec.idempotent && auth ? idempotencyKeyOf(req) : undefined
      const answer =
        key && auth ? await answerOnce(res, auth.user.id, key, fingerprintOf(req, body), handle) : await handle()
      if (res.headersSent) return
      if (answer.body === undefined) res.status(answer.status).end()
      else res.status(answer.status).json(answer.body)
    }
    run().catch(next)
  })
}

function parse(schema: z.ZodType | undefined, value: unknown, what: string): never {
  if (!schema) return undefined as never
  const parsed = schema.safeParse(value ?? {})
  if (!parsed.success) {
    const error = invalidPayload(parsed.error, what)
    throw new DomainError('INVALID_PAYLOAD', error.message, { fields: error.fields })
  }
  return parsed.data as never
}
