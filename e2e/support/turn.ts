import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export const TURNSERVER = ['/usr/bin/turnserver', '/usr/sbin/turnserver'].find((p) => fs.existsSync(p))
export const turnSkipReason = TURNSERVER
  ? undefined
  : 'Relay test skipped: coturn (turnserver) is not installed (apt-get install -y coturn; .ci/run installs it).'

/** Starts coturn on loopback with the TURN REST shared secret; resolves once it listens. */
export async function startTurn(port: number, secret: string): Promise<{ stop(): Promise<void> }> {
  if (!TURNSERVER) throw new Error(turnSkipReason)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bridges-turn-'))
  const child: ChildProcess = spawn(
    TURNSERVER,
    [
      '-n',
      '--listening-ip=127.0.0.1',
      '--relay-ip=127.0.0.1',
      `--listening-port=${port}`,
      '--min-port=49160',
      '--max-port=49999',
      '--use-auth-secret',
      `--static-auth-secret=${secret}`,
      '--realm=bridges.test',
      '--allow-loopback-peers',
      '--no-cli',
      '--no-tls',
      '--no-dtls',
      `--pidfile=${path.join(dir, 'turnserver.pid')}`,
      `--userdb=${path.join(dir, 'turndb')}`,
      '--log-file=stdout',
      '--simple-log',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('turnserver did not start')), 10_000)
    child.stdout?.on('data', (chunk: Buffer) => {
      if (/listener opened on|Total General servers|IPv4. UDP listener/i.test(chunk.toString())) {
        clearTimeout(timer)
        resolve()
      }
    })
    child.once('exit', (code) => reject(new Error(`turnserver exited with ${code}`)))
  })
  return {
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGTERM')
        await exited
      }
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}
