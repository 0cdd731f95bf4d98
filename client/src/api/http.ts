import { isErrorBody, type ApiError } from '../../../shared/errors.js'

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

/** JSON over fetch with the session cookie; throws ApiRequestError with the server's error shape. */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response
  try {
    res = await fetch(`/api${path}`, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  } catch {
    throw new ApiRequestError(0, NETWORK_ERROR)
  }
  if (res.status === 204) return undefined as T
  const data: unknown = await res.json().catch(() => undefined)
  if (!res.ok) {
    throw new ApiRequestError(res.status, isErrorBody(data) ? data.error : { code: 'INTERNAL', message: res.statusText })
  }
  return data as T
}

export const apiGet = <T>(path: string) => api<T>('GET', path)
export const apiPost = <T>(path: string, body: unknown = {}) => api<T>('POST', path, body)
export const apiPatch = <T>(path: string, body: unknown) => api<T>('PATCH', path, body)
export const apiPut = <T>(path: string, body: unknown) => api<T>('PUT', path, body)
export const apiDelete = <T>(path: string) => api<T>('DELETE', path)
