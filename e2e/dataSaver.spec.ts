import fs from 'node:fs'
import path from 'node:path'
import type { Page } from '@playwright/test'
import { addPupilsViaApi, linkClasses } from './fixtures/links.js'
import { expect, expectAccessible, pupilIn, test, type TeacherPage } from './fixtures/people.js'

/** A teacher's own picture on the wall, through the API (it shows nobody, so it publishes at once). */
async function postPicture(teacher: TeacherPage, linkId: string, caption: string): Promise<void> {
  const buffer = fs.readFileSync(path.resolve('../shared/fixtures/drawing.png'))
  const upload = await teacher.page.request.post(`/api/links/${linkId}/media`, {
    multipart: { file: { name: 'drawing.png', mimeType: 'image/png', buffer } },
  })
  expect(upload.status(), await upload.text()).toBe(201)
  const { id } = (await upload.json()) as { id: string }
  const item = await teacher.page.request.post(`/api/links/${linkId}/wall`, {
    data: { kind: 'picture', caption, mediaId: id, shownPupilIds: [] },
  })
  expect(item.status(), await item.text()).toBe(201)
}

/** Every picture request the page makes, from now on. */
function mediaRequests(page: Page): string[] {
  const seen: string[] = []
  page.on('request', (request) => {
    const url = new URL(request.url())
    if (url.pathname.startsWith('/api/media/')) seen.push(`${url.pathname}${url.search}`)
  })
  return seen
}

test('with the data saver on, a pupil’s pictures wait for her tap; the full picture loads only when opened; the lobby starts audio-only', async ({
  london,
  nairobi,
  browser,
}) => {
  const link = await linkClasses([london, nairobi])
  const londonClass = link.classes[0]!
  const amaraCode = (await addPupilsViaApi(london, londonClass.classId, ['Amara'])).get('Amara')!

  await london.page.goto(`/classes/${londonClass.classId}`)
  await london.page.getByRole('checkbox', { name: 'Save data on a slow school line' }).check()
  await expect(london.page.getByText('Data saver is on for this class.')).toBeVisible()
  await postPicture(nairobi, link.linkId, 'Our school garden')

  const amara = await pupilIn(browser, londonClass.classCode, amaraCode)
  const requested = mediaRequests(amara)
  // Her home shows the partner school's picture: with the data saver on, that waits for a tap too.
  await amara.goto('/')
  await expect(amara.getByRole('button', { name: /Show picture/ })).toBeVisible()
  await amara.goto(`/links/${link.linkId}/wall`)
  const item = amara.getByTestId('wall-item').filter({ hasText: 'Our school garden' })
  const placeholder = item.getByRole('button', { name: /Show picture/ })
  await expect(placeholder).toBeVisible()
  await expect(placeholder).toContainText(/kB at full size/)
  await expect(item.locator('img')).toHaveCount(0)
  await expectAccessible(amara)
  expect(requested).toEqual([])

  await placeholder.click()
  const thumb = item.getByRole('img', { name: 'Our school garden' })
  await expect(thumb).toBeVisible()
  await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(400)
  expect(requested).toHaveLength(1)
  expect(requested[0]).toMatch(/^\/api\/media\/[^/?]+\?size=thumb$/)

  await item.getByRole('button', { name: 'Open the full picture: Our school garden' }).click()
  const dialog = amara.getByRole('dialog', { name: 'Our school garden' })
  await expect(dialog).toBeVisible()
  await expect
    .poll(() => dialog.getByRole('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
    .toBe(640)
  expect(requested).toHaveLength(2)
  expect(requested[1]).toMatch(/^\/api\/media\/[^/?]+$/)
  await dialog.getByRole('button', { name: 'Close' }).click()
  await expect(dialog).toBeHidden()

  // The teacher's assembly lobby starts audio-only; she may still turn video on.
  const created = await london.page.request.post(`/api/links/${link.linkId}/assemblies`, {
    data: { title: 'Morning songs', startNow: true },
  })
  expect(created.status(), await created.text()).toBe(201)
  const { id } = (await created.json()) as { id: string }
  await london.page.goto(`/assemblies/${id}`)
  const audioOnly = london.page.getByRole('checkbox', { name: 'Audio only (for a slow connection)' })
  await expect(audioOnly).toBeChecked()
  await expect(london.page.getByText(/data saver is on, so the assembly starts with sound only/)).toBeVisible()
  await audioOnly.uncheck()
  await expect(audioOnly).not.toBeChecked()
})

test('with the data saver off, thumbnails load lazily in a box of their own size, and the lobby sends video', async ({
  london,
  nairobi,
  browser,
}) => {
  const link = await linkClasses([london, nairobi])
  const nairobiClass = link.classes[1]!
  const barakaCode = (await addPupilsViaApi(nairobi, nairobiClass.classId, ['Baraka'])).get('Baraka')!
  await postPicture(london, link.linkId, 'Snow on the Thames')

  const baraka = await pupilIn(browser, nairobiClass.classCode, barakaCode)
  const requested = mediaRequests(baraka)
  await baraka.goto(`/links/${link.linkId}/wall`)
  const item = baraka.getByTestId('wall-item').filter({ hasText: 'Snow on the Thames' })
  const thumb = item.getByRole('img', { name: 'Snow on the Thames' })
  await expect(thumb).toBeVisible()
  await expect(item.getByRole('button', { name: /Show picture/ })).toHaveCount(0)
  await expect(thumb).toHaveAttribute('width', '400')
  await expect(thumb).toHaveAttribute('height', '300')
  await expect(thumb).toHaveAttribute('loading', 'lazy')
  await expect(thumb).toHaveAttribute('decoding', 'async')
  await expect(thumb).toHaveAttribute('src', /\?size=thumb$/)
  await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(400)
  // Only the thumbnail: the display size waits until the picture is opened.
  expect(requested.every((url) => url.endsWith('?size=thumb'))).toBe(true)

  await nairobi.page.goto(`/classes/${nairobiClass.classId}`)
  await expect(nairobi.page.getByRole('checkbox', { name: 'Save data on a slow school line' })).not.toBeChecked()
  await expect(nairobi.page.getByText('Data saver is off')).toBeVisible()
  const created = await nairobi.page.request.post(`/api/links/${link.linkId}/assemblies`, {
    data: { title: 'Morning songs', startNow: true },
  })
  expect(created.status(), await created.text()).toBe(201)
  await nairobi.page.goto(`/assemblies/${((await created.json()) as { id: string }).id}`)
  await expect(nairobi.page.getByRole('button', { name: 'Join', exact: true })).toBeVisible()
  await expect(nairobi.page.getByRole('checkbox', { name: 'Audio only (for a slow connection)' })).not.toBeChecked()
  await expect(nairobi.page.getByText(/data saver is on/)).toHaveCount(0)
})
