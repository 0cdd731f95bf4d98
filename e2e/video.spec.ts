import { addPupilsViaApi, linkClasses } from './fixtures/links.js'
import { expect, expectAccessible, pupilIn, test } from './fixtures/people.js'

test('a class records a video postcard with the fake camera; it is transcoded, approved with who is shown, and plays on the partner wall with captions', async ({
  london,
  nairobi,
  browser,
}) => {
  test.setTimeout(240_000)
  const link = await linkClasses([london, nairobi])
  const [londonClass, nairobiClass] = link.classes
  const amaraCode = (await addPupilsViaApi(london, londonClass!.classId, ['Amara'])).get('Amara')!
  const barakaCode = (await addPupilsViaApi(nairobi, nairobiClass!.classId, ['Baraka'])).get('Baraka')!
  const register = (await (await london.page.request.get(`/api/classes/${londonClass!.classId}/consent`)).json()) as {
    pupilId: string
    name: string
  }[]
  const amaraId = register.find((p) => p.name === 'Amara')!.pupilId
  await london.page.request.put(`/api/classes/${londonClass!.classId}/consent`, {
    data: { pupilId: amaraId, consent: true },
  })
  const wall = `/links/${link.linkId}/wall`

  // The London teacher lets her pupils record.
  await london.page.goto(wall)
  const allow = london.page.getByLabel('Pupils in my class may record video postcards')
  await allow.check()
  await expect(allow).toBeChecked()

  // Amara records on the class computer: camera, 3-2-1, stop, retake, stop, send.
  const amara = await pupilIn(browser, londonClass!.classCode, amaraCode)
  await amara.goto(wall)
  await amara.getByRole('button', { name: 'Open the camera' }).click()
  for (let take = 0; take < 2; take++) {
    await amara.getByRole('button', { name: 'Start recording' }).click()
    await expect(amara.getByTestId('countdown')).toHaveText(/[123]/)
    await expect(amara.getByText('Recording… 2 s')).toBeVisible({ timeout: 15_000 })
    await amara.getByRole('button', { name: 'Stop' }).click()
    await expect(amara.getByLabel('Your recording')).toBeVisible()
    if (take === 0) await amara.getByRole('button', { name: 'Record again' }).click()
  }
  await amara.getByLabel('What is your video about?').fill('Our playground')
  await amara.getByRole('button', { name: 'Send the video' }).click()
  await expect(amara.getByText('Sent! Your teacher will look at it soon.')).toBeVisible({ timeout: 30_000 })
  await expectAccessible(amara)

  // The teacher sees it transcoded, captions it and approves it naming Amara (who has photo consent).
  await london.page.reload()
  const card = london.page.getByTestId('wall-item').filter({ hasText: 'Our playground' })
  await expect(card.getByTestId('video-player')).toBeVisible({ timeout: 120_000 })
  // In her moderation queue she watches the video itself, not only its poster.
  await london.page.goto('/moderation')
  const queued = london.page.getByRole('article', { name: 'Waiting: written by Amara' }).getByTestId('queue-video')
  await expect(queued).toHaveAccessibleName('Video postcard from Amara')
  await queued.evaluate((v: HTMLVideoElement) => {
    v.muted = true
    return v.play()
  })
  await expect.poll(() => queued.evaluate((v: HTMLVideoElement) => v.currentTime)).toBeGreaterThan(0.5)
  await expectAccessible(london.page)
  await london.page.goto(wall)
  await expect(card.getByTestId('video-player')).toBeVisible()
  await card.getByRole('button', { name: 'Add captions' }).click()
  await card.getByLabel('Language of the captions').selectOption('en')
  await card.getByLabel('Captions (WebVTT)').fill('WEBVTT\n\n00:00.000 --> 00:09.000\nHello from London!')
  await card.getByRole('button', { name: 'Save captions' }).click()
  await expect(card.getByRole('button', { name: 'Add captions' })).toBeVisible()
  await card.getByRole('group', { name: 'Who does this picture show?' }).getByLabel('Amara').check()
  await card.getByRole('button', { name: 'Approve' }).click()
  await expect(card.getByRole('button', { name: 'Approve' })).toHaveCount(0)
  await expectAccessible(london.page)

  // Baraka in Nairobi plays it, with its captions showing.
  const baraka = await pupilIn(browser, nairobiClass!.classCode, barakaCode)
  await baraka.goto(wall)
  const player = baraka.getByTestId('video-player')
  await expect(player).toBeVisible()
  await player.evaluate((v: HTMLVideoElement) => {
    v.muted = true
    return v.play()
  })
  await expect.poll(() => player.evaluate((v: HTMLVideoElement) => v.readyState)).toBeGreaterThanOrEqual(2)
  await expect.poll(() => player.evaluate((v: HTMLVideoElement) => v.currentTime)).toBeGreaterThan(0.5)
  await expect.poll(() => player.evaluate((v: HTMLVideoElement) => v.textTracks[0]?.mode)).toBe('showing')
  await expect.poll(() => player.evaluate((v: HTMLVideoElement) => v.textTracks[0]?.activeCues?.[0])).toBeTruthy()
  await expectAccessible(baraka)

  // Baraka answers the video with a letter; it shows under the video, waiting for his teacher.
  const postcard = baraka.getByTestId('wall-item').filter({ hasText: 'Our playground' })
  await postcard.getByRole('button', { name: 'Answer with a letter' }).click()
  await postcard.getByLabel('Your letter').fill('We liked your playground! Ours has a mango tree.')
  await postcard.getByRole('button', { name: 'Send the letter' }).click()
  await expect(postcard.getByText('We liked your playground! Ours has a mango tree.')).toBeVisible()
  await expect(postcard.getByLabel('Your letter')).toHaveValue('')
  await expectAccessible(baraka)
})
