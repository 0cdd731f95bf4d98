import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // Explicit, so Playwright's e2e specs are never picked up.
    include: ['server/**/*.test.ts', 'shared/**/*.test.ts', 'client/**/*.test.ts', 'bench/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Two cores on CI: files in parallel, each with its own server and database.
    pool: 'forks',
  },
})
