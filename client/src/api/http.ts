import { isErrorBody, type ApiError } from '../../../shared/errors.js'
import { IDEMPOTENCY_KEY_HEADER } from '../../../shared/http.js'

/** A refusal or failure from the API, carrying the stable error code the UI translates. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly error: ApiError,
  ) {
    super(error.message)
  }
}

const NETWORK_ERROR: ApiError = { code: 'INTERNAL', message: 'network' }

export interface RequestOptions {
  /**
   * Makes a write safe to send again: the server answers a repeated key once, never writing twice.
   * With a key, a lost connection or a server that is restarting is retried here with the same key.
   */
  idempotencyKey?: string
}

/** A new random key for one write (crypto.randomUUID needs a secure context; schools often serve plain HTTP). */
export function newIdempotencyKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('')
}

/** Waits before each automatic retry of a keyed write; Retry-After from the server wins (up to 5 s). */
const RETRY_DELAYS_MS = [1000, 3000]

/** Offline, retrying here only delays the writer's "kept safe" notice: the letter outbox takes over. */
const offline = () => typeof navigator !== 'undefined' && navigator.onLine === false

async function isRetryable(res: Response | undefined): Promise<boolean> {
  if (!res) return !offline()
  if (res.status === 503) return true
  if (res.status !== 409) return false
  // The same request (an earlier attempt whose answer was lost) is still running: its answer comes next time.
  const data: unknown = await res
    .clone()
    .json()
    .catch(() => undefined)
  return isErrorBody(data) && data.error.code === 'IN_PROGRESS'
}

function retryDelayMs(res: Response | undefined, attempt: number): number {
  const seconds = Number(res?.headers.get('retry-after'))
  return seconds > 0 ? Math.min(seconds * 1000, 5000) : (RETRY_DELAYS_MS[attempt] ?? 3000)
}

/**
 * fetch for the API with the session cookie. A write with an idempotency key is sent again, with the
 * same key, when the connection was lost, the server was restarting (503) or an earlier attempt is
 * still running (409 IN_PROGRESS). Throws ApiRequestError(0) when the network never answered.
 */
export async function apiFetch(path: string, init: RequestInit, options: RequestOptions = {}): Promise<Response> {
  const headers = new Headers(init.headers)
  if (options.idempotencyKey) headers.set(IDEMPOTENCY_KEY_HEADER, options.idempotencyKey)
  for (let attempt = 0; ; attempt++) {
    let res: Response | undefined
    try {
      res = await fetch(`/api${path}`, { ...init, headers, credentials: 'same-origin' })
    } catch {
      res = undefined
    }
    if (!options.idempotencyKey || attempt >= RETRY_DELAYS_MS.length || !(await isRetryable(res))) {
      if (!res) throw new ApiRequestError(0, NETWORK_ERROR)
      return res
    }
    await new Promise((resolve) => setTimeout(resolve, retryDelayMs(res, attempt)))
  }
}

/** Reads an API answer: its JSON, or an ApiRequestError with the server's error shape. */
export async function readAnswer<T>(res: Response): Promise<T> {
  if (res.status === 204) return undefined as T
  const data: unknown = await res.json().catch(() => undefined)
  if (!res.ok) {
    throw new ApiRequestError(
      res.status,
      isErrorBody(data) ? data.error : { code: 'INTERNAL', message: res.statusText },
    )
  }
  return data as T
}

/** JSON over fetch with the session cookie; throws ApiRequestError with the server's error shape. */
export async function api<T>(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  const res = await apiFetch(
    path,
    {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    },
    options,
  )
  return readAnswer<T>(res)
}

export const apiGet = <T>(path: string) => api<T>('GET', path)
export const apiPost = <T>(path: string, body: unknown = {}, options?: RequestOptions) =>
  api<T>('POST', path, body, options)
export const apiPatch = <T>(path: string, body: unknown) => api<T>('PATCH', path, body)
export const apiPut = <T>(path: string, body: unknown) => api<T>('PUT', path, body)
export const apiDelete = <T>(path: string) => api<T>('DELETE', path)
