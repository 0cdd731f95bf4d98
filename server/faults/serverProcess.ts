import { spawn, type ChildProcess } from 'node:child_process'
import http from 'node:http'
import net from 'node:net'
import path from 'node:path'
import { freePort, type Exit } from '../test/faults/processes.js'

export { freePort }

export const repoRoot = path.resolve(import.meta.dirname, '../..')

/** A spawned process whose output is collected and whose exit is a promise. */
export class Spawned {
  output = ''
  exit: Exit | undefined
  readonly exited: Promise<Exit>

  constructor(readonly child: ChildProcess) {
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (this.output += chunk))
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (this.output += chunk))
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exit = { code, signal }
        resolve(this.exit)
      })
    })
  }

  get running(): boolean {
    return this.exit === undefined
  }

  /** Resolves once the output matches; rejects if the process exits first or time runs out. */
  waitFor(pattern: RegExp, timeoutMs = 30_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (pattern.test(this.output)) done()
      }
      const timer = setTimeout(
        () => done(new Error(`no ${pattern} within ${timeoutMs} ms:\n${this.output.slice(-3000)}`)),
        timeoutMs,
      )
      const onExit = () =>
        setImmediate(() =>
          pattern.test(this.output)
            ? done()
            : done(new Error(`exited ${JSON.stringify(this.exit)} before ${pattern}:\n${this.output.slice(-3000)}`)),
        )
      const done = (error?: Error) => {
        clearTimeout(timer)
        this.child.stdout?.off('data', check)
        this.child.stderr?.off('data', check)
        this.child.off('exit', onExit)
        if (error) reject(error)
        else resolve()
      }
      this.child.stdout?.on('data', check)
      this.child.stderr?.on('data', check)
      this.child.once('exit', onExit)
      check()
    })
  }

  /** The exit, or a rejection if the process is still running after `timeoutMs`. */
  exitWithin(timeoutMs: number): Promise<Exit> {
    return Promise.race([
      this.exited,
      new Promise<never>((_, reject) =>
        setTimeout(
          () => reject(new Error(`still running after ${timeoutMs} ms:\n${this.output.slice(-3000)}`)),
          timeoutMs,
        ).unref(),
      ),
    ])
  }

  /** SIGKILL if still running; for afterAll. */
  async kill(): Promise<void> {
    if (!this.running) return
    this.child.kill('SIGKILL')
    await this.exited
  }
}

/**
 * `node --import tsx server/main.ts` with only the environment it needs (an inherited DATABASE_URL or
 * REDIS_URL must not point it elsewhere); resolves once it listens.
 */
export async function startServerProcess(
  env: Record<string, string>,
): Promise<Spawned & { url: string; port: number }> {
  const port = await freePort()
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      ...env,
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const spawned = new Spawned(child)
  await spawned.waitFor(/Bridges is listening/)
  return Object.assign(spawned, { url: `http://127.0.0.1:${port}`, port })
}

/** Whether a new TCP connection to the port is accepted (a fresh one, never a pooled keep-alive). */
export function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

export interface HttpAnswer {
  status: number
  headers: http.IncomingHttpHeaders
  body: string
}

/**
 * A request on a connection of its own whose body is sent in two steps: the first `headBytes` at once
 * (so the server has the request in hand), the rest only when `finish()` is called, in small pieces.
 * It lets a test hold writes in flight across a signal.
 */
export function slowRequest(
  url: string,
  method: string,
  urlPath: string,
  headers: Record<string, string>,
  body: Buffer,
  headBytes = Math.floor(body.length / 2),
) {
  let resolveAnswer: (answer: HttpAnswer) => void
  let rejectAnswer: (error: Error) => void
  const answer = new Promise<HttpAnswer>((resolve, reject) => {
    resolveAnswer = resolve
    rejectAnswer = reject
  })
  const req = http.request(
    `${url}${urlPath}`,
    { method, agent: false, headers: { ...headers, 'content-length': String(body.length) } },
    (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (text += chunk))
      res.on('end', () => resolveAnswer({ status: res.statusCode ?? 0, headers: res.headers, body: text }))
      res.on('error', (error) => rejectAnswer(error))
    },
  )
  req.on('error', (error) => rejectAnswer(error))
  // Settled by whoever awaits it; a test that fails earlier must not also report it as unhandled.
  answer.catch(() => undefined)
  req.write(body.subarray(0, headBytes))
  return {
    answer,
    /** Sends the rest of the body in `pieces` pieces, `gapMs` apart. */
    async finish(pieces = 4, gapMs = 50): Promise<void> {
      const rest = body.subarray(headBytes)
      const size = Math.ceil(rest.length / pieces)
      for (let offset = 0; offset < rest.length; offset += size) {
        if (req.destroyed) return
        req.write(rest.subarray(offset, offset + size))
        await new Promise((resolve) => setTimeout(resolve, gapMs))
      }
      req.end()
    },
  }
}
