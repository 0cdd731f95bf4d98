import { readFileSync } from 'node:fs'
import path from 'node:path'
import { AxeBuilder } from '@axe-core/playwright'
import type { APIRequestContext, Page } from '@playwright/test'
import { addPupilsViaApi, linkClasses } from './fixtures/links.js'
import { PupilPage, expect, test, watchConsole } from './fixtures/people.js'

const PHONE = { width: 375, height: 667 }
const LAPTOP = { width: 1280, height: 800 }
const shots = path.resolve('screenshots-review')

/** Every axe rule, every impact: the pages of these scenarios have no violations at all. */
async function expectNoViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze()
  expect(
    results.violations.map(
      (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    ),
  ).toEqual([])
}

/** What a pupil writes, sent from her own signed-in session (the scenario is about what happens next). */
async function pupilApi(
  playwright: { request: { newContext(o: { baseURL?: string }): Promise<APIRequestContext> } },
  baseURL: string,
  classCode: string,
  personalCode: string,
) {
  const api = await playwright.request.newContext({ baseURL })
  const res = await api.post('/api/auth/pupil-sign-in', { data: { classCode, personalCode } })
  expect(res.status(), await res.text()).toBe(200)
  return { api, id: ((await res.json()) as { user: { id: string } }).user.id }
}

const posted = async (api: APIRequestContext, url: string, data: unknown) => {
  const res = await api.post(url, { data })
  expect(res.status(), await res.text()).toBe(201)
  return (await res.json()) as { id: string }
}

test('a pupil goes from her card to her home to a letter for her in two taps, on a phone', async ({
  london,
  nairobi,
  browser,
  playwright,
  baseURL,
}) => {
  const link = await linkClasses([london, nairobi])
  const [londonClass, nairobiClass] = link.classes
  const amaraCode = (await addPupilsViaApi(london, londonClass!.classId, ['Amara'])).get('Amara')!
  const barakaCode = (await addPupilsViaApi(nairobi, nairobiClass!.classId, ['Baraka'])).get('Baraka')!
  expect((await london.page.request.post(`/api/links/${link.linkId}/penpals/auto`)).ok()).toBe(true)
  const baraka = await pupilApi(playwright, baseURL!, nairobiClass!.classCode, barakaCode)
  const pals = (await (await baraka.api.get(`/api/links/${link.linkId}/penpals`)).json()) as {
    groups: { pupilId: string; name: string }[][]
  }
  const amaraId = pals.groups[0]!.find((p) => p.name === 'Amara')!.pupilId
  const letter = await posted(baraka.api, `/api/links/${link.linkId}/wall`, {
    kind: 'letter',
    body: 'Jambo Amara! We play football after school.',
    toPupilId: amaraId,
  })
  expect(
    (await nairobi.page.request.post(`/api/moderation/wall_item/${letter.id}/approve`, { data: {} })).status(),
  ).toBe(204)

  const context = await browser.newContext({ viewport: PHONE })
  const page = await context.newPage()
  watchConsole(page)
  // Tap one: her card's codes, "Let me in".
  await new PupilPage(page).signIn(londonClass!.classCode, amaraCode)
  await expect(page.getByRole('heading', { name: 'Hello, Amara!' })).toBeVisible()
  const header = await page.locator('.app-header').boundingBox()
  expect(header!.height).toBeLessThanOrEqual(90)
  await expect(page.getByRole('link', { name: 'Write a letter' })).toBeInViewport()
  await expect(page.getByRole('link', { name: 'Post on the board' })).toHaveCount(0) // no board in this link yet
  await expect(page.getByRole('link', { name: 'Open the wall' })).toBeInViewport()
  await expect(page.getByText(/It is \d\d?:\d\d( [AP]M)? in Nairobi now\./)).toBeVisible()
  await expectNoViolations(page)
  await page.screenshot({ path: path.join(shots, 'pupil-home-phone.png'), fullPage: true })
  await page.setViewportSize(LAPTOP)
  await page.screenshot({ path: path.join(shots, 'pupil-home-laptop.png'), fullPage: true })
  await page.setViewportSize(PHONE)

  // Tap two: the letter, in view and focused, on the wall.
  await page.getByRole('link', { name: /A letter for you from Baraka/ }).click()
  const opened = page.getByTestId('wall-item').filter({ hasText: 'Jambo Amara!' })
  await expect(opened).toBeFocused()
  await expect(opened).toBeInViewport()
  await expectNoViolations(page)

  // Home again: it is no longer new; "Write a letter" opens the wall with the writing box ready.
  await page.getByRole('link', { name: 'My home' }).click()
  await expect(page.getByText('Nothing new yet')).toBeVisible()
  await page.getByRole('link', { name: 'Write a letter' }).click()
  await expect(page.getByLabel('Your letter')).toBeFocused()
  await page.getByLabel('Your letter').fill('Jambo Baraka! I play football too.')
  await page.getByRole('button', { name: 'Send' }).click()
  await expect(page.getByText('Sent to your teacher')).toBeVisible()
  // Her own held letter: a calm note, not an error.
  await expect(
    page.getByTestId('wall-item').filter({ hasText: 'I play football too' }).getByTestId('post-status'),
  ).toHaveText(/Your teacher will look at this soon/)
  await expectNoViolations(page)
  await context.close()
  await baraka.api.dispose()
})

test('a teacher clears a queue of ten from the queue alone, by keyboard', async ({
  london,
  nairobi,
  playwright,
  baseURL,
}) => {
  const link = await linkClasses([london, nairobi])
  const londonClass = link.classes[0]!
  const names = ['Amara', 'Ben', 'Chloe', 'Dev', 'Ella', 'Finn', 'Grace', 'Hari', 'Isla', 'Jack']
  const codes = await addPupilsViaApi(london, londonClass.classId, names)
  const soon = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString()
  expect(
    (
      await london.page.request.post(`/api/links/${link.linkId}/rounds`, {
        data: { theme: 'Where we live', deadline: soon(60), releaseAt: soon(120) },
      })
    ).status(),
  ).toBe(201)
  const pupils = new Map<string, Awaited<ReturnType<typeof pupilApi>>>()
  for (const name of names)
    pupils.set(name, await pupilApi(playwright, baseURL!, londonClass.classCode, codes.get(name)!))
  const wall = `/api/links/${link.linkId}/wall`
  const amara = pupils.get('Amara')!
  // The queue shows the newest first: written in reverse, it reads bridge, garden, High Street, then the rest.
  for (const name of names.slice(3).reverse())
    await posted(pupils.get(name)!.api, wall, { kind: 'letter', body: `Hello from ${name}, we live by the river.` })
  const risky = await posted(pupils.get('Ben')!.api, wall, {
    kind: 'letter',
    body: 'My house is 12 High Street, come and visit!',
  })
  const upload = await amara.api.post(`/api/links/${link.linkId}/media`, {
    multipart: {
      file: {
        name: 'us.jpg',
        mimeType: 'image/jpeg',
        buffer: readFileSync(path.resolve('../shared/fixtures/plain.jpg')),
      },
    },
  })
  expect(upload.status(), await upload.text()).toBe(201)
  const picture = await posted(amara.api, wall, {
    kind: 'picture',
    caption: 'Our class garden',
    mediaId: ((await upload.json()) as { id: string }).id,
  })
  await posted(amara.api, wall, { kind: 'letter', body: 'We live near a big red bridge.' })
  expect(
    (
      await london.page.request.put(`/api/classes/${londonClass.classId}/consent`, {
        data: { pupilId: amara.id, consent: true },
      })
    ).ok(),
  ).toBe(true)

  const page = london.page
  await page.setViewportSize(LAPTOP)
  await page.goto('/moderation')
  const items = page.locator('[data-queue-key]')
  await expect(items).toHaveCount(10)
  await expect(page.getByRole('img', { name: 'Our class garden' })).toBeVisible()
  await expect(page.getByRole('group', { name: 'Who is in this picture?' })).toContainText('No photo consent')
  await expectNoViolations(page)
  await page.screenshot({ path: path.join(shots, 'queue-laptop.png'), fullPage: false })
  await page.setViewportSize(PHONE)
  await page.screenshot({ path: path.join(shots, 'queue-phone.png'), fullPage: false })
  await page.setViewportSize(LAPTOP)

  // Keyboard only from here.
  await page.keyboard.press('j')
  await expect(items.first()).toBeFocused()
  await expect(items.first()).toContainText('big red bridge')
  await page.keyboard.press('a') // approve the first letter on its own
  await expect(items).toHaveCount(9)
  await expect(items.first()).toBeFocused()
  await expect(items.first()).toContainText('Our class garden')

  // The picture: A asks who is shown first; Amara (with consent) is ticked from the keyboard.
  await page.keyboard.press('a')
  await expect(page.getByRole('alert')).toHaveText(/Say who is in this picture first/)
  await expect(page.getByRole('checkbox', { name: /Nobody/ })).toBeFocused()
  await page.keyboard.press('Tab')
  await expect(page.getByRole('checkbox', { name: /Amara/ })).toBeFocused()
  await page.keyboard.press('Space')
  await page.keyboard.press('a')
  await expect(items).toHaveCount(8)
  await expect(items.first()).toBeFocused()
  await expect(items.first()).toContainText('12 High Street')

  // Rejected with a reason the pupil reads.
  await page.keyboard.press('r')
  await expect(page.getByLabel('Reason the pupil will read')).toBeFocused()
  await page.keyboard.type('Never share where you live')
  await page.keyboard.press('Enter')
  await expect(items).toHaveCount(7)
  await expect(items.first()).toBeFocused()

  // The round's seven plain letters at once: back one stop to the bulk button.
  await page.keyboard.press('Shift+Tab')
  await expect(page.getByRole('button', { name: 'Approve all 7 letters of “Where we live”' })).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page.getByText('7 letters approved.')).toBeVisible()
  await expect(items).toHaveCount(0)
  await expect(page.getByText('Nothing is waiting. Well done!')).toBeFocused()
  await expectNoViolations(page)

  // What the pupils see: the rejection's reason; the picture approved.
  const bens = (await (await pupils.get('Ben')!.api.get(wall)).json()) as {
    items: { id: string; status: string; rejectReason: string | null }[]
  }
  expect(bens.items.find((i) => i.id === risky.id)).toMatchObject({
    status: 'rejected',
    rejectReason: 'Never share where you live',
  })
  const amaras = (await (await amara.api.get(wall)).json()) as { items: { id: string; status: string }[] }
  expect(amaras.items.find((i) => i.id === picture.id)?.status).toBe('published')
  expect((await (await page.request.get('/api/moderation/count')).json()) as { count: number }).toEqual({ count: 0 })
  for (const p of pupils.values()) await p.api.dispose()
})

test('a pupil’s board picture is approved from the queue once her teacher says who is in it, each with consent', async ({
  london,
  nairobi,
  playwright,
  baseURL,
}) => {
  const link = await linkClasses([london, nairobi])
  const londonClass = link.classes[0]!
  const codes = await addPupilsViaApi(london, londonClass.classId, ['Amara', 'Ben'])
  const amara = await pupilApi(playwright, baseURL!, londonClass.classCode, codes.get('Amara')!)
  const consent = await london.page.request.put(`/api/classes/${londonClass.classId}/consent`, {
    data: { pupilId: amara.id, consent: true },
  })
  expect(consent.ok()).toBe(true)
  const board = await posted(london.page.request, `/api/links/${link.linkId}/boards`, { title: 'Our gardens' })
  const upload = await amara.api.post(`/api/links/${link.linkId}/media`, {
    multipart: {
      file: {
        name: 'beans.jpg',
        mimeType: 'image/jpeg',
        buffer: readFileSync(path.resolve('../shared/fixtures/plain.jpg')),
      },
    },
  })
  expect(upload.status(), await upload.text()).toBe(201)
  await posted(amara.api, `/api/boards/${board.id}/threads`, {
    title: 'Our beans',
    body: 'They grew very tall',
    mediaId: ((await upload.json()) as { id: string }).id,
  })

  const page = london.page
  await page.goto('/moderation')
  const card = page.getByRole('article', { name: 'Waiting: written by Amara' })
  await expect(card.getByRole('img', { name: 'Our beans' })).toBeVisible()
  const shown = card.getByRole('group', { name: 'Who is in this picture?' })
  await expect(shown.getByRole('checkbox', { name: /Ben.*No photo consent/ })).toBeVisible()
  await expect(shown.getByRole('checkbox', { name: /Amara.*Photo consent/ })).toBeVisible()
  await expectNoViolations(page)
  const approve = card.getByRole('button', { name: 'Approve' })
  await approve.click()
  await expect(card.getByRole('alert')).toHaveText(/Say who is in this picture first/)
  await shown.getByRole('checkbox', { name: /Ben/ }).check()
  await approve.click()
  await expect(card.getByRole('alert')).toHaveText(/no photo consent for Ben/)
  await shown.getByRole('checkbox', { name: /Ben/ }).uncheck()
  await shown.getByRole('checkbox', { name: /Amara/ }).check()
  await approve.click()
  await expect(page.getByText('Nothing is waiting. Well done!')).toBeVisible()

  await nairobi.page.goto(`/boards/${board.id}`)
  await expect(nairobi.page.getByRole('link', { name: 'Our beans' })).toBeVisible()
  await amara.api.dispose()
})
