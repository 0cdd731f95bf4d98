import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { Child } from './test/faults/processes.js'

const root = path.resolve(import.meta.dirname, '..')

async function runChild(mode: string) {
  const child = new Child(process.execPath, ['--import', 'tsx', 'server/test/faults/processPolicyChild.ts', mode], {
    cwd: root,
    env: { PATH: process.env.PATH },
  })
  const exit = await child.exited
  return { exit, output: child.output }
}

describe('process policy for errors nobody handled', () => {
  it.each([
    ['a database connection refused, rejected unheard', 'unavailable-rejection', /kept running/],
    ['a bug, rejected unheard', 'bug-rejection', /unhandled promise rejection: kept running/],
    ['a connection error thrown with nobody listening', 'unavailable-exception', /nobody listening: kept running/],
  ])('%s: logged, and the process keeps serving', async (_what, mode, logged) => {
    const { exit, output } = await runChild(mode)
    expect(output).toMatch(logged)
    expect(output).toMatch(/STILL-ALIVE/)
    expect(exit).toEqual({ code: 0, signal: null })
  })

  it('any other uncaught exception: logged as fatal, then the node stops with a failing code', async () => {
    const { exit, output } = await runChild('bug-exception')
    expect(output).toMatch(/"level":60.*uncaught exception: stopping/)
    expect(output).toMatch(/FATAL-HANDLER/)
    expect(output).not.toMatch(/STILL-ALIVE/)
    expect(exit.code).toBe(1)
  })
})
