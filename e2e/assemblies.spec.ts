import type { Locator, Page } from '@playwright/test'
import { linkClasses } from './fixtures/links.js'
import { expect, expectAccessible, test } from './fixtures/people.js'

/** Real video from a partner: frames decoded (width above 2 px) and received bytes growing. */
async function expectRemoteVideo(page: Page): Promise<void> {
  const tile = page.getByTestId('tile-remote').first()
  const video = tile.locator('video')
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.videoWidth), { timeout: 15_000 }).toBeGreaterThan(2)
  const bytes = async (t: Locator) => Number(await t.getAttribute('data-video-bytes-received'))
  const first = await expect.poll(() => bytes(tile), { timeout: 10_000 }).toBeGreaterThan(0).then(() => bytes(tile))
  await expect.poll(() => bytes(tile), { timeout: 10_000 }).toBeGreaterThan(first)
}

async function join(page: Page, assemblyUrl: string): Promise<void> {
  await page.goto(assemblyUrl)
  await page.getByRole('button', { name: 'Join' }).click()
  await expect(page.getByTestId('stage')).toBeVisible()
}

test('two classes see and hear each other; a class that reloads is back within 10 seconds', async ({ london, nairobi }) => {
  const link = await linkClasses([london, nairobi])
  await london.page.goto(`/links/${link.linkId}`)
  const section = london.page.getByRole('region', { name: 'Joint assemblies' })
  await section.getByLabel('Title').fill('Harvest festival')
  await section.getByRole('button', { name: 'Start now' }).click()
  await expect(london.page.getByRole('heading', { name: 'Harvest festival' })).toBeVisible()
  await expect(london.page.getByTestId('tile-self').locator('video')).toBeVisible()
  await expectAccessible(london.page)
  const assemblyUrl = london.page.url()
  await london.page.getByRole('button', { name: 'Join' }).click()
  await join(nairobi.page, assemblyUrl)

  await expectRemoteVideo(london.page)
  await expectRemoteVideo(nairobi.page)
  await expect(london.page.getByTestId('tile-remote')).toContainText(nairobi.schoolName)

  // Nairobi's page reloads: it rejoins by itself and video flows again, nobody else doing anything.
  const reloadedAt = Date.now()
  await nairobi.page.reload()
  await expectRemoteVideo(nairobi.page)
  await expect(london.page.getByTestId('tile-remote')).toHaveCount(1)
  await expectRemoteVideo(london.page)
  expect(Date.now() - reloadedAt).toBeLessThan(10_000)

  // The host ends it for everyone; the record shows both classes.
  await london.page.getByRole('button', { name: 'End for everyone' }).click()
  await expect(nairobi.page.getByRole('heading', { name: 'Who took part' })).toBeVisible()
  await expect(nairobi.page.getByRole('cell', { name: new RegExp(london.schoolName) }).first()).toBeVisible()
})

test('a class in audio-only mode sends no video but still sees its partner', async ({ london, nairobi }) => {
  const link = await linkClasses([london, nairobi])
  const created = await london.page.request.post(`/api/links/${link.linkId}/assemblies`, { data: { title: 'Quiet line', startNow: true } })
  const { id } = (await created.json()) as { id: string }
  await join(london.page, `/assemblies/${id}?audio=only`)
  await join(nairobi.page, `/assemblies/${id}`)
  await expectRemoteVideo(london.page)
  const fromLondon = nairobi.page.getByTestId('tile-remote').first()
  await expect.poll(() => fromLondon.getAttribute('data-bytes-received').then(Number), { timeout: 15_000 }).toBeGreaterThan(0)
  await expect(fromLondon).toHaveAttribute('data-video-tracks', '0')
  await expect(fromLondon).toHaveAttribute('data-video-bytes-received', '0')
})
