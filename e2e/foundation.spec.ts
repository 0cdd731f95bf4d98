import { expectAccessible, expect, newPerson, PupilPage, test } from './fixtures/people.js'

// Registering is what these scenarios are about: the fixture teachers type into the form.
test.use({ signUpThrough: 'form' })

test('a teacher registers, creates a class, adds three pupils and prints their cards; a pupil signs in', async ({
  london,
  browser,
}) => {
  const { page } = london
  await expectAccessible(page)
  await london.createClass('Year 5 Oak')
  await expectAccessible(page)
  await london.addPupils(['Amara', 'Ben', 'Cerys'])
  const cards = await london.readSignInCards()
  expect([...cards.keys()].sort()).toEqual(['Amara', 'Ben', 'Cerys'])
  await expectAccessible(page)

  const amara = cards.get('Amara')!
  const { context, page: pupilPage } = await newPerson(browser)
  const pupil = new PupilPage(pupilPage)
  await pupil.signIn(amara.classCode.toLowerCase(), amara.personalCode)
  await expect(pupilPage.getByRole('heading', { name: 'Hello, Amara!' })).toBeVisible()
  await expectAccessible(pupilPage)

  // A pupil opening a teacher page is refused.
  await pupilPage.goto('/classes')
  await expect(pupilPage.getByRole('heading', { name: 'This page is not for you' })).toBeVisible()
  await context.close()
})

test('a wrong pupil code shows a clear message', async ({ page }) => {
  await page.goto('/sign-in')
  await expectAccessible(page)
  const pupil = new PupilPage(page)
  // A code of the wrong length is caught on the page, beside its field, before anything is sent.
  await pupil.signIn('ABC', 'GHJ-KMN')
  await expect(page.getByRole('alert')).toHaveText('This is not in the right format.')
  await expect(page.getByLabel('Class code')).toHaveAttribute('aria-invalid', 'true')
  await expect(page.getByLabel('My code')).not.toHaveAttribute('aria-invalid', 'true')
  await pupil.signIn('ABCDEF', 'GHJKMN')
  await expect(page.getByRole('alert')).toHaveText(
    'Those sign-in details are not right. Please check them and try again.',
  )
})

test('a teacher switches to Welsh and the pages stay in Welsh after a reload and a new sign-in', async ({ london }) => {
  const { page } = london
  await page.getByLabel('Language', { exact: true }).selectOption('cy')
  await expect(page.getByRole('heading', { name: 'Fy nosbarthiadau' })).toBeVisible()
  await page.reload()
  await expect(page.getByRole('heading', { name: 'Fy nosbarthiadau' })).toBeVisible()
  await expect(page.locator('html')).toHaveAttribute('lang', 'cy')
  await expectAccessible(page)
  // The choice belongs to the person: it follows them to a fresh browser.
  await page.context().clearCookies()
  await page.evaluate(() => localStorage.clear())
  await page.goto('/sign-in')
  await london.signIn().catch(() => undefined)
  await expect(page.getByRole('heading', { name: 'Fy nosbarthiadau' })).toBeVisible()
})

test('registration refuses a duplicate email with a clear message', async ({ london, browser }) => {
  const { context, page } = await newPerson(browser)
  await page.goto('/register')
  await page.getByLabel('Your name').fill('Someone Else')
  await page.getByLabel('Email address').fill(london.email)
  await page.getByLabel('Password').fill('another long secret')
  await page.getByLabel('School name').fill('Another School')
  await page.getByLabel('Country code').fill('GB')
  await page.getByLabel('Town or city').fill('Leeds')
  await page.getByLabel('Languages').fill('en')
  await page.getByRole('button', { name: 'Create my account' }).click()
  await expect(page.getByRole('alert')).toContainText('already exists')
  await context.close()
})
