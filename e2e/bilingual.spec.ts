import type { Locator, Page } from '@playwright/test'
import { addPupilsViaApi, linkClasses } from './fixtures/links.js'
import { text } from './fixtures/texts.js'
import { expect, expectAccessible, newPerson, pupilIn, test } from './fixtures/people.js'

// A London class (English) and a Nairobi class (Swahili) write to each other in both languages.
// Labels come from the locale files themselves, language names from the browser's own Intl.

/** A language's name as the page names it (Intl.DisplayNames in the page's own language). */
const languageName = (page: Page, reader: string, code: string) =>
  page.evaluate(
    ([lng, tag]) => new Intl.DisplayNames([lng!], { type: 'language', fallback: 'code' }).of(tag!) ?? tag!,
    [reader, code],
  )

async function chooseLanguage(page: Page, label: string, locale: string) {
  await page.getByLabel(label, { exact: true }).selectOption(locale)
  await expect(page.locator('html')).toHaveAttribute('lang', locale)
}

/** Reads an item's text, then taps to the other language and reads that. */
async function expectBothTexts(
  page: Page,
  item: Locator,
  reader: string,
  first: { language: string; body: string },
  second: { language: string; body: string },
) {
  const shown = item.getByTestId('bilingual-text')
  await expect(shown).toHaveText(first.body)
  await expect(shown).toHaveAttribute('lang', first.language)
  const other = await languageName(page, reader, second.language)
  await item.getByRole('button', { name: text(reader, 'common', 'bilingual.readIn', { language: other }) }).click()
  await expect(shown).toHaveText(second.body)
  await expect(shown).toHaveAttribute('lang', second.language)
  const back = await languageName(page, reader, first.language)
  await expect(
    item.getByRole('button', { name: text(reader, 'common', 'bilingual.readIn', { language: back }) }),
  ).toBeVisible()
}

interface Exported {
  body: string
  language: string
  secondText: { language: string; body: string } | null
}

test('a bilingual letter and a bilingual post are read in each class’s language, and the record keeps both', async ({
  london,
  nairobi,
  browser,
}) => {
  test.setTimeout(120_000)
  const link = await linkClasses([london, nairobi])
  const [londonClass, nairobiClass] = link.classes
  const board = await london.page.request.post(`/api/links/${link.linkId}/boards`, { data: { title: 'Michezo' } })
  const boardId = ((await board.json()) as { id: string }).id
  const amaraCode = (await addPupilsViaApi(london, londonClass!.classId, ['Amara'])).get('Amara')!
  const barakaCode = (await addPupilsViaApi(nairobi, nairobiClass!.classId, ['Baraka'])).get('Baraka')!
  await chooseLanguage(nairobi.page, 'Language', 'sw')

  // Amara writes her letter in English and, herself, the same letter in Swahili.
  const letterEn = 'Hello Nairobi! We play football at break time.'
  const letterSw = 'Habari Nairobi! Tunacheza mpira wakati wa mapumziko.'
  const amara = await pupilIn(browser, londonClass!.classCode, amaraCode)
  await amara.goto(`/links/${link.linkId}/wall`)
  await amara.getByLabel(text('en', 'wall', 'compose.body')).fill(letterEn)
  const swahili = await languageName(amara, 'en', 'sw')
  await amara.getByLabel(text('en', 'common', 'bilingual.secondText', { language: swahili })).fill(letterSw)
  await amara.getByRole('button', { name: text('en', 'wall', 'compose.send') }).click()
  await expect(amara.getByText(text('en', 'wall', 'compose.held'))).toBeVisible()
  await london.page.goto(`/links/${link.linkId}/wall`)
  const held = london.page.getByTestId('wall-item').filter({ hasText: letterEn })
  await held.getByRole('button', { name: text('en', 'wall', 'actions.approve') }).click()
  await expect(held.getByRole('button', { name: text('en', 'wall', 'actions.approve') })).toHaveCount(0)

  // Baraka, in Swahili, writes a board post in Swahili only.
  const postSw = 'Tunapenda kukimbia na kuruka kamba.'
  const postEn = 'We love running and skipping.'
  const barakaPerson = await newPerson(browser)
  const baraka = barakaPerson.page
  await baraka.goto('/sign-in')
  await chooseLanguage(baraka, 'Language', 'sw')
  await baraka.getByLabel(text('sw', 'accounts', 'pupil.classCode')).fill(nairobiClass!.classCode)
  await baraka.getByLabel(text('sw', 'accounts', 'pupil.personalCode')).fill(barakaCode)
  await baraka.getByRole('button', { name: text('sw', 'accounts', 'pupil.submit') }).click()
  await expect(baraka.getByRole('button', { name: text('sw', 'common', 'signOut') })).toBeVisible()
  await baraka.goto(`/boards/${boardId}`)
  await baraka.getByLabel(text('sw', 'boards', 'board.title')).fill('Michezo yetu')
  await baraka.getByLabel(text('sw', 'boards', 'board.body')).fill(postSw)
  await baraka.getByRole('button', { name: text('sw', 'boards', 'board.post'), exact: true }).click()
  await expect(baraka.getByText(text('sw', 'boards', 'board.heldNotice'))).toBeVisible()

  // His teacher, moderating on the board, adds the English text and approves the post.
  await nairobi.page.goto(`/boards/${boardId}`)
  const waiting = nairobi.page.getByTestId('post').filter({ hasText: postSw })
  const english = await languageName(nairobi.page, 'sw', 'en')
  await waiting
    .getByRole('button', { name: text('sw', 'common', 'bilingual.addSecond', { language: english }) })
    .click()
  await waiting.getByLabel(text('sw', 'common', 'bilingual.secondText', { language: english })).fill(postEn)
  await waiting
    .getByRole('button', { name: text('sw', 'common', 'bilingual.saveSecond', { language: english }) })
    .click()
  await expect(
    waiting.getByRole('button', { name: text('sw', 'common', 'bilingual.readIn', { language: english }) }),
  ).toBeVisible()
  await waiting.getByRole('button', { name: text('sw', 'boards', 'actions.approve') }).click()
  await expect(waiting.getByRole('button', { name: text('sw', 'boards', 'actions.approve') })).toHaveCount(0)

  // Each class reads its own language first, the other a tap away.
  await amara.goto(`/boards/${boardId}`)
  await expectBothTexts(
    amara,
    amara.getByTestId('post').filter({ hasText: 'Michezo yetu' }),
    'en',
    { language: 'en', body: postEn },
    { language: 'sw', body: postSw },
  )
  await baraka.goto(`/links/${link.linkId}/wall`)
  await expectBothTexts(
    baraka,
    baraka.getByTestId('wall-item').filter({ hasText: /Habari Nairobi|Hello Nairobi/ }),
    'sw',
    { language: 'sw', body: letterSw },
    { language: 'en', body: letterEn },
  )
  await expectAccessible(baraka)
  // Baraka's own post: he wrote Swahili, so he reads Swahili first; his teacher's English is a tap away.
  await baraka.goto(`/boards/${boardId}`)
  await expectBothTexts(
    baraka,
    baraka.getByTestId('post').filter({ hasText: 'Michezo yetu' }),
    'sw',
    { language: 'sw', body: postSw },
    { language: 'en', body: postEn },
  )

  // The link record each teacher downloads keeps both texts, each with its language.
  for (const teacher of [london, nairobi]) {
    const res = await teacher.page.request.get(`/api/links/${link.linkId}/export`)
    expect(res.status()).toBe(200)
    const record = (await res.json()) as {
      wall: { items: Exported[] }
      boards: { threads: Exported[] }[]
    }
    expect(record.wall.items.find((i) => i.body === letterEn)).toMatchObject({
      language: 'en',
      secondText: { language: 'sw', body: letterSw },
    })
    expect(record.boards.flatMap((b) => b.threads).find((p) => p.body === postSw)).toMatchObject({
      language: 'sw',
      secondText: { language: 'en', body: postEn },
    })
  }
  await amara.context().close()
  await barakaPerson.context.close()
})
