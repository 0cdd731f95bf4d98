/**
 * The site bench:weight and bench:lighthouse measure: the client built as it ships (or as one bundle,
 * the shape main had before issue 13, for the baseline), served by the real server on an in-memory
 * database with a linked class, one pupil and a board with a thread.
 */
import fs from 'node:fs'
import path from 'node:path'
import { build } from 'vite'
import type { Board } from '../shared/schemas/boards.js'
import { createLinkedClasses } from '../server/test/links.js'
import { startTestServer, type TestServer } from '../server/test/server.js'

export { CHROMIUM_PATH as CHROME, CHROMIUM_ARGS as CHROME_ARGS } from '../e2e/support/chromium.js'

/** Builds the client into outDir; `oneBundle`: no code splitting and no precompressed copies (the baseline). */
export async function buildClient(outDir: string, oneBundle: boolean): Promise<void> {
  const nodeEnv = process.env.NODE_ENV
  process.env.NODE_ENV = 'production'
  await build({
    mode: 'production',
    configFile: path.resolve('vite.config.ts'),
    logLevel: 'warn',
    build: {
      outDir,
      emptyOutDir: true,
      ...(oneBundle ? { rolldownOptions: { output: { codeSplitting: false } } } : {}),
    },
  })
  process.env.NODE_ENV = nodeEnv
  if (!oneBundle) return
  // Main before this work served every file as it is: no precompressed copies.
  for (const file of fs.readdirSync(outDir, { recursive: true, encoding: 'utf8' })) {
    if (/\.(br|gz)$/.test(file)) fs.rmSync(path.join(outDir, file))
  }
}

export interface Site {
  server: TestServer
  dir: string
  pupilCookie: { name: string; value: string }
  classCode: string
  personalCode: string
  boardId: string
}

export async function startSite(dir: string): Promise<Site> {
  const server = await startTestServer({ clientDir: dir, env: { SIGN_IN_ATTEMPTS_PER_IP: '100000' } })
  const linked = await createLinkedClasses(server, { pupilsPerClass: 1 })
  const side = linked.sides[0]!
  const pupil = side.pupils[0]!
  const board = (await side.teacher.client.post<Board>(`/api/links/${linked.link.id}/boards`, { title: 'Our river' }))
    .body
  await side.teacher.client.post(`/api/boards/${board.id}/threads`, {
    title: 'Welcome',
    body: 'Tell us about **your river**: what lives in it?',
  })
  const [name = '', value = ''] = pupil.client.cookie.split('=')
  return {
    server,
    dir,
    pupilCookie: { name, value },
    classCode: side.schoolClass.code,
    personalCode: pupil.pupil.personalCode,
    boardId: board.id,
  }
}
