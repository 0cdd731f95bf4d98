import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process'
import net from 'node:net'

/** A free TCP port on loopback (closed again before it is returned, so a race is possible but rare). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo
      probe.close(() => resolve(port))
    })
  })
}

export interface Exit {
  code: number | null
  signal: NodeJS.Signals | null
}

/** A child process whose stdout and stderr are collected, and whose exit is a promise. */
export class Child {
  readonly process: ChildProcess
  output = ''
  readonly exited: Promise<Exit>
  exit: Exit | undefined

  constructor(command: string, args: string[], options: SpawnOptions = {}) {
    this.process = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] })
    this.process.stdout?.setEncoding('utf8').on('data', (chunk: string) => (this.output += chunk))
    this.process.stderr?.setEncoding('utf8').on('data', (chunk: string) => (this.output += chunk))
    this.exited = new Promise((resolve) => {
      this.process.once('exit', (code, signal) => {
        this.exit = { code, signal }
        resolve(this.exit)
      })
      // A binary that cannot be started never exits: report it as one that failed at once.
      this.process.once('error', (error) => {
        this.output += `\n${error.message}`
        this.exit ??= { code: -1, signal: null }
        resolve(this.exit)
      })
    })
  }

  get running(): boolean {
    return this.exit === undefined
  }

  /** Resolves once the output matches `pattern`; rejects if the process exits first or time runs out. */
  waitFor(pattern: RegExp, timeoutMs = 20_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const started = this.output.length
      const timer = setTimeout(
        () => done(new Error(`no ${pattern} within ${timeoutMs} ms:\n${this.output.slice(-4000)}`)),
        timeoutMs,
      )
      const onData = () => {
        if (pattern.test(this.output.slice(Math.max(0, started - 200)))) done()
      }
      const onExit = () =>
        done(new Error(`process exited (${JSON.stringify(this.exit)}) before ${pattern}:\n${this.output.slice(-4000)}`))
      const done = (error?: Error) => {
        clearTimeout(timer)
        this.process.stdout?.off('data', onData)
        this.process.stderr?.off('data', onData)
        this.process.off('exit', onExit)
        if (error) reject(error)
        else resolve()
      }
      this.process.stdout?.on('data', onData)
      this.process.stderr?.on('data', onData)
      this.process.once('exit', onExit)
      if (!this.running) onExit()
      else onData()
    })
  }

  /** Sends `signal` and waits for the exit; SIGKILL follows if it has not exited within `timeoutMs`. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 10_000): Promise<Exit> {
    if (!this.running) return this.exit as Exit
    this.process.kill(signal)
    const timer = setTimeout(() => this.process.kill('SIGKILL'), timeoutMs)
    const exit = await this.exited
    clearTimeout(timer)
    return exit
  }

  /** For exit handlers, where nothing asynchronous runs any more. */
  killNow(): void {
    if (this.running) this.process.kill('SIGKILL')
  }
}

/** Runs a command to completion; throws with its output when it fails. */
export function run(command: string, args: string[], options: { timeoutMs?: number; cwd?: string } = {}): string {
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 60_000,
    cwd: options.cwd ?? '/',
  })
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed (${result.status ?? result.signal}):\n${output}`)
  return output
}

/** Whether the process with this id is alive (signal 0 only checks). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))
