// `npm start`: builds the client when dist/client is missing or was built from other sources (a content
// hash, see clientBuild.mjs), then runs the
// server as a child that gets every stop signal we get, and exits as it does. package.json `exec`s
// this script, so npm's own signal forwarding reaches us and npm lives until the server has drained.
import { spawn, spawnSync } from 'node:child_process'
import { constants } from 'node:os'
import { clientBuildIsStale, sourceHash, writeBuildStamp } from './clientBuild.mjs'

if (clientBuildIsStale(process.cwd())) {
  console.log('Building the client: the code changed since the last build (or there is none)…')
  // Hashed before building: a file changed during the build makes the next start build again.
  const hash = sourceHash(process.cwd())
  const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' })
  if (build.status !== 0) process.exit(build.status ?? 1)
  writeBuildStamp(process.cwd(), hash)
  console.log('Client built.')
} else {
  console.log('The client build is up to date with the code.')
}

// The IPC channel lets the server notice if this process dies without passing a signal on (SIGKILL).
const server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
  stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
})

let stopping = false
const stop = (signal) => {
  // Ctrl-C signals the whole process group: the server has it already; once is enough.
  if (stopping) return
  stopping = true
  server.kill(signal)
}
process.on('SIGINT', () => stop('SIGINT'))
process.on('SIGTERM', () => stop('SIGTERM'))
process.on('SIGHUP', () => stop('SIGTERM'))

// A shell between npm and us that dies of the signal instead of passing it on leaves us orphaned:
// treat the parent's death as SIGTERM.
const parent = process.ppid
const watch = setInterval(() => {
  try {
    process.kill(parent, 0)
  } catch (error) {
    if (error.code === 'ESRCH') stop('SIGTERM')
  }
}, 500)
watch.unref()

server.on('exit', (code, signal) => {
  process.exit(code ?? 128 + (constants.signals[signal] ?? 1))
})
