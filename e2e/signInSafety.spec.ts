import { baseURL } from '../playwright.config.js'
import { expect, expectAccessible, newPerson, pupilIn, test, unique } from './fixtures/people.js'

test('registration refuses a common password beside the field, with advice, then accepts a strong one', async ({
  browser,
}) => {
  const { context, page } = await newPerson(browser)
  await page.goto('/register')
  await page.getByLabel('Your name').fill('Mr Evans')
  await page.getByLabel('Email address').fill(`evans-${unique()}@example.org`)
  await page.getByLabel('Password').fill('password1234')
  await page.getByLabel('School name').fill(`Ysgol y Bryn ${unique()}`)
  await page.getByLabel('Country code').fill('GB')
  await page.getByLabel('Town or city').fill('Bangor')
  await page.getByLabel('Languages').fill('cy, en')
  await page.getByRole('button', { name: 'Create my account' }).click()
  const password = page.getByRole('textbox', { name: 'Password' })
  await expect(password).toHaveAttribute('aria-invalid', 'true')
  await expect(page.getByRole('alert')).toContainText('commonly used password')
  await expect(page.getByRole('alert')).toContainText('Add more words that are less common.')
  await expectAccessible(page)

  await password.fill('slate harbour lantern 7')
  await page.getByRole('button', { name: 'Create my account' }).click()
  await expect(page.getByRole('heading', { name: 'My classes' })).toBeVisible()
  await context.close()
})

test("a teacher sees her class's sign-in slowed, lifts it, and renames a pupil", async ({
  london,
  browser,
  playwright,
}) => {
  const classCode = await london.createClass('Year 4 Ash')
  await london.addPupils(['Amara', 'Ben'])
  const cards = await london.readSignInCards()
  const ben = cards.get('Ben')!

  // Many wrong codes for the class from the school's own address (every page here comes from 127.0.0.1).
  const api = await playwright.request.newContext({ baseURL })
  for (let round = 0; round < 31; round++) {
    const tries = Array.from({ length: 10 }, () =>
      api.post('/api/auth/pupil-sign-in', { data: { classCode, personalCode: 'ZZZZZ0' } }),
    )
    for (const res of await Promise.all(tries)) expect([401, 429]).toContain(res.status())
  }
  await api.dispose()

  const { page } = london
  await page.goBack()
  await page.reload()
  const notice = page.getByTestId('sign-in-lock')
  await expect(notice).toContainText('Sign-in to this class is being slowed')
  await expectAccessible(page)
  await notice.getByRole('button', { name: 'Let pupils sign in again now' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Done: pupils can sign in' })).toHaveText(
    'Done: pupils can sign in to this class again.',
  )
  const pupil = await pupilIn(browser, ben.classCode, ben.personalCode)
  await expect(pupil.getByRole('heading', { name: 'Hello, Ben!' })).toBeVisible()

  await page.getByRole('button', { name: 'Rename Amara' }).click()
  await page.getByLabel('New name for Amara').fill('Amara K')
  await page.getByRole('button', { name: 'Save' }).click()
  await expect(page.getByRole('cell', { name: 'Amara K', exact: true })).toBeVisible()
  await pupil.context().close()
})
