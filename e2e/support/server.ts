// Starts the real server for the browser tests on a fresh data folder each run.
import fs from 'node:fs'

const dataDir = process.env.DATA_DIR
if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true })
await import('../../server/main.js')
