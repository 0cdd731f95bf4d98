/**
 * Fault-suite harness: real server processes (`node --import tsx server/main.ts`) on a redis-server and
 * a PostgreSQL cluster of their own, on free ports, so a test can stop, crash and restart any of them
 * without touching the machine's own services.
 *
 * ```ts
 * const skip = faultSkipReason()
 * describe.skipIf(Boolean(skip))('…', () => {
 *   let cluster: Cluster
 *   beforeAll(async () => { cluster = await startCluster({ nodes: 2 }) })
 *   afterAll(() => cluster?.close())
 *   it('…', async () => { await cluster.redis!.stop(); … await cluster.nodes[0]!.kill('SIGKILL') })
 * })
 * ```
 * Everything started is stopped by `close()`, and also by exit handlers if the test process ends first.
 */
import fs from 'node:fs'
import path from 'node:path'
import { Child, freePort, sleep, type Exit } from './processes.js'
import { makeScratchDir, missingBinaries, PostgresServer, RedisServer } from './services.js'

const root = path.resolve(import.meta.dirname, '../../..')

/** Why this machine cannot run fault tests (say it in one line and skip), or undefined. */
export function faultSkipReason(): string | undefined {
  const reason = missingBinaries()
  if (reason) console.warn(reason)
  return reason
}

/** One server process. It keeps its port across restarts, so clients reconnect to the same address. */
export class ServerNode {
  private child: Child | undefined
  /** Output of every run so far, the current one last. */
  private previousOutput = ''
  /** How each run ended (a signal, a crash), in order. */
  readonly exits: Exit[] = []

  constructor(
    readonly name: string,
    readonly port: number,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`
  }

  get running(): boolean {
    return this.child?.running ?? false
  }

  get output(): string {
    return this.previousOutput + (this.child?.output ?? '')
  }

  /** The exit of the current run, as a promise (never resolves while nothing runs). */
  get exited(): Promise<Exit> {
    return this.child?.exited ?? new Promise(() => {})
  }

  async start(timeoutMs = 30_000): Promise<void> {
    if (this.running) return
    if (this.child) this.previousOutput += this.child.output
    const child = new Child(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: root, env: this.env })
    this.child = child
    void child.exited.then((exit) => this.exits.push(exit))
    await this.untilAnswering(child, timeoutMs)
  }

  /** Any HTTP answer counts (a 503 while the database is down too): the log line is not printed below LOG_LEVEL=info. */
  private async untilAnswering(child: Child, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs
    while (child.running) {
      const answered = await fetch(`${this.url}/api/health`, { signal: AbortSignal.timeout(2000) }).then(
        () => true,
        () => false,
      )
      if (answered) return
      if (Date.now() > deadline) break
      await sleep(100)
    }
    throw new Error(
      `node ${this.name} ${child.running ? `did not answer within ${timeoutMs} ms` : `exited (${JSON.stringify(child.exit)})`}:\n${child.output.slice(-4000)}`,
    )
  }

  /** Sends the signal and waits for the process to end (SIGKILL after `timeoutMs`). */
  async kill(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 15_000): Promise<Exit | undefined> {
    return this.child?.stop(signal, timeoutMs)
  }

  async restart(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    await this.kill(signal)
    await this.start()
  }

  /** Resolves when this run prints a line matching `pattern`. */
  waitFor(pattern: RegExp, timeoutMs = 20_000): Promise<void> {
    if (!this.child) return Promise.reject(new Error(`${this.name} is not running`))
    return this.child.waitFor(pattern, timeoutMs)
  }

  killNow(): void {
    this.child?.killNow()
  }
}

export interface ClusterOptions {
  /** How many server processes (default 2). */
  nodes?: number
  /** Start a redis-server and give the nodes REDIS_URL (default true). */
  redis?: boolean
  /** Start a PostgreSQL cluster and give the nodes DATABASE_URL (default true; else each uses SQLite). */
  postgres?: boolean
  /** More environment for every node (LOG_LEVEL defaults to 'warn'). */
  env?: Record<string, string>
}

export interface Cluster {
  nodes: ServerNode[]
  redis: RedisServer | undefined
  postgres: PostgresServer | undefined
  /** The scratch directory holding the database files, sockets and each node's DATA_DIR. */
  dir: string
  /** Stops every node, then Redis and PostgreSQL, and removes the scratch directory. Safe to call twice. */
  close(): Promise<void>
}

const liveClusters = new Set<{ killNow(): void }>()
let exitHandlersInstalled = false

/** A test process that ends (or is interrupted) before afterAll still stops what it started. */
function installExitHandlers(): void {
  if (exitHandlersInstalled) return
  exitHandlersInstalled = true
  const killAll = () => {
    for (const cluster of liveClusters) cluster.killNow()
    liveClusters.clear()
  }
  process.once('exit', killAll)
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killAll()
      // Let the signal do what it would have done without us.
      process.kill(process.pid, signal)
    })
  }
}

export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  installExitHandlers()
  const dir = makeScratchDir()
  let redis: RedisServer | undefined
  let postgres: PostgresServer | undefined
  const nodes: ServerNode[] = []
  let closed = false
  const killNow = () => {
    for (const node of nodes) node.killNow()
    redis?.killNow()
    postgres?.stopNow()
    fs.rmSync(dir, { recursive: true, force: true })
  }
  const handle = { killNow }
  liveClusters.add(handle)
  const close = async () => {
    if (closed) return
    closed = true
    await Promise.allSettled(nodes.map((node) => node.kill('SIGTERM', 5000)))
    await redis?.stop('SIGKILL')
    await postgres?.stop('immediate').catch(() => postgres?.stopNow())
    fs.rmSync(dir, { recursive: true, force: true })
    liveClusters.delete(handle)
  }
  try {
    ;[redis, postgres] = await Promise.all([
      options.redis === false ? undefined : RedisServer.start(dir),
      options.postgres === false ? undefined : PostgresServer.start(dir),
    ])
    const prefix = `bridges-fault-${process.pid}`
    for (let i = 0; i < (options.nodes ?? 2); i++) {
      const name = String.fromCharCode(65 + i)
      // Only what the server needs: an inherited DATABASE_URL or REDIS_URL must not point it at the machine's own services.
      const env: NodeJS.ProcessEnv = {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: String(await freePort()),
        DATA_DIR: path.join(dir, `node-${name}`),
        LOG_LEVEL: 'warn',
        SHUTDOWN_GRACE_MS: '5000',
        REDIS_PREFIX: prefix,
        ...(redis ? { REDIS_URL: redis.url } : {}),
        ...(postgres ? { DATABASE_URL: postgres.url } : {}),
        ...options.env,
      }
      nodes.push(new ServerNode(name, Number(env.PORT), env))
    }
    // One at a time: the first runs the migrations, the others find them done.
    for (const node of nodes) await node.start()
  } catch (error) {
    const logs = nodes.map((n) => `--- node ${n.name}\n${n.output.slice(-3000)}`).join('\n')
    await close()
    throw new Error(`fault cluster did not start: ${error instanceof Error ? error.message : String(error)}\n${logs}`, {
      cause: error,
    })
  }
  return { nodes, redis, postgres, dir, close }
}
