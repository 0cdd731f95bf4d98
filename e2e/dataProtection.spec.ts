import fs from 'node:fs'
import { strFromU8, unzipSync } from 'fflate'
import ICAL from 'ical.js'
import { addPupilsViaApi, linkClasses } from './fixtures/links.js'
import { expect, expectAccessible, pupilIn, test } from './fixtures/people.js'

test('a pupil leaves: her teacher downloads her data, removes her, and the partner school sees only "a former pupil"', async ({
  london,
  nairobi,
  browser,
}) => {
  // Six pages across three browser contexts, two accessibility scans and a download: more than the default minute on a busy two-core machine.
  test.slow()
  const link = await linkClasses([london, nairobi])
  const [londonClass] = link.classes
  const codes = await addPupilsViaApi(london, londonClass!.classId, ['Amara', 'Ben'])

  // Amara writes to the partner class; her teacher approves it.
  const amara = await pupilIn(browser, londonClass!.classCode, codes.get('Amara')!)
  const written = await amara.request.post(`/api/links/${link.linkId}/wall`, {
    data: { kind: 'letter', body: 'Hello from the Thames, we saw a heron' },
  })
  expect(written.status()).toBe(201)
  const letterId = ((await written.json()) as { id: string }).id
  expect((await london.page.request.post(`/api/moderation/wall_item/${letterId}/approve`, { data: {} })).status()).toBe(
    204,
  )
  await nairobi.page.goto(`/links/${link.linkId}/wall`)
  await expect(nairobi.page.getByRole('article', { name: 'From Amara' })).toContainText('we saw a heron')

  // Her family asks for her data: the teacher downloads it from the class page.
  await london.page.goto(`/classes/${londonClass!.classId}`)
  const downloading = london.page.waitForEvent('download')
  await london.page.getByRole('link', { name: 'Download everything Bridges holds about Amara' }).click()
  const download = await downloading
  const files = unzipSync(new Uint8Array(fs.readFileSync(await download.path())))
  expect(strFromU8(files['subject-access.json']!)).toContain('we saw a heron')
  expect(strFromU8(files['index.html']!)).toContain('Everything Bridges holds about Amara')

  // The class's private calendar feed is offered on the same page, in the class's time zone.
  const feedAddress = await london.page.getByLabel('Calendar address').inputValue()
  const feed = await london.page.request.get(feedAddress)
  expect(feed.headers()['content-type']).toMatch(/^text\/calendar/)
  const calendar = new ICAL.Component(ICAL.parse(await feed.text()))
  expect(calendar.getFirstPropertyValue('x-wr-timezone')).toBe('Europe/London')

  // Amara leaves; the school keeps what she wrote under no name.
  await london.page.getByRole('button', { name: 'Amara is leaving' }).click()
  const form = london.page.getByRole('form', { name: 'Amara is leaving the school' })
  await form.getByLabel('Keep it, shown as written by “a former pupil”').check()
  await expectAccessible(london.page)
  await form.getByRole('button', { name: 'Remove Amara' }).click()
  await expect(london.page.getByRole('cell', { name: 'Amara', exact: true })).toHaveCount(0)
  await expect(london.page.getByRole('cell', { name: 'Ben', exact: true })).toBeVisible()

  // The partner school sees the letter from "a former pupil", never her name.
  await nairobi.page.reload()
  await expect(nairobi.page.getByRole('article', { name: 'From A former pupil' })).toContainText('we saw a heron')
  await expect(nairobi.page.getByText('Amara')).toHaveCount(0)

  // Her card stops working at once: her open page goes back to signing in, and the codes are refused.
  await amara.reload()
  await expect(amara.getByRole('button', { name: 'Let me in' })).toBeVisible()
  await amara.getByLabel('Class code').fill(londonClass!.classCode)
  await amara.getByLabel('My code').fill(codes.get('Amara')!)
  await amara.getByRole('button', { name: 'Let me in' }).click()
  await expect(amara.getByRole('alert')).toBeVisible()

  // The school's data-protection record shows both, and its retention can be set.
  await london.page.goto('/school')
  const record = london.page.getByRole('list', { name: 'Data-protection record' })
  await expect(record).toContainText('A pupil left')
  await expect(record).toContainText('Subject access download')
  const settings = london.page.getByRole('region', { name: 'Data protection' })
  await settings.getByLabel('Keep the content of an ended link for (months)').fill('6')
  await settings.getByRole('button', { name: 'Save' }).click()
  await expect(settings.getByText('Saved.')).toBeVisible()

  // What is stored, and why, with the school's own retention.
  await london.page.getByRole('link', { name: 'What Bridges stores, and why' }).click()
  await expect(london.page.getByRole('heading', { name: 'Board posts and replies' })).toBeVisible()
  await expect(london.page.getByText('Until 6 months after the link ends').first()).toBeVisible()
  await expectAccessible(london.page)
})
