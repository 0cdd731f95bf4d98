import { spawn } from 'node:child_process'
import net from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

async function freePort(): Promise<number> {
  const probe = net.createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as net.AddressInfo
  await new Promise((resolve) => probe.close(resolve))
  return port
}

/**
 * The server in a process of its own (as `npm start` runs it), so a test can kill it outright, as a
 * machine that dies: no stop, no clean-up. `env` adds to the test's environment, without its
 * DATABASE_URL and REDIS_URL (give them to mean them).
 */
export async function startServerProcess(env: Record<string, string>): Promise<{ url: string; kill(): Promise<void> }> {
  const port = await freePort()
  const inherited = { ...process.env }
  delete inherited.DATABASE_URL
  delete inherited.REDIS_URL
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: { ...inherited, PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env },
    stdio: 'ignore',
    // Its own process group: killed with its ffmpeg, as the machine's end would take both.
    detached: true,
  })
  const exited = new Promise((resolve) => child.once('exit', resolve))
  const url = `http://127.0.0.1:${port}`
  const kill = async () => {
    try {
      if (child.exitCode === null && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL')
    } catch {
      // Already gone.
    }
    await exited
  }
  const deadline = Date.now() + 60_000
  for (;;) {
    const ok = await fetch(`${url}/api/health`).then(
      (r) => r.ok,
      () => false,
    )
    if (ok) return { url, kill }
    if (Date.now() > deadline || child.exitCode !== null) {
      await kill()
      throw new Error('the server process did not start')
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}
