import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { Child, freePort, isAlive, run } from './processes.js'

export const REDIS_SERVER = process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server'
export const POSTGRES_BIN = process.env.POSTGRES_BIN_DIR ?? '/usr/lib/postgresql/15/bin'
const isRoot = process.getuid?.() === 0
const DIR_PREFIX = 'bridges-fault-'

/** Runs a command without blocking the event loop (traffic keeps flowing while PostgreSQL restarts). */
function runAsync(command: string, args: string[], timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: '/', stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.once('error', reject)
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      if (code === 0) resolve(output)
      else reject(new Error(`${command} ${args.join(' ')} failed (${code ?? signal}):\n${output}`))
    })
  })
}

/** initdb refuses to run as root: there, PostgreSQL's tools run as the postgres user. */
const asPostgres = (tool: string, args: string[]): [string, string[]] =>
  isRoot
    ? ['runuser', ['-u', 'postgres', '--', path.join(POSTGRES_BIN, tool), ...args]]
    : [path.join(POSTGRES_BIN, tool), args]

/**
 * A scratch directory for one test file's servers. It records the owning process, so a later run can
 * stop servers left behind by a test process that was killed before its exit handlers ran.
 */
export function makeScratchDir(): string {
  sweepAbandoned()
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), DIR_PREFIX))
  fs.chmodSync(dir, 0o755)
  fs.writeFileSync(path.join(dir, 'owner.pid'), String(process.pid))
  return dir
}

function sweepAbandoned(): void {
  for (const name of fs.readdirSync(os.tmpdir())) {
    if (!name.startsWith(DIR_PREFIX)) continue
    const dir = path.join(os.tmpdir(), name)
    const owner = Number(readIfExists(path.join(dir, 'owner.pid')))
    if (!owner || isAlive(owner)) continue
    const redisPid = Number(readIfExists(path.join(dir, 'redis.pid')))
    if (redisPid && isAlive(redisPid)) process.kill(redisPid, 'SIGKILL')
    const pgData = path.join(dir, 'pg')
    if (fs.existsSync(path.join(pgData, 'postmaster.pid'))) {
      try {
        run(...asPostgres('pg_ctl', ['-D', pgData, '-m', 'immediate', '-w', 'stop']), { timeoutMs: 20_000 })
      } catch {
        // Already gone.
      }
    }
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8').trim()
  } catch {
    return undefined
  }
}

/** A redis-server of our own on a free port, with no persistence: a restart loses every key. */
export class RedisServer {
  private child: Child | undefined
  /** Everything every run printed, for diagnosis. */
  log = ''

  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  static async start(dir: string): Promise<RedisServer> {
    const server = new RedisServer(await freePort(), dir)
    await server.start()
    return server
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`
  }

  get running(): boolean {
    return this.child?.running ?? false
  }

  async start(): Promise<void> {
    if (this.running) return
    const child = new Child(REDIS_SERVER, [
      '--port',
      String(this.port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      this.dir,
    ])
    this.child = child
    fs.writeFileSync(path.join(this.dir, 'redis.pid'), String(child.process.pid ?? ''))
    try {
      await child.waitFor(/Ready to accept connections/, 15_000)
    } finally {
      this.log += child.output
    }
  }

  /** SIGTERM is a clean shutdown; SIGKILL is a crash (connections reset, nothing flushed). */
  async stop(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child
    if (!child) return
    await child.stop(signal)
    this.log += child.output
    this.child = undefined
  }

  async restart(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    await this.stop(signal)
    await this.start()
  }

  killNow(): void {
    this.child?.killNow()
  }
}

export type PostgresStopMode = 'smart' | 'fast' | 'immediate'

/** A PostgreSQL cluster of our own (initdb) on a free port; data survives its restarts. */
export class PostgresServer {
  private started = false

  private constructor(
    readonly port: number,
    readonly dataDir: string,
  ) {}

  static async start(dir: string): Promise<PostgresServer> {
    const dataDir = path.join(dir, 'pg')
    fs.mkdirSync(dataDir, { mode: 0o700 })
    if (isRoot) run('chown', ['postgres:postgres', dataDir])
    await runAsync(
      ...asPostgres('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '--no-instructions']),
    )
    const server = new PostgresServer(await freePort(), dataDir)
    await server.start()
    const admin = new pg.Client({ connectionString: server.urlFor('postgres') })
    await admin.connect()
    await admin.query('CREATE DATABASE bridges')
    await admin.end()
    return server
  }

  urlFor(database = 'bridges'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`
  }

  get url(): string {
    return this.urlFor()
  }

  async start(): Promise<void> {
    // fsync off: faster on a shared CI disk, and still safe when only PostgreSQL crashes (the OS keeps
    // what was written). synchronous_commit must stay on: an immediate stop would lose acknowledged commits.
    const options = `-p ${this.port} -k ${this.dataDir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`
    await runAsync(
      ...asPostgres('pg_ctl', [
        '-D',
        this.dataDir,
        '-o',
        options,
        '-l',
        path.join(this.dataDir, 'server.log'),
        '-w',
        '-t',
        '30',
        'start',
      ]),
    )
    this.started = true
  }

  /** `fast` ends sessions with admin_shutdown (57P01); `immediate` drops them like a crash. */
  async stop(mode: PostgresStopMode = 'fast'): Promise<void> {
    if (!this.started) return
    await runAsync(...asPostgres('pg_ctl', ['-D', this.dataDir, '-m', mode, '-w', '-t', '30', 'stop']))
    this.started = false
  }

  async restart(mode: PostgresStopMode = 'fast'): Promise<void> {
    await this.stop(mode)
    await this.start()
  }

  get log(): string {
    return readIfExists(path.join(this.dataDir, 'server.log')) ?? ''
  }

  /** For exit handlers: synchronous, and as abrupt as needed. */
  stopNow(): void {
    if (!this.started) return
    this.started = false
    try {
      run(...asPostgres('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', '-w', '-t', '20', 'stop']), {
        timeoutMs: 25_000,
      })
    } catch {
      // Already stopped.
    }
  }
}

/** Why fault tests cannot run here (no redis-server or PostgreSQL binaries), or undefined. */
export function missingBinaries(): string | undefined {
  if (!fs.existsSync(REDIS_SERVER))
    return `Fault tests skipped: ${REDIS_SERVER} is missing (apt-get install redis-server).`
  if (!fs.existsSync(path.join(POSTGRES_BIN, 'pg_ctl')))
    return `Fault tests skipped: PostgreSQL binaries are missing in ${POSTGRES_BIN} (apt-get install postgresql).`
  return undefined
}
