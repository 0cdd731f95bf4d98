import path from 'node:path'
import type { Page } from '@playwright/test'
import { baseURL } from '../playwright.config.js'
import { addPupilsViaApi, linkClasses, type LinkedClass } from './fixtures/links.js'
import { expect, expectAccessible, pupilIn, test } from './fixtures/people.js'

async function postThread(page: Page, title: string, body: string): Promise<void> {
  await page.getByLabel('Title').fill(title)
  await page.getByLabel('What do you want to say?').fill(body)
  await page.getByRole('button', { name: 'Post' }).click()
}

test('a London pupil’s post is held, approved, seen live in Nairobi, hidden live; a rejection shows its reason', async ({
  london,
  nairobi,
  browser,
}) => {
  const link = await linkClasses([london, nairobi])
  const [londonClass, nairobiClass] = link.classes
  const board = await london.page.request.post(`/api/links/${link.linkId}/boards`, { data: { title: 'Our festivals' } })
  const boardId = ((await board.json()) as { id: string }).id
  const londonCodes = await addPupilsViaApi(london, londonClass!.classId, ['Amara'])
  const nairobiCodes = await addPupilsViaApi(nairobi, nairobiClass!.classId, ['Baraka'])
  const amara = await pupilIn(browser, londonClass!.classCode, londonCodes.get('Amara')!)
  const baraka = await pupilIn(browser, nairobiClass!.classCode, nairobiCodes.get('Baraka')!)

  // Baraka finds the board from the link home and keeps it open.
  await baraka.goto(`/links/${link.linkId}`)
  await baraka.getByRole('link', { name: 'Our festivals' }).click()
  await expect(baraka.getByText('No threads yet')).toBeVisible()

  await amara.goto(`/boards/${boardId}`)
  const script = '<img src=x onerror=alert(1)>'
  await amara
    .getByLabel('Add a picture (optional)')
    .setInputFiles(path.resolve('../shared/fixtures/photo-gps-rotated.jpg'))
  await expect(amara.getByRole('img', { name: 'The picture you chose' })).toBeVisible()
  await postThread(amara, 'Diwali', `We light **lamps** ${script}`)
  await expect(amara.getByText('Your teacher will read it')).toBeVisible()
  await expect(amara.getByTestId('post-status')).toHaveText(/Your teacher will look at this soon/)
  await expectAccessible(amara)

  // Nairobi sees nothing yet: neither the teacher nor the pupil.
  await nairobi.page.goto(`/boards/${boardId}`)
  await expect(nairobi.page.getByText('No threads yet')).toBeVisible()
  await expect(baraka.getByText('Diwali')).toHaveCount(0)

  // London's teacher sees it waiting, with the live count, and approves it.
  await london.page.goto('/classes')
  await expect(london.page.getByTestId('moderation-count')).toHaveText('1')
  await london.page.getByRole('link', { name: /Moderation/ }).click()
  const item = london.page.getByRole('article', { name: 'Waiting: written by Amara' })
  await expect(item).toContainText('We light')
  await expectAccessible(london.page)
  // Her picture shows a street, no pupil: her teacher says so before approving (photo consent applies).
  await item
    .getByRole('group', { name: 'Who is in this picture?' })
    .getByRole('checkbox', { name: /Nobody/ })
    .check()
  await item.getByRole('button', { name: 'Approve' }).click()
  await expect(london.page.getByText('Nothing is waiting')).toBeVisible()
  await expect(london.page.getByTestId('moderation-count')).toHaveCount(0)

  // It reaches Baraka live, formatting applied and the HTML shown as text, never run.
  const post = baraka.getByTestId('post').filter({ hasText: 'Diwali' })
  await expect(post).toBeVisible()
  await expect(post.locator('strong', { hasText: 'lamps' })).toBeVisible()
  await expect(post.getByText(script, { exact: false })).toBeVisible()
  await expect(post.locator('img[src="x"]')).toHaveCount(0)
  const picture = post.getByRole('img', { name: 'Picture shared by Amara' })
  await picture.scrollIntoViewIfNeeded()
  await expect
    .poll(() =>
      picture.evaluate((img: HTMLImageElement) => img.naturalWidth > 0 && img.naturalHeight > img.naturalWidth),
    )
    .toBe(true)

  // The Nairobi teacher hides it: it disappears live for Baraka.
  await nairobi.page.reload()
  const seenByTeacher = nairobi.page.getByTestId('post').filter({ hasText: 'Diwali' })
  await seenByTeacher.getByRole('button', { name: 'Hide' }).click()
  await nairobi.page.getByLabel('Why hide it? (optional)').fill('Let us keep to festivals we celebrate')
  await nairobi.page.getByRole('button', { name: 'Hide', exact: true }).last().click()
  await expect(baraka.getByText('Diwali')).toHaveCount(0)

  // A rejected post shows its reason to its author.
  await postThread(amara, 'My house', 'I live at 12 Park Road')
  await london.page.reload()
  const second = london.page.getByRole('article', { name: 'Waiting: written by Amara' })
  await expect(second).toContainText('Look closely')
  await second.getByRole('button', { name: 'Reject' }).click()
  await london.page.getByLabel('Reason the pupil will read').fill('Never share where you live')
  await london.page.getByRole('button', { name: 'Reject with this reason' }).click()
  await expect(amara.getByText('Your teacher says: Never share where you live')).toBeVisible()
  await expect(baraka.getByText('My house')).toHaveCount(0)
})

test('a pupil who was offline while three posts were approved sees all three, once each, in order', async ({
  london,
  nairobi,
  browser,
  playwright,
}) => {
  const link = await linkClasses([london, nairobi])
  const [londonClass, nairobiClass] = link.classes as [LinkedClass, LinkedClass]
  const londonCodes = await addPupilsViaApi(london, londonClass.classId, ['Tom'])
  const tom = await playwright.request.newContext({ baseURL })
  expect(
    (
      await tom.post('/api/auth/pupil-sign-in', {
        data: { classCode: londonClass.classCode, personalCode: londonCodes.get('Tom') },
      })
    ).status(),
  ).toBe(200)
  const board = await london.page.request.post(`/api/links/${link.linkId}/boards`, {
    data: { title: 'Weather this week' },
  })
  const boardId = ((await board.json()) as { id: string }).id
  const codes = await addPupilsViaApi(nairobi, nairobiClass.classId, ['Zawadi'])
  const zawadi = await pupilIn(browser, nairobiClass.classCode, codes.get('Zawadi')!)
  await zawadi.goto(`/boards/${boardId}`)
  await expect(zawadi.getByText('No threads yet')).toBeVisible()

  await zawadi.context().setOffline(true)
  for (const title of ['Monday: rain', 'Tuesday: sun', 'Wednesday: wind']) {
    const res = await tom.post(`/api/boards/${boardId}/threads`, { data: { title, body: title } })
    const { id } = (await res.json()) as { id: string }
    expect((await london.page.request.post(`/api/moderation/board_post/${id}/approve`, { data: {} })).status()).toBe(
      204,
    )
  }
  await tom.dispose()
  await zawadi.context().setOffline(false)
  const titles = zawadi.getByTestId('post').getByRole('heading')
  await expect(titles).toHaveText(['Wednesday: wind', 'Tuesday: sun', 'Monday: rain'])
})
