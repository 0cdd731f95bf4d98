import { readFile } from 'node:fs/promises'
import type { Page } from '@playwright/test'
import { CARDIFF, expect, expectAccessible, newPerson, test, TeacherPage, unique } from './fixtures/people.js'

/** On a class page: opts the class into the directory with a theme only this test uses. */
async function optIn(teacher: TeacherPage, className: string, theme: string): Promise<void> {
  const { page } = teacher
  await teacher.createClass(className)
  await page.getByRole('link', { name: 'Partner directory' }).click()
  await page.getByLabel('What we hope for').fill(`Pen pals and a joint assembly about ${theme}`)
  await page.getByLabel('Themes').fill(`${theme}, festivals`)
  await page.getByRole('button', { name: 'Add to the directory' }).click()
  await expect(page.getByText('This class is in the partner directory.')).toBeVisible()
}

/** Searches the directory by theme and sends an invitation to the one class found. */
async function invite(page: Page, theme: string, school: string, message: string): Promise<void> {
  await page.getByLabel('Theme or subject').fill(theme)
  await page.getByRole('button', { name: 'Search' }).click()
  const card = page.getByRole('article').filter({ hasText: school })
  await expect(card).toBeVisible()
  await card.getByLabel('Message to their teacher').fill(message)
  await card.getByRole('button', { name: 'Send invitation' }).click()
  await expect(card.getByText('Invitation sent.')).toBeVisible()
}

async function acceptInvitation(page: Page, from: string): Promise<void> {
  await page.getByRole('link', { name: 'Links', exact: true }).click()
  const invitation = page.getByRole('article', { name: new RegExp(`Invitation from ${from}`) })
  await invitation.getByRole('button', { name: 'Accept' }).click()
  await expect(page.getByRole('heading', { name: 'Link agreement', level: 1 })).toBeVisible()
}

async function signFor(page: Page, className: string): Promise<void> {
  await page.getByRole('button', { name: `Sign for ${className}` }).click()
  await expect(page.getByText(/^Signed by /).first()).toBeVisible()
}

test('London and Nairobi find each other, agree and sign; presence is live; a third class joins and signs', async ({
  london,
  nairobi,
  browser,
}) => {
  // Three schools' teachers, each signing through the whole agreement: about a minute on CI's 2 cores.
  test.slow()
  const theme = `rivers${unique()}`
  await optIn(nairobi, 'Simba Class', theme)
  await optIn(london, 'Otters', theme)

  // London looks for partners from its class page, comparing school hours with its own class.
  await london.page.getByRole('link', { name: 'Find partners for this class' }).click()
  await expect(london.page.getByRole('heading', { name: 'Find a partner class' })).toBeVisible()
  await invite(london.page, theme, nairobi.schoolName, 'Jambo! Would Simba Class like to write to our Otters?')
  await expect(london.page.getByTestId('overlap').first()).toContainText('20 h a week')
  await expectAccessible(london.page)

  await acceptInvitation(nairobi.page, london.schoolName)
  const linkUrl = nairobi.page.url().replace('/agreement', '')

  // Nairobi drafts the agreement; London sees it and both sign the same version.
  const { page: np } = nairobi
  await np.getByLabel('Aims and vision').fill('Pupils learn how daily life differs and is alike in London and Nairobi.')
  await np
    .getByLabel('How we communicate')
    .fill('Letters every fortnight, collated by each teacher; a joint assembly each term.')
  await np.getByRole('button', { name: 'Add an activity' }).click()
  await np.getByRole('group', { name: 'Plan item 1' }).getByLabel('Date').fill('2099-01-15')
  await np.getByRole('group', { name: 'Plan item 1' }).getByLabel('Activity').fill('First letters')
  await np.getByRole('group', { name: 'Plan item 1' }).getByLabel('Expected outcome').fill('Every pupil has a pen pal')
  await np.getByLabel('Exit strategy').fill('Either school may end the link with a term of notice.')
  await np.getByRole('button', { name: 'Save the agreement' }).click()
  await expect(np.getByText('Saved.')).toBeVisible()
  await expectAccessible(np)
  await signFor(np, 'Simba Class')

  await london.page.goto(`${linkUrl}/agreement`)
  await expect(london.page.getByLabel('Aims and vision')).toHaveValue(/London and Nairobi/)
  await signFor(london.page, 'Otters')
  await expect(london.page.getByTestId('signature-status')).toHaveText('Every class has signed this version.')

  // Both link homes show the link active, the plan, and each other online, live.
  await london.page.goto(linkUrl)
  await nairobi.page.goto(linkUrl)
  for (const teacher of [london, nairobi]) {
    await expect(teacher.page.getByTestId('link-status')).toHaveText('Active')
    await expect(teacher.page.getByText('First letters')).toBeVisible()
    await expect(teacher.page.getByTestId('presence').filter({ hasText: 'Online now' })).toHaveCount(2)
  }
  await expectAccessible(london.page)
  // Nairobi's computer goes away: London sees it leave, then come back, without reloading.
  await nairobi.page.goto('/classes')
  await expect(london.page.getByTestId('presence').filter({ hasText: 'Online now' })).toHaveCount(1)
  await nairobi.page.goto(linkUrl)
  await expect(london.page.getByTestId('presence').filter({ hasText: 'Online now' })).toHaveCount(2)

  // A Cardiff class joins to make the link trilateral; the agreement now needs its signature.
  const { context, page: cardiffPage } = await newPerson(browser)
  const cardiff = new TeacherPage(cardiffPage, CARDIFF, 'Mrs Evans')
  await cardiff.registerViaApi()
  await optIn(cardiff, 'Dosbarth Draig', theme)
  await london.page.getByRole('link', { name: 'Invite another class' }).click()
  await invite(london.page, theme, cardiff.schoolName, 'Would you like to join our link with Nairobi?')
  // Nairobi, a member of the link, sees the pending invitation too.
  await nairobi.page.goto('/links')
  await expect(nairobi.page.getByRole('article', { name: new RegExp(`to ${cardiff.schoolName}`) })).toBeVisible()

  await acceptInvitation(cardiff.page, london.schoolName)
  await expect(cardiff.page.getByTestId('signature-status')).toHaveText('Waiting for 1 signature.')
  await london.page.goto(linkUrl)
  await expect(london.page.getByTestId('link-status')).toHaveText('Being set up')
  await expect(london.page.getByTestId('health')).toContainText('waiting for 1 signature')
  await signFor(cardiff.page, 'Dosbarth Draig')
  await expect(london.page.getByTestId('link-status')).toHaveText('Active')
  await expect(london.page.getByRole('list', { name: 'Partner classes' }).getByRole('listitem')).toHaveCount(3)
  await context.close()
})

test('any teacher pauses and ends a link; it stays readable and says why nothing new can be added', async ({
  london,
  nairobi,
}) => {
  const theme = `weather${unique()}`
  await optIn(nairobi, 'Twiga', theme)
  await optIn(london, 'Badgers', theme)
  await london.page.getByRole('link', { name: 'Find partners for this class' }).click()
  await invite(london.page, theme, nairobi.schoolName, 'Hello!')
  await acceptInvitation(nairobi.page, london.schoolName)
  const linkUrl = nairobi.page.url().replace('/agreement', '')
  await nairobi.page.goto(linkUrl)
  await nairobi.page.getByRole('button', { name: 'Pause the link' }).click()
  await expect(nairobi.page.getByTestId('link-status')).toHaveText('Paused')
  await london.page.goto(linkUrl)
  await london.page.getByRole('button', { name: 'Resume the link' }).click()
  await london.page.getByRole('button', { name: 'End the link' }).click()
  await london.page.getByRole('button', { name: 'Yes, end the link' }).click()
  await expect(london.page.getByTestId('link-status')).toHaveText('Ended')
  await expect(london.page.getByTestId('health')).toContainText('can be exported')
  const download = london.page.waitForEvent('download')
  await london.page.getByRole('link', { name: 'Export everything (JSON)' }).click()
  const file = await download
  expect(file.suggestedFilename()).toMatch(/^bridges-link-.*\.json$/)
  const record = JSON.parse(await readFile(await file.path(), 'utf8')) as Record<string, unknown>
  expect(Object.keys(record)).toEqual(expect.arrayContaining(['agreement', 'activity', 'boards', 'wall', 'assemblies']))
  // The Nairobi page updates live.
  await expect(nairobi.page.getByTestId('link-status')).toHaveText('Ended')
})
