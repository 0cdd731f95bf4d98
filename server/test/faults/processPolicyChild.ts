/**
 * Run by processPolicy.test.ts in a process of its own: installs the policy, then fails in the way
 * named by argv[2], and reports whether it is still alive a moment later.
 */
import { createLogger } from '../../logger.js'
import { installProcessPolicy } from '../../processPolicy.js'

const logger = createLogger('info')
installProcessPolicy(logger, () => {
  console.log('FATAL-HANDLER')
  process.exit(1)
})
const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })
const failures: Record<string, () => void> = {
  'unavailable-rejection': () => void Promise.reject(refused()),
  'bug-rejection': () => void Promise.reject(new TypeError('x is undefined')),
  'unavailable-exception': () =>
    setImmediate(() => {
      throw refused()
    }),
  'bug-exception': () =>
    setImmediate(() => {
      throw new TypeError('x is undefined')
    }),
}
failures[process.argv[2] ?? '']?.()
setTimeout(() => console.log('STILL-ALIVE'), 200)
