import { e2eSmtpPort } from '../playwright.config.js'
import { resetLinkIn, startSmtpServer } from '../server/test/smtp.js'
import { localTime } from '../shared/schoolHours.js'
import { addPupilsViaApi, linkClasses } from './fixtures/links.js'
import { expect, expectAccessible, newPerson, pupilIn, test, TeacherPage } from './fixtures/people.js'

test('a colleague is invited, joins the school and moderates its pupils’ posts', async ({
  london,
  nairobi,
  browser,
}) => {
  // Four people in their own browsers: on two busy cores this takes longer than one page's scenario.
  test.setTimeout(300_000)
  const link = await linkClasses([london, nairobi])
  const londonClass = link.classes[0]!
  const board = await london.page.request.post(`/api/links/${link.linkId}/boards`, { data: { title: 'Our rivers' } })
  const boardId = ((await board.json()) as { id: string }).id
  const codes = await addPupilsViaApi(london, londonClass.classId, ['Amara'])

  // The admin invites a colleague from "My school" and passes the link on.
  await london.page.getByRole('link', { name: 'My school' }).click()
  await london.page.getByRole('button', { name: 'Invite a colleague' }).click()
  const invitation = london.page.getByRole('textbox', {
    name: /Send this invitation link/,
  })
  const url = await invitation.inputValue()
  expect(url).toMatch(/\/join\/[\w-]{43}$/)
  await expectAccessible(london.page)

  // Mr Evans opens it on his own computer and makes his account.
  const { page: evans } = await newPerson(browser)
  await evans.goto(url)
  await expect(
    evans.getByRole('heading', {
      name: `Join ${london.schoolName} on Bridges`,
    }),
  ).toBeVisible()
  await expectAccessible(evans)
  await evans.getByLabel('Your name').fill('Mr Evans')
  await evans.getByLabel('Email address').fill(`evans-${Date.now()}@example.org`)
  await evans.getByLabel('Password').fill('rivers bend slowly home')
  await evans.getByRole('button', { name: 'Join my school' }).click()
  await expect(evans.getByRole('heading', { name: 'My classes' })).toBeVisible()

  // Amara posts while Ms Okafor is away: Mr Evans approves it from the queue.
  const amara = await pupilIn(browser, londonClass.classCode, codes.get('Amara')!)
  await amara.goto(`/boards/${boardId}`)
  await amara.getByLabel('Title').fill('The Thames')
  await amara.getByLabel('What do you want to say?').fill('It goes past our school')
  await amara.getByRole('button', { name: 'Post' }).click()
  await expect(amara.getByTestId('post-status')).toHaveText(/Your teacher will look at this soon/)
  await evans.getByRole('link', { name: /Moderation/ }).click()
  await evans.getByRole('button', { name: 'Approve' }).click()
  await expect(amara.getByTestId('post-status')).toHaveCount(0)
  await nairobi.page.goto(`/boards/${boardId}`)
  await expect(nairobi.page.getByText('The Thames')).toBeVisible()

  // The admin sees him on the staff list; the invitation link does not work twice.
  await london.page.reload()
  await expect(london.page.getByRole('cell', { name: /^Mr Evans/ })).toBeVisible()

  // Mr Evans has his school page open when the admin makes him safeguarding lead: the school's whole
  // record appears on his screen at once, and goes when the role is taken back, without a reload.
  await evans.getByRole('link', { name: 'My school' }).click()
  const record = evans.getByRole('heading', { name: 'Safeguarding record' })
  await expect(evans.getByRole('heading', { name: 'My school' })).toBeVisible()
  await expect(record).toHaveCount(0)
  const lead = london.page.getByRole('row', { name: /Mr Evans/ }).getByRole('checkbox', { name: 'Safeguarding lead' })
  // The box follows the saved state (it is ticked once the server has it), so it is clicked, not check()ed.
  await lead.click()
  await expect(lead).toBeChecked()
  await expect(record).toBeVisible()
  await expectAccessible(evans)
  await lead.click()
  await expect(lead).not.toBeChecked()
  await expect(record).toHaveCount(0)
  const { page: stranger } = await newPerson(browser)
  await stranger.goto(url)
  await expect(stranger.getByText('This invitation has expired or was already used')).toBeVisible()
})

test('a teacher resets a forgotten password through the link mailed to her', async ({ page }) => {
  const smtp = await startSmtpServer(e2eSmtpPort)
  try {
    const teacher = new TeacherPage(
      page,
      {
        school: 'Ysgol y Bae',
        country: 'GB',
        city: 'Cardiff',
        timeZone: 'Europe/London',
        languages: 'cy, en',
      },
      'Mrs Hughes',
    )
    await teacher.registerViaApi()
    await teacher.signOut()
    await page.goto('/sign-in')
    await page.getByRole('link', { name: 'Forgot your password?' }).click()
    await page.getByLabel('Email address').fill(teacher.email)
    await page.getByRole('button', { name: 'Send me a link' }).click()
    await expect(page.getByRole('status')).toContainText('If that address has a Bridges account')
    await expectAccessible(page)

    await expect.poll(() => smtp.received.filter((m) => m.to.includes(teacher.email)).length).toBe(1)
    const link = resetLinkIn(smtp.received.find((m) => m.to.includes(teacher.email))!)!
    await page.goto(link)
    await page.getByLabel('New password').fill('copper kettles sing at dawn')
    await page.getByRole('button', { name: 'Save my new password' }).click()
    await expect(page.getByText('Your new password is saved')).toBeVisible()
    await expectAccessible(page)

    teacher.password = 'copper kettles sing at dawn'
    await teacher.signIn()
  } finally {
    await smtp.close()
  }
})

test('a pupil’s sign-in ends at the end of her school day, on the page she left open', async ({ london, browser }) => {
  // The day ends at the next whole minute that is at least 20 s away (the setting has minutes, not seconds).
  test.setTimeout(150_000)
  const created = await london.page.request.post('/api/classes', {
    data: {
      name: 'Year 4',
      ageMin: 8,
      ageMax: 9,
      languages: ['en'],
      subjects: [],
      timeZone: 'Europe/London',
    },
  })
  const schoolClass = (await created.json()) as { id: string; code: string }
  const codes = await addPupilsViaApi(london, schoolClass.id, ['Amara'])
  const end = Math.ceil((Date.now() + 20_000) / 60_000) * 60_000

  await london.page.goto('/school')
  await london.page.getByLabel('School day ends at').fill(localTime(end, london.place.timeZone))
  await london.page
    .locator('form', { has: london.page.getByLabel('School day ends at') })
    .getByRole('button', { name: 'Save' })
    .click()
  await expect(london.page.getByText('Saved.')).toBeVisible()

  const amara = await pupilIn(browser, schoolClass.code, codes.get('Amara')!)
  await expect(amara.getByRole('button', { name: 'Sign out' })).toBeVisible()
  // Nobody touches the computer: when the day ends, the page goes back to sign-in by itself.
  await expect(amara.getByRole('heading', { name: 'Welcome to Bridges' })).toBeVisible({
    timeout: end - Date.now() + 15_000,
  })
  expect(Date.now()).toBeGreaterThanOrEqual(end)
  await amara.reload()
  await expect(amara.getByRole('heading', { name: 'Welcome to Bridges' })).toBeVisible()
  expect((await amara.request.get('/api/me')).status()).toBe(401)
})
