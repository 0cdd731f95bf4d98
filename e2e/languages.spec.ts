import fs from 'node:fs'
import path from 'node:path'
import type { Page } from '@playwright/test'
import { directionOf } from '../shared/locales.js'
import { isolate } from '../client/src/i18n/bidi.js'
import { linkClasses, addPupilsViaApi } from './fixtures/links.js'
import { CARDIFF, TeacherPage, expect, expectAccessible, newPerson, test, type Place } from './fixtures/people.js'

// Three classes in one link, each in its own interface language: Nairobi in Swahili, Lahore in Urdu
// (right to left) and a Welsh class in Cardiff. Labels come from the locale files themselves.
type Tree = { [key: string]: string | Tree }
const text = (lng: string, ns: string, key: string, values: Record<string, string | number> = {}) => {
  const tree = JSON.parse(fs.readFileSync(path.join('client/src/i18n/locales', lng, `${ns}.json`), 'utf8')) as Tree
  const found = key.split('.').reduce<string | Tree | undefined>((node, part) => (typeof node === 'object' ? node[part] : undefined), tree)
  if (typeof found !== 'string') throw new Error(`no ${lng}/${ns}:${key}`)
  // Values are isolated as the app isolates them (FSI…PDI on right-to-left pages).
  return found.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => isolate(values[name], directionOf(lng)))
}
const NAIROBI_SW: Place = { school: 'Umoja Primary', country: 'KE', city: 'Nairobi', timeZone: 'Africa/Nairobi', languages: 'sw, en' }
const LAHORE: Place = { school: 'Garden Town School', country: 'PK', city: 'Lahore', timeZone: 'Asia/Karachi', languages: 'ur, en' }

async function chooseLanguage(page: Page, label: string, locale: string) {
  await page.getByLabel(label, { exact: true }).selectOption(locale)
  await expect(page.locator('html')).toHaveAttribute('lang', locale)
}

/** Left edges of two characters of an element's text, as the browser laid them out. */
const xOf = (page: Page, testId: string, chars: string[]) =>
  page.getByTestId(testId).evaluate((element, wanted) => {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT)
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
  for (const teacher of [nairobi, lahore, cardiff]) await teacher.register()
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
  await expect(lahore.page.getByTestId('signed-in-as')).toHaveText(text('ur', 'common', 'signedInAs', { name: 'Ms Ayesha (Y5)' }))
  await expect(lahore.page.getByTestId('signed-in-as')).toContainText('\u2068Ms Ayesha (Y5)\u2069')
  const [open, close] = await xOf(lahore.page, 'signed-in-as', ['(', ')'])
  expect(open!).toBeLessThan(close!)

  // A Welsh board: "n ateb" for 0, 1, 2, 3, 6 and 11 replies (CLDR's zero, one, two, few, many, other).
  const board = await cardiff.page.request.post(`/api/links/${link.linkId}/boards`, { data: { title: 'Y tywydd' } })
  const boardId = ((await board.json()) as { id: string }).id
  // 23 replies: spread over the three teachers (each may write ten a minute).
  const writers = [...Array<TeacherPage>(10).fill(lahore), ...Array<TeacherPage>(10).fill(nairobi), ...Array<TeacherPage>(4).fill(cardiff)]
  for (const count of [0, 1, 2, 3, 6, 11]) {
    const thread = (await (await cardiff.page.request.post(`/api/boards/${boardId}/threads`, { data: { title: `Edau ${count}`, body: 'Beth yw eich hoff dywydd?' } })).json()) as { id: string }
    for (let i = 0; i < count; i++) expect((await writers.pop()!.page.request.post(`/api/threads/${thread.id}/replies`, { data: { body: `Ateb ${i + 1}` } })).status()).toBe(201)
  }
  await cardiff.page.goto(`/boards/${boardId}`)
  for (const count of [0, 1, 2, 3, 6, 11]) {
    const wanted = text('cy', 'boards', `post.replies_${new Intl.PluralRules('cy').select(count)}`, { count })
    await expect(cardiff.page.locator('article', { has: cardiff.page.getByRole('link', { name: `Edau ${count}`, exact: true }) })).toContainText(wanted)
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
  await zainab.page.getByLabel(text('ur', 'common', 'bilingual.secondText', { language: 'سواحلی' })).fill('Karibu shuleni kwetu')
  await zainab.page.getByRole('button', { name: text('ur', 'wall', 'compose.send') }).click()
  await lahore.page.goto(`/links/${link.linkId}/wall`)
  await lahore.page.getByRole('button', { name: text('ur', 'wall', 'actions.approve') }).click()

  // Nairobi reads it in Swahili first, Urdu a tap away; Lahore reads it in Urdu.
  await nairobi.page.goto(`/links/${link.linkId}/wall`)
  const letter = nairobi.page.getByTestId('letter-text')
  await expect(letter).toHaveText('Karibu shuleni kwetu')
  await expect(letter).toHaveAttribute('lang', 'sw')
  await nairobi.page.getByRole('button', { name: text('sw', 'common', 'bilingual.readIn', { language: 'Kiurdu' }) }).click()
  await expect(letter).toHaveText('ہمارے اسکول میں خوش آمدید')
  await expect(letter).toHaveAttribute('lang', 'ur')
  await lahore.page.reload()
  await expect(lahore.page.getByTestId('letter-text')).toHaveText('ہمارے اسکول میں خوش آمدید')
  await expectAccessible(lahore.page)

  for (const person of [lahorePerson, cardiffPerson, nia, zainab]) await person.context.close()
})
