import path from 'node:path'
import type { Locator, Page } from '@playwright/test'
import { directionOf } from '../shared/locales.js'
import { linkClasses, addPupilsViaApi } from './fixtures/links.js'
import { text } from './fixtures/texts.js'
import {
  CARDIFF,
  TeacherPage,
  expect,
  expectAccessible,
  newPerson,
  pupilIn,
  test,
  type Place,
} from './fixtures/people.js'

// Three classes in one link, each in its own interface language: Nairobi in Swahili, Lahore in Urdu
// (right to left) and a Welsh class in Cardiff. Labels come from the locale files themselves.
const NAIROBI_SW: Place = {
  school: 'Umoja Primary',
  country: 'KE',
  city: 'Nairobi',
  timeZone: 'Africa/Nairobi',
  languages: 'sw, en',
}
const LAHORE: Place = {
  school: 'Garden Town School',
  country: 'PK',
  city: 'Lahore',
  timeZone: 'Asia/Karachi',
  languages: 'ur, en',
}

async function chooseLanguage(page: Page, label: string, locale: string) {
  await page.getByLabel(label, { exact: true }).selectOption(locale)
  await expect(page.locator('html')).toHaveAttribute('lang', locale)
}

/** Left edges of characters of an element's text, as the browser laid them out. */
const xOf = (element: Locator, chars: string[]) =>
  element.evaluate((root, wanted) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
    const found: number[] = []
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const char of wanted) {
        const at = node.textContent?.indexOf(char) ?? -1
        if (at < 0) continue
        const range = document.createRange()
        range.setStart(node, at)
        range.setEnd(node, at + 1)
        found[wanted.indexOf(char)] = range.getBoundingClientRect().left
      }
    }
    return found
  }, chars)

test('a Swahili, an Urdu and a Welsh class share a link, each in its own language', async ({ browser, page }) => {
  // Three schools, five people and a board of 29 posts: more than one scenario's usual minute.
  test.setTimeout(150_000)
  const nairobi = new TeacherPage(page, NAIROBI_SW, 'Bi Wanjiku')
  const lahorePerson = await newPerson(browser)
  const lahore = new TeacherPage(lahorePerson.page, LAHORE, 'Ms Ayesha (Y5)')
  const cardiffPerson = await newPerson(browser)
  const cardiff = new TeacherPage(cardiffPerson.page, CARDIFF, 'Mr Jones')
  for (const teacher of [nairobi, lahore, cardiff]) await teacher.registerViaApi()
  const link = await linkClasses([nairobi, lahore, cardiff])
  const [, lahoreClass, cardiffClass] = link.classes

  // Each teacher picks her language from the header; the account keeps it.
  await chooseLanguage(nairobi.page, 'Language', 'sw')
  await chooseLanguage(lahore.page, 'Language', 'ur')
  await chooseLanguage(cardiff.page, 'Language', 'cy')
  await expect(nairobi.page.getByTestId('draft-translation')).toHaveText(text('sw', 'common', 'draftTranslation'))

  // Urdu mirrors: by layout, not only the attribute. The partner cards read right to left.
  await lahore.page.goto(`/links/${link.linkId}`)
  await expect(lahore.page.locator('html')).toHaveAttribute('dir', 'rtl')
  const cards = lahore.page.locator('.partner')
  await expect(cards).toHaveCount(3)
  const [first, second] = [await cards.nth(0).boundingBox(), await cards.nth(1).boundingBox()]
  expect(first!.x).toBeGreaterThan(second!.x)
  await expectAccessible(lahore.page)
  // Her Latin-script name with brackets inside the Urdu "signed in as" sentence keeps its brackets in order.
  await expect(lahore.page.getByTestId('signed-in-as')).toHaveText(
    text('ur', 'common', 'signedInAs', { name: 'Ms Ayesha (Y5)' }),
  )
  await expect(lahore.page.getByTestId('signed-in-as')).toContainText('\u2068Ms Ayesha (Y5)\u2069')
  const [open, close] = await xOf(lahore.page.getByTestId('signed-in-as'), ['(', ')'])
  expect(open!).toBeLessThan(close!)

  // A Welsh board: "n ateb" for 0, 1, 2, 3, 6 and 11 replies (CLDR's zero, one, two, few, many, other).
  const board = await cardiff.page.request.post(`/api/links/${link.linkId}/boards`, { data: { title: 'Y tywydd' } })
  const boardId = ((await board.json()) as { id: string }).id
  // 23 replies: spread over the three teachers (each may write ten a minute).
  const writers = [
    ...Array<TeacherPage>(10).fill(lahore),
    ...Array<TeacherPage>(10).fill(nairobi),
    ...Array<TeacherPage>(4).fill(cardiff),
  ]
  for (const count of [0, 1, 2, 3, 6, 11]) {
    const thread = (await (
      await cardiff.page.request.post(`/api/boards/${boardId}/threads`, {
        data: { title: `Edau ${count}`, body: 'Beth yw eich hoff dywydd?' },
      })
    ).json()) as { id: string }
    for (let i = 0; i < count; i++)
      expect(
        (
          await writers
            .pop()!
            .page.request.post(`/api/threads/${thread.id}/replies`, { data: { body: `Ateb ${i + 1}` } })
        ).status(),
      ).toBe(201)
  }
  await cardiff.page.goto(`/boards/${boardId}`)
  for (const count of [0, 1, 2, 3, 6, 11]) {
    const wanted = text('cy', 'boards', `post.replies_${new Intl.PluralRules('cy').select(count)}`, { count })
    await expect(
      cardiff.page.locator('article', { has: cardiff.page.getByRole('link', { name: `Edau ${count}`, exact: true }) }),
    ).toContainText(wanted)
  }

  // A Welsh pupil chooses Cymraeg on the sign-in page: it stays through sign-in (her account said English).
  const pupils = await addPupilsViaApi(cardiff, cardiffClass!.classId, ['Nia'])
  const nia = await newPerson(browser)
  await nia.page.goto('/sign-in')
  await chooseLanguage(nia.page, 'Language', 'cy')
  await nia.page.getByLabel(text('cy', 'accounts', 'pupil.classCode')).fill(cardiffClass!.classCode)
  await nia.page.getByLabel(text('cy', 'accounts', 'pupil.personalCode')).fill(pupils.get('Nia')!)
  await nia.page.getByRole('button', { name: text('cy', 'accounts', 'pupil.submit') }).click()
  await expect(nia.page.getByRole('button', { name: text('cy', 'common', 'signOut') })).toBeVisible()
  await expect(nia.page.locator('html')).toHaveAttribute('lang', 'cy')

  // A Lahore pupil writes in Urdu with the same letter in Swahili; her teacher approves both.
  const lahorePupils = await addPupilsViaApi(lahore, lahoreClass!.classId, ['Zainab'])
  const zainab = await newPerson(browser)
  await zainab.page.goto('/sign-in')
  await chooseLanguage(zainab.page, 'Language', 'ur')
  await zainab.page.getByLabel(text('ur', 'accounts', 'pupil.classCode')).fill(lahoreClass!.classCode)
  await zainab.page.getByLabel(text('ur', 'accounts', 'pupil.personalCode')).fill(lahorePupils.get('Zainab')!)
  await zainab.page.getByRole('button', { name: text('ur', 'accounts', 'pupil.submit') }).click()
  await expect(zainab.page.locator('html')).toHaveAttribute('dir', 'rtl')
  await zainab.page.goto(`/links/${link.linkId}/wall`)
  await zainab.page.getByLabel(text('ur', 'wall', 'compose.body')).fill('ہمارے اسکول میں خوش آمدید')
  await zainab.page
    .getByLabel(text('ur', 'common', 'bilingual.secondText', { language: 'سواحلی' }))
    .fill('Karibu shuleni kwetu')
  await zainab.page.getByRole('button', { name: text('ur', 'wall', 'compose.send') }).click()
  await lahore.page.goto(`/links/${link.linkId}/wall`)
  await lahore.page.getByRole('button', { name: text('ur', 'wall', 'actions.approve') }).click()

  // Nairobi reads it in Swahili first, Urdu a tap away; Lahore reads it in Urdu.
  await nairobi.page.goto(`/links/${link.linkId}/wall`)
  const letter = nairobi.page.getByTestId('bilingual-text')
  await expect(letter).toHaveText('Karibu shuleni kwetu')
  await expect(letter).toHaveAttribute('lang', 'sw')
  await nairobi.page
    .getByRole('button', { name: text('sw', 'common', 'bilingual.readIn', { language: 'Kiurdu' }) })
    .click()
  await expect(letter).toHaveText('ہمارے اسکول میں خوش آمدید')
  await expect(letter).toHaveAttribute('lang', 'ur')
  await lahore.page.reload()
  await expect(lahore.page.getByTestId('bilingual-text')).toHaveText('ہمارے اسکول میں خوش آمدید')
  await expectAccessible(lahore.page)

  for (const person of [lahorePerson, cardiffPerson, nia, zainab]) await person.context.close()
})

/** On the class page: chooses the class's language; the box shows it while it is saved, and keeps it. */
async function chooseClassLanguage(page: Page, classId: string, locale: string) {
  const url = `**/api/classes/${classId}`
  let release = () => {}
  const held = new Promise<void>((resolve) => (release = resolve))
  // The save is held until the box has been seen showing the choice (a controlled box would spring back).
  await page.route(url, async (route) => {
    if (route.request().method() !== 'PATCH') return route.fallback()
    await held
    return route.continue()
  })
  const saved = page.waitForResponse(
    (res) => res.url().endsWith(`/api/classes/${classId}`) && res.request().method() === 'PATCH',
  )
  const setting = page.getByLabel(text('en', 'schools', 'classLanguage.label'))
  await setting.selectOption(locale)
  await expect(setting).toHaveValue(locale)
  release()
  expect((await saved).ok()).toBe(true)
  await page.unroute(url)
  await expect(setting).toHaveValue(locale)
}

test('a teacher sets her class’s language: a pupil signs in to it, and may still choose her own', async ({
  london,
  browser,
}) => {
  const res = await london.page.request.post('/api/classes', {
    data: {
      name: 'Dosbarth 4',
      ageMin: 8,
      ageMax: 9,
      languages: ['cy', 'en'],
      subjects: [],
      timeZone: 'Europe/London',
    },
  })
  expect(res.status(), await res.text()).toBe(201)
  const schoolClass = (await res.json()) as { id: string; code: string }
  const codes = await addPupilsViaApi(london, schoolClass.id, ['Nia', 'Huw'])

  // From the class page, in her own (English) interface.
  await london.page.goto(`/classes/${schoolClass.id}`)
  const setting = london.page.getByLabel(text('en', 'schools', 'classLanguage.label'))
  await chooseClassLanguage(london.page, schoolClass.id, 'cy')
  await london.page.reload()
  await expect(setting).toHaveValue('cy')
  await expect(london.page.locator('html')).toHaveAttribute('lang', 'en')

  // Nia signs in on a fresh computer without choosing anything: her pages are in Welsh.
  const nia = await newPerson(browser)
  await nia.page.goto('/sign-in')
  await nia.page.getByLabel(text('en', 'accounts', 'pupil.classCode')).fill(schoolClass.code)
  await nia.page.getByLabel(text('en', 'accounts', 'pupil.personalCode')).fill(codes.get('Nia')!)
  await nia.page.getByRole('button', { name: text('en', 'accounts', 'pupil.submit') }).click()
  await expect(nia.page.getByRole('heading', { name: text('cy', 'pupil', 'welcome', { name: 'Nia' }) })).toBeVisible()
  await expect(nia.page.locator('html')).toHaveAttribute('lang', 'cy')

  // She chooses Gaeilge from the header; it stays hers through signing out and in again.
  await chooseLanguage(nia.page, text('cy', 'common', 'language'), 'ga')
  await nia.page.getByRole('button', { name: text('ga', 'common', 'signOut') }).click()
  await nia.page.getByLabel(text('ga', 'accounts', 'pupil.classCode')).fill(schoolClass.code)
  await nia.page.getByLabel(text('ga', 'accounts', 'pupil.personalCode')).fill(codes.get('Nia')!)
  await nia.page.getByRole('button', { name: text('ga', 'accounts', 'pupil.submit') }).click()
  await expect(nia.page.getByRole('heading', { name: text('ga', 'pupil', 'welcome', { name: 'Nia' }) })).toBeVisible()
  await expect(nia.page.locator('html')).toHaveAttribute('lang', 'ga')

  // The teacher changes the class to French: Huw, who never chose, follows it; Nia keeps her Irish.
  await chooseClassLanguage(london.page, schoolClass.id, 'fr')
  const huw = await newPerson(browser)
  await huw.page.goto('/sign-in')
  await huw.page.getByLabel(text('en', 'accounts', 'pupil.classCode')).fill(schoolClass.code)
  await huw.page.getByLabel(text('en', 'accounts', 'pupil.personalCode')).fill(codes.get('Huw')!)
  await huw.page.getByRole('button', { name: text('en', 'accounts', 'pupil.submit') }).click()
  await expect(huw.page.getByRole('heading', { name: text('fr', 'pupil', 'welcome', { name: 'Huw' }) })).toBeVisible()
  await nia.page.reload()
  await expect(nia.page.getByRole('heading', { name: text('ga', 'pupil', 'welcome', { name: 'Nia' }) })).toBeVisible()
  await expect(nia.page.locator('html')).toHaveAttribute('lang', 'ga')

  for (const person of [nia, huw]) await person.context.close()
})

const PHONE = { width: 375, height: 667 }
const LAPTOP = { width: 1280, height: 800 }

test('the pupil home in Arabic, Bengali and Welsh fits a phone and a laptop (screenshots for review)', async ({
  london,
  nairobi,
  browser,
}) => {
  test.setTimeout(90_000)
  const link = await linkClasses([london, nairobi])
  const [londonClass, nairobiClass] = link.classes
  await london.page.request.post(`/api/links/${link.linkId}/boards`, { data: { title: 'Our weather' } })
  const amaraCode = (await addPupilsViaApi(london, londonClass!.classId, ['Amara'])).get('Amara')!
  const barakaCode = (await addPupilsViaApi(nairobi, nairobiClass!.classId, ['Baraka'])).get('Baraka')!
  expect((await london.page.request.post(`/api/links/${link.linkId}/penpals/auto`)).ok()).toBe(true)
  // Baraka writes to his pen pal, so her home has news.
  const baraka = await pupilIn(browser, nairobiClass!.classCode, barakaCode)
  await baraka.goto(`/links/${link.linkId}/wall`)
  await baraka.getByLabel(text('en', 'wall', 'compose.to')).selectOption({
    label: text('en', 'wall', 'compose.toPenPal', { name: 'Amara', className: londonClass!.className }),
  })
  const letter = 'Jambo Amara! We play football after school.'
  await baraka.getByLabel(text('en', 'wall', 'compose.body')).fill(letter)
  await baraka.getByRole('button', { name: text('en', 'wall', 'compose.send') }).click()
  await nairobi.page.goto(`/links/${link.linkId}/wall`)
  await nairobi.page.getByRole('button', { name: text('en', 'wall', 'actions.approve') }).click()
  await expect(nairobi.page.getByRole('button', { name: text('en', 'wall', 'actions.approve') })).toHaveCount(0)

  const amara = await pupilIn(browser, londonClass!.classCode, amaraCode)
  let label = text('en', 'common', 'language')
  for (const locale of ['ar', 'bn', 'cy']) {
    await amara.setViewportSize(PHONE)
    await chooseLanguage(amara, label, locale)
    label = text(locale, 'common', 'language')
    await expect(amara.locator('html')).toHaveAttribute('dir', directionOf(locale))
    await expect(
      amara.getByRole('heading', { name: text(locale, 'pupil', 'welcome', { name: 'Amara' }) }),
    ).toBeVisible()
    await expect(amara.getByRole('link', { name: text(locale, 'pupil', 'writeLetter') })).toBeVisible()
    await expect(amara.getByRole('link', { name: /Baraka/ })).toBeVisible()
    for (const [size, viewport] of [
      ['phone', PHONE],
      ['laptop', LAPTOP],
    ] as const) {
      await amara.setViewportSize(viewport)
      if (size === 'laptop') {
        // Baraka's English words keep their order on every page: the full stop ends his sentence.
        const [start, stop] = await xOf(amara.getByText(letter), ['J', '.'])
        expect(start!, locale).toBeLessThan(stop!)
        // Her Latin name in the greeting: on a right-to-left page the "!" ends the sentence on the left.
        const [bang, initial] = await xOf(amara.getByRole('heading', { level: 1 }), ['!', 'A'])
        if (directionOf(locale) === 'rtl') expect(bang!).toBeLessThan(initial!)
        else expect(bang!).toBeGreaterThan(initial!)
      }
      // The header's page link is whole, not cut off or scrolled away beside the language menu.
      expect(
        await amara.locator('.app-nav').evaluate((nav) => nav.scrollWidth - nav.clientWidth),
        `${locale} ${size}`,
      ).toBe(0)
      // Nothing sticks out sideways (a long word, an unbroken line).
      expect(
        await amara.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
      ).toBe(0)
      await amara.screenshot({
        path: path.join('screenshots-review', `pupil-home-${locale}-${size}.png`),
        fullPage: true,
      })
    }
    await expectAccessible(amara)
  }
  await amara.context().close()
  await baraka.context().close()
})
