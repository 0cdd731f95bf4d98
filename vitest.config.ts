import { defineConfig } from 'vitest/config'

/**
 * Files that time what they watch (a node's exit within a grace, answers under a bound while Redis is
 * down, the health check's latency under a socket flood) or start whole clusters of processes: they run
 * one at a time, after everything else, so another file's work never lands inside their measurement.
 */
const ALONE = ['server/faults/**/*.test.ts', 'server/shutdown.test.ts', 'server/realtime/flood.socket.test.ts']

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Migrates one PostgreSQL database per run; each test file's scratch database is a copy of it.
    globalSetup: ['server/test/globalSetup.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'files',
          // Explicit, so Playwright's e2e specs are never picked up.
          include: ['server/**/*.test.ts', 'shared/**/*.test.ts', 'client/**/*.test.ts', 'bench/**/*.test.ts'],
          exclude: ALONE,
          // One file at a time, as before. Two (`maxWorkers: 2`, Vitest's files being mostly waits on their
          // server, PostgreSQL, Redis or ffmpeg) is the next step, once a run on an unshared 2-core CI machine
          // shows no file timing out: on the shared machine every run was too starved to tell either way.
          maxWorkers: 1,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'alone',
          include: ALONE,
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
})
