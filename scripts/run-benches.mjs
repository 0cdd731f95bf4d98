// `npm run bench`: runs every `bench:<name>` script in package.json, one after the other.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'

const scripts = JSON.parse(readFileSync('package.json', 'utf8')).scripts
const benches = Object.keys(scripts).filter((name) => name.startsWith('bench:'))
if (benches.length === 0) {
  console.log('No benchmarks are defined yet.')
  process.exit(0)
}
let failed = false
for (const name of benches) {
  console.log(`\n▶ npm run ${name}`)
  const run = spawnSync('npm', ['run', '--silent', name], { stdio: 'inherit' })
  if (run.status !== 0) failed = true
}
process.exit(failed ? 1 : 0)
