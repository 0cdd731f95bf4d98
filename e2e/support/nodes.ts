import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createScratchPostgresDatabase } from '../../server/test/databases.js'

export const nodesSkipReason =
  process.env.DATABASE_URL && process.env.REDIS_URL
    ? undefined
    : 'Two-node browser test skipped: DATABASE_URL and REDIS_URL are not both set (.ci/run sets them).'

export interface ServerNode {
  url: string
  restart(): Promise<void>
}

/** Real server processes (as `npm start` runs them) sharing one scratch PostgreSQL database and Redis. */
export async function startServerNodes(ports: number[]): Promise<{ nodes: ServerNode[]; stop(): Promise<void> }> {
  const scratch = await createScratchPostgresDatabase(process.env.DATABASE_URL as string)
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bridges-nodes-'))
  const prefix = `bridges-e2e-${Date.now()}`
  const children = new Map<number, ChildProcess>()
  const launch = async (port: number) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: scratch.url,
        REDIS_PREFIX: prefix,
        DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
        NODE_ENV: 'test',
        SIGN_IN_ATTEMPTS_PER_IP: '10000',
      },
      stdio: 'ignore',
    })
    children.set(port, child)
    const deadline = Date.now() + 30_000
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then(
        (r) => r.ok,
        () => false,
      )
      if (ok) return
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`server on ${port} did not start`)
      await new Promise((r) => setTimeout(r, 200))
    }
  }
  const stopOne = async (port: number) => {
    const child = children.get(port)
    if (!child || child.exitCode !== null) return
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGTERM')
    await exited
  }
  for (const port of ports) await launch(port)
  return {
    nodes: ports.map((port) => ({
      url: `http://127.0.0.1:${port}`,
      async restart() {
        await stopOne(port)
        await launch(port)
      },
    })),
    async stop() {
      for (const port of ports) await stopOne(port)
      await scratch.drop()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
