import type { AddressInfo } from 'node:net'
import { io as connect, type Socket } from 'socket.io-client'
import { createApp, type App } from '../app.js'
import { loadConfig, type Config } from '../config.js'
import { createLogger } from '../logger.js'
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/events.js'
import type { Ack } from '../../shared/errors.js'
import type { Storage } from '../storage/database.js'
import { openStorage } from '../storage/database.js'

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>

export interface TestServer {
  app: App
  url: string
  storage: Storage
  config: Config
  close(): Promise<void>
}

/**
 * The real application on a free port, with a fresh database (SQLite in memory unless a storage is
 * given). Always close it in afterAll/afterEach: it stops the server and removes the database.
 */
export async function startTestServer(
  options: { env?: Record<string, string>; storage?: Storage; clientDir?: string } = {},
): Promise<TestServer> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PORT: '0', ...options.env })
  const storage = options.storage ?? (await openStorage({ kind: 'sqlite', file: ':memory:' }))
  const app = createApp({ config, storage, logger: createLogger(config.logLevel), clientDir: options.clientDir })
  await new Promise<void>((resolve) => app.http.listen(0, '127.0.0.1', resolve))
  const { port } = app.http.address() as AddressInfo
  return { app, url: `http://127.0.0.1:${port}`, storage, config, close: () => app.close() }
}

/** A tiny cookie-keeping HTTP client, one per simulated person. */
export class TestClient {
  cookie = ''
  constructor(readonly baseUrl: string) {}

  async request<T = unknown>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(this.baseUrl + path, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...headers,
      },
      body:
        body === undefined
          ? undefined
          : typeof body === 'string'
            ? body
            : body instanceof Uint8Array
              ? new Blob([new Uint8Array(body)])
              : JSON.stringify(body),
    })
    const setCookie = res.headers.get('set-cookie')
    if (setCookie) this.cookie = setCookie.split(';')[0] ?? ''
    const text = await res.text()
    const json = text ? (JSON.parse(text) as T) : (undefined as T)
    return { status: res.status, body: json, headers: res.headers }
  }

  get<T = unknown>(path: string) {
    return this.request<T>('GET', path)
  }
  post<T = unknown>(path: string, body?: unknown) {
    return this.request<T>('POST', path, body ?? {})
  }
  patch<T = unknown>(path: string, body: unknown) {
    return this.request<T>('PATCH', path, body)
  }
  put<T = unknown>(path: string, body: unknown) {
    return this.request<T>('PUT', path, body)
  }
  delete<T = unknown>(path: string) {
    return this.request<T>('DELETE', path)
  }

  /** A Socket.IO connection carrying this client's session cookie; resolves once connected. */
  async connectSocket(): Promise<TestSocket> {
    const socket: TestSocket = connect(this.baseUrl, {
      transports: ['websocket'],
      extraHeaders: this.cookie ? { cookie: this.cookie } : {},
      reconnection: false,
      forceNew: true,
    })
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve())
      socket.once('connect_error', (error) => reject(error))
    })
    return socket
  }
}

/** Sends a request event and resolves with its acknowledgement. */
export function emitWithAck<T>(socket: TestSocket, event: string, payload: unknown): Promise<Ack<T>> {
  // The event maps are typed per feature; tests also send deliberately malformed payloads.
  return (socket as unknown as { timeout(ms: number): { emitWithAck(e: string, p: unknown): Promise<Ack<T>> } })
    .timeout(5000)
    .emitWithAck(event, payload)
}

/** Resolves with the next payload of a broadcast event, or rejects after a timeout. */
export function nextEvent<T>(socket: TestSocket, event: string, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs)
    ;(socket as unknown as { once(e: string, fn: (p: T) => void): void }).once(event, (payload: T) => {
      clearTimeout(timer)
      resolve(payload)
    })
  })
}
