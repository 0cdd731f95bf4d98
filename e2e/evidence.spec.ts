import fs from 'node:fs'
import { extractText, getDocumentProxy } from 'unpdf'
import type { Page } from '@playwright/test'
import { addPupilsViaApi, linkClasses } from './fixtures/links.js'
import { expect, expectAccessible, pupilIn, test } from './fixtures/people.js'

const OUTCOME = 'Pupils can describe a school day in their partner school'

async function reviewOwn(page: Page, linkId: string, rating: string, nextSteps: string): Promise<void> {
  await page.goto(`/links/${linkId}`)
  await page.getByRole('link', { name: 'Review outcomes' }).click()
  const outcome = page.getByRole('article', { name: OUTCOME })
  await outcome.getByRole('radio', { name: "Our school's own review" }).check()
  await outcome.getByRole('radio', { name: rating, exact: true }).check()
  await outcome.getByRole('checkbox', { name: 'Assembly: A day in our school' }).check()
  await outcome.getByLabel('What happens next').fill(nextSteps)
  await outcome.getByRole('button', { name: 'Record the review' }).click()
  await expect(outcome.getByText('Review recorded.')).toBeVisible()
}

test('two schools agree an outcome and review it with evidence; pupils reflect; London downloads a portfolio PDF that states its ISA level', async ({
  london,
  nairobi,
  browser,
}) => {
  // Three people in three browsers, then a PDF printed by a fourth (headless) one on the server.
  test.setTimeout(240_000)
  const link = await linkClasses([london, nairobi])
  const [londonClass, nairobiClass] = link.classes
  const amaraCode = (await addPupilsViaApi(london, londonClass!.classId, ['Amara Okonkwo'])).get('Amara Okonkwo')!
  await addPupilsViaApi(nairobi, nairobiClass!.classId, ['Baraka Mwangi'])

  // The schools agree an outcome: London adds it to the agreement, both sign the new version.
  await london.page.goto(`/links/${link.linkId}/agreement`)
  await london.page.getByLabel('Outcomes agreed by all schools').fill(OUTCOME)
  await london.page.getByRole('button', { name: 'Save the agreement' }).click()
  await expect(london.page.getByText('Saved.')).toBeVisible()
  for (const c of link.classes) {
    await c.teacher.page.goto(`/links/${link.linkId}/agreement`)
    await c.teacher.page.getByRole('button', { name: `Sign for ${c.className}` }).click()
    await expect(c.teacher.page.getByText(/^Signed by /).first()).toBeVisible()
  }
  // Something in the link's record to point to: a joint assembly.
  expect(
    (
      await london.page.request.post(`/api/links/${link.linkId}/assemblies`, {
        data: { title: 'A day in our school', startNow: true },
      })
    ).status(),
  ).toBe(201)

  // Each school reviews on its own, picking evidence from the record; then London records the joint review.
  await reviewOwn(london.page, link.linkId, 'Partly met', 'Ask Nairobi about their lunch break')
  await reviewOwn(nairobi.page, link.linkId, 'Met', 'Film a morning in our school')
  await london.page.reload()
  const outcome = london.page.getByRole('article', { name: OUTCOME })
  await outcome.getByRole('radio', { name: 'Joint review, with our partners' }).check()
  await outcome.getByRole('radio', { name: 'Met', exact: true }).check()
  await outcome.getByRole('checkbox', { name: 'Assembly: A day in our school' }).check()
  await outcome.getByLabel('What happens next').fill('Plan a day swap next term')
  await outcome.getByRole('button', { name: 'Record the review' }).click()
  await expect(outcome.getByTestId('last-joint')).toContainText('Met')
  await expectAccessible(london.page)
  // London places the assembly in its curriculum.
  const activity = london.page.getByRole('form', { name: /A day in our school/ })
  await activity.getByLabel('Subjects').fill('Geography')
  await activity.getByRole('button', { name: 'Save' }).click()
  await expect(activity.getByText('Saved.')).toBeVisible()
  await nairobi.page.goto(`/links/${link.linkId}`)
  await expect(nairobi.page.getByTestId('review-line')).toContainText('1 met, 0 partly, 0 not yet')

  // London's teacher opens a reflection; Amara answers with faces and a few words.
  await london.page.goto('/reflections')
  await london.page.getByRole('button', { name: 'Open it for the class' }).click()
  await expect(london.page.getByRole('heading', { name: 'Results' })).toBeVisible()
  const reflectionUrl = london.page.url()
  const amara = await pupilIn(browser, londonClass!.classCode, amaraCode)
  // One tap from her home to the reflection her teacher opened.
  await amara.goto('/')
  await amara.getByRole('link', { name: 'Your teacher has a question for you' }).click()
  await amara.getByRole('group', { name: 'I know what a day at my partner school is like' }).getByText('Yes').click()
  await amara.getByRole('group', { name: 'I would like to visit my partner school' }).getByText('Yes').click()
  await amara.getByLabel('What would you like to ask your partners?').fill('Do you play football at break?')
  await amara.getByRole('button', { name: 'Send my answer' }).click()
  await expect(amara.getByText('You answered. Thank you!')).toBeVisible()
  await expectAccessible(amara)
  await london.page.reload()
  await expect(london.page.getByTestId('answered-count')).toHaveText('1 of 1 pupils answered')
  await expect(london.page.getByText('Do you play football at break?')).toBeVisible()
  // The partner school sees nothing of it.
  await nairobi.page.goto(reflectionUrl)
  await expect(nairobi.page.getByRole('alert')).toBeVisible()
  await expect(nairobi.page.getByText('Do you play football at break?')).toHaveCount(0)
  await nairobi.page.goto('/reflections')
  await expect(nairobi.page.getByText('No reflection to answer just now.')).toBeVisible()

  // London downloads the portfolio: the PDF's text states the level the evidence meets and what is missing.
  await london.page.goto('/portfolio')
  await expect(london.page.getByTestId('isa-level')).toHaveText(
    'The evidence meets the International School Award at Foundation level.',
  )
  const downloading = london.page.waitForEvent('download')
  await london.page.getByRole('link', { name: 'Download PDF' }).click()
  const download = await downloading
  expect(download.suggestedFilename()).toMatch(/^bridges-portfolio-.*\.pdf$/)
  const pdf = new Uint8Array(fs.readFileSync(await download.path()))
  const { text } = await extractText(await getDocumentProxy(pdf), { mergePages: true })
  const flat = text.replace(/\s+/g, ' ')
  expect(flat).toContain('The evidence meets the International School Award at Foundation level.')
  expect(flat).toContain('Still missing for Intermediate level:')
  expect(flat).toContain('Activities tagged with a subject still needed: 2.')
  expect(flat).toContain(OUTCOME)
  for (const name of ['Amara', 'Baraka']) expect(flat).not.toContain(name)
  expect(flat).not.toContain('football')
})
