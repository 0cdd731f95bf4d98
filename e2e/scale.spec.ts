import path from 'node:path'
import type { Page } from '@playwright/test'
import { e2eTurn } from '../playwright.config.js'
import { FIRST_THREADS_PAGE, OLDER_THREADS_PAGE } from '../shared/schemas/boards.js'
import { createLinkViaApi } from '../server/test/links.js'
import { linkClasses } from './fixtures/links.js'
import { expect, test } from './fixtures/people.js'
import { seedThreads } from './fixtures/seed.js'
import { nodesSkipReason, startServerNodes, type ServerNode } from './support/nodes.js'

// Seeding 3,000 threads and starting two server processes take a while on a shared machine.
test.describe.configure({ timeout: 300_000 })

test('a board with 3,000 threads opens on its newest and scrolls all the way to its oldest', async ({
  london,
  nairobi,
}) => {
  const link = await linkClasses([london, nairobi])
  const created = await london.page.request.post(`/api/links/${link.linkId}/boards`, { data: { title: 'Our river' } })
  const boardId = ((await created.json()) as { id: string }).id
  const me = (await (await london.page.request.get('/api/me')).json()) as {
    user: { id: string; schoolId: string }
  }
  await seedThreads(boardId, { id: me.user.id, schoolId: me.user.schoolId, classId: null }, 3000)

  const page = nairobi.page
  let requests = 0
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === `/api/boards/${boardId}/threads`) requests += 1
  })
  await page.goto(`/boards/${boardId}`)
  const list = page.getByRole('list', { name: 'Threads' })
  // Counted by CSS, not by role: a role query walks thousands of posts' buttons and links each time.
  const threads = list.locator(':scope > li')
  // The newest first, one page of them: not all 3,000 at once.
  await expect(threads.first()).toContainText('Thread 3000')
  expect(await threads.count()).toBeLessThanOrEqual(FIRST_THREADS_PAGE)

  // Scrolling to the foot loads the older pages, bigger ones, in order, until none is left.
  const older = page.locator('button', { hasText: 'Show older threads' })
  while (await older.isVisible()) {
    const shown = await threads.count()
    // She scrolls down with the mouse wheel (not onto the button: the last page may remove it meanwhile).
    await page.mouse.wheel(0, 1_000_000)
    // A page among thousands already shown renders slowly on a loaded machine.
    await expect
      .poll(async () => (await threads.count()) > shown || !(await older.isVisible()), { timeout: 60_000 })
      .toBe(true)
  }
  await expect(threads).toHaveCount(3000)
  // A few round trips, not sixty: the older pages are bigger than the first.
  expect(requests).toBe(1 + Math.ceil((3000 - FIRST_THREADS_PAGE) / OLDER_THREADS_PAGE))
  await expect(threads.last()).toContainText('Thread 0001')
  await expect(list.getByRole('listitem')).toHaveCount(3000)
  const titles = await list.getByRole('heading').allTextContents()
  expect(new Set(titles).size).toBe(3000)
})

test.describe('on two server nodes sharing PostgreSQL and Redis', () => {
  test.skip(Boolean(nodesSkipReason), nodesSkipReason)

  test('a picture posted through one node is shown by the other', async ({ browser }) => {
    const base = 20000 + (e2eTurn.port % 500) * 16 + test.info().workerIndex * 2 + 8
    const { nodes, stop } = await startServerNodes([base, base + 1])
    try {
      const [nodeA, nodeB] = nodes as [ServerNode, ServerNode]
      const { linkId, sides } = await createLinkViaApi(nodeA)
      const board = await sides[0]!.teacher.client.post<{ id: string }>(`/api/links/${linkId}/boards`, {
        title: 'Pictures',
      })
      const pageOn = async (node: ServerNode, cookie: string): Promise<Page> => {
        const context = await browser.newContext({ baseURL: node.url })
        const [name, value] = cookie.split('=')
        await context.addCookies([{ name: name!, value: value!, url: node.url }])
        return context.newPage()
      }
      const onA = await pageOn(nodeA, sides[0]!.teacher.client.cookie)
      await onA.goto(`/boards/${board.body.id}`)
      await onA
        .getByLabel('Add a picture (optional)')
        .setInputFiles(path.resolve('../shared/fixtures/photo-gps-rotated.jpg'))
      await expect(onA.getByRole('img', { name: 'The picture you chose' })).toBeVisible()
      await onA.getByLabel('Title').fill('Our river')
      await onA.getByLabel('What do you want to say?').fill('The heron came back.')
      await onA.getByRole('button', { name: 'Post' }).click()

      // The partner teacher, served by the other node, sees the picture itself (its bytes load).
      const onB = await pageOn(nodeB, sides[1]!.teacher.client.cookie)
      await onB.goto(`/boards/${board.body.id}`)
      const picture = onB.getByTestId('post').filter({ hasText: 'Our river' }).getByRole('img')
      await expect(picture).toBeVisible()
      await expect
        .poll(() => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
        .toBeGreaterThan(0)
    } finally {
      await stop()
    }
  })
})
