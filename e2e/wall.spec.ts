import path from 'node:path'
import { addPupilsViaApi, linkClasses } from './fixtures/links.js'
import { expect, expectAccessible, pupilIn, test } from './fixtures/people.js'

const localInput = (offsetHours: number) => {
  const d = new Date(Date.now() + offsetHours * 3_600_000)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
}

test('a London pupil writes to their Nairobi pen pal with a photo; approved, released, seen live; the round prints', async ({
  london,
  nairobi,
  browser,
}) => {
  const link = await linkClasses([london, nairobi])
  const [londonClass, nairobiClass] = link.classes
  const amaraCode = (await addPupilsViaApi(london, londonClass!.classId, ['Amara'])).get('Amara')!
  const barakaCode = (await addPupilsViaApi(nairobi, nairobiClass!.classId, ['Baraka'])).get('Baraka')!

  // The London teacher pairs pen pals and opens a round.
  await london.page.goto(`/links/${link.linkId}`)
  await london.page.getByRole('link', { name: 'Open the exchange wall' }).click()
  await london.page.getByRole('link', { name: 'Pen pals' }).click()
  await london.page.getByRole('button', { name: 'Pair pupils automatically' }).click()
  await expect(london.page.getByRole('listitem', { name: 'Group 1' })).toContainText('Baraka')
  await london.page.getByRole('link', { name: 'Back' }).click()
  await london.page.getByLabel('Theme').fill('Where we live')
  await london.page.getByLabel('Writing deadline').fill(localInput(24))
  await london.page.getByLabel('Release date').fill(localInput(48))
  await london.page.getByRole('button', { name: 'Start the round' }).click()
  await expect(london.page.getByTestId('round')).toContainText('Where we live')

  // Baraka keeps the wall open in Nairobi.
  const baraka = await pupilIn(browser, nairobiClass!.classCode, barakaCode)
  await baraka.goto(`/links/${link.linkId}/wall`)
  await expect(baraka.getByText('Nothing on the wall yet')).toBeVisible()

  const amara = await pupilIn(browser, londonClass!.classCode, amaraCode)
  await amara.goto(`/links/${link.linkId}/wall`)
  await amara.getByLabel('To').selectOption({ label: `My pen pal Baraka (${nairobiClass!.className})` })
  await amara.getByLabel('Your letter').fill('Dear Baraka, this is the park next to our school.')
  await amara.getByLabel('Add a picture (optional)').setInputFiles(path.resolve('../shared/fixtures/plain.jpg'))
  await amara.getByLabel('Caption for the picture').fill('Our park in autumn')
  await amara.getByRole('button', { name: 'Send' }).click()
  await expect(amara.getByText('Sent to your teacher')).toBeVisible()
  await expectAccessible(amara)

  // The London teacher approves it (the photo shows nobody), so it waits for release day.
  await london.page.reload()
  const letter = london.page.getByTestId('wall-item').filter({ hasText: 'Dear Baraka' })
  await expect(letter.getByText('Who does this picture show?')).toBeVisible()
  await letter.getByRole('button', { name: 'Approve' }).click()
  await expect(letter.getByText('Goes out on release day')).toBeVisible()
  await expect(baraka.getByText('Dear Baraka')).toHaveCount(0)

  // Both teachers agree to release early: Baraka sees the letter and photo arrive without reloading.
  await london.page.getByRole('button', { name: 'Agree to release now' }).click()
  await expect(london.page.getByText('1 class has agreed')).toBeVisible()
  await nairobi.page.goto(`/links/${link.linkId}/wall`)
  await nairobi.page.getByRole('button', { name: 'Agree to release now' }).click()
  const arrived = baraka.getByTestId('wall-item').filter({ hasText: 'Dear Baraka' })
  await expect(arrived).toBeVisible()
  await expect(arrived.getByRole('img', { name: 'Our park in autumn' })).toBeVisible()

  // The printable page shows the round's letters.
  await london.page.getByRole('link', { name: 'Where we live' }).click()
  await expect(london.page.getByRole('heading', { name: 'Letters: Where we live' })).toBeVisible()
  await expect(london.page.getByTestId('print-letter')).toContainText('Dear Baraka')
  await expect(london.page.getByTestId('print-letter')).toContainText('From Amara')
})

test('a pupil’s unsent letter survives a reload and a dropped connection, and is sent when it comes back', async ({
  london,
  nairobi,
  browser,
}) => {
  const link = await linkClasses([london, nairobi])
  const londonClass = link.classes[0]!
  const code = (await addPupilsViaApi(london, londonClass.classId, ['Amara'])).get('Amara')!
  const amara = await pupilIn(browser, londonClass.classCode, code)
  await amara.goto(`/links/${link.linkId}/wall`)
  await amara.getByLabel('Your letter').fill('Dear friends, it snowed today!')
  await amara.reload()
  await expect(amara.getByLabel('Your letter')).toHaveValue('Dear friends, it snowed today!')

  await amara.context().setOffline(true)
  await amara.getByRole('button', { name: 'Send' }).click()
  await expect(amara.getByTestId('outbox-entry').getByText('You are offline: this is kept safe')).toBeVisible()
  await expect(amara.getByLabel('Your letter')).toHaveValue('')
  await amara.context().setOffline(false)
  await expect(amara.getByText('Sent to your teacher')).toBeVisible()
  await expect(amara.getByLabel('Your letter')).toHaveValue('')
  await expect(amara.getByTestId('wall-item').filter({ hasText: 'it snowed today' })).toHaveCount(1)
})
