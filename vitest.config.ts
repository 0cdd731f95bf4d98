import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // Explicit, so Playwright's e2e specs are never picked up.
    include: ['server/**/*.test.ts', 'shared/**/*.test.ts', 'client/**/*.test.ts', 'bench/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Files run in forks; Vitest's default is one worker fewer than the cores (1 on CI's 2 cores).
    // Two workers (`--maxWorkers=2`) could not be proven free of timeouts on the shared machine yet.
    pool: 'forks',
    // Migrates one PostgreSQL database per run; each test file's scratch database is a copy of it.
    globalSetup: ['server/test/globalSetup.ts'],
  },
})
