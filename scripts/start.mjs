// `npm start`: builds the client once if it has not been built, then serves everything from one process.
import { spawnSync, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'

if (!existsSync('dist/client/index.html')) {
  console.log('Building the client (first start only)…')
  const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' })
  if (build.status !== 0) process.exit(build.status ?? 1)
}
const server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { stdio: 'inherit' })
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal))
server.on('exit', (code) => process.exit(code ?? 0))
