import path from 'node:path'
import { addPupilsViaApi, linkClasses } from './fixtures/links.js'
import { PaperLettersPage } from './fixtures/paper.js'
import { expect, expectAccessible, pupilIn, test } from './fixtures/people.js'

// Three browsers, two teachers registered and a stack of photos processed on the server: more than the
// default minute on a busy machine (the fixtures' set-up counts towards it).
test.describe.configure({ timeout: 300_000 })

const fixture = (name: string) => path.resolve('../shared/fixtures', name)
const LONDON_PUPILS = ['Amara', 'Ben', 'Chloe', 'Dev', 'Ella']
const NAIROBI_PUPILS = ['Baraka', 'Imani', 'Jabari', 'Neema', 'Zawadi']

test('a teacher brings in a photographed stack of five letters, files them to pupils and pen pals, and the partner pupils read them after release', async ({
  london,
  nairobi,
  browser,
}) => {
  const link = await linkClasses([london, nairobi])
  const [londonClass, nairobiClass] = link.classes
  await addPupilsViaApi(london, londonClass!.classId, LONDON_PUPILS)
  const nairobiCodes = await addPupilsViaApi(nairobi, nairobiClass!.classId, NAIROBI_PUPILS)
  // Pen pals paired and a round opened as the wall scenario does through the page; here through the API.
  expect((await london.page.request.post(`/api/links/${link.linkId}/penpals/auto`)).status()).toBe(200)
  const round = await london.page.request.post(`/api/links/${link.linkId}/rounds`, {
    data: {
      theme: 'Our families',
      deadline: new Date(Date.now() + 86_400_000).toISOString(),
      releaseAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
    },
  })
  const roundId = ((await round.json()) as { id: string }).id
  const context = (await (await london.page.request.get(`/api/links/${link.linkId}/paper/context`)).json()) as {
    pupils: { name: string; penPals: { name: string; code: string }[] }[]
  }
  const penPalOf = new Map(context.pupils.map((p) => [p.name, p.penPals[0]!]))

  // Six photographed pages, one of them the second page of Ben's letter: five letters. (A phone photo
  // with its GPS and sideways EXIF orientation among them.)
  const paper = new PaperLettersPage(london.page)
  await paper.open(link.linkId)
  await expectAccessible(london.page)
  await paper.sendStack(
    ['photo-gps-rotated.jpg', 'plain.jpg', 'drawing.png', 'plain.jpg', 'png-named-as.jpg', 'plain.jpg'].map(fixture),
  )
  await expect(london.page.getByTestId('paper-letter')).toHaveCount(6)
  await paper.joinToPrevious(3)
  await expect(london.page.getByTestId('paper-letter')).toHaveCount(5)
  await expect(paper.letter(2).getByRole('img')).toHaveCount(2)
  // Amara's letter came back on her printed reply sheet: its code files it.
  await paper.typeSheetCode(1, penPalOf.get('Amara')!.code)
  await expect(paper.letter(1).getByLabel('Written by')).toHaveValue(/.+/)
  await expect(paper.letter(1).getByLabel('To', { exact: true })).toContainText(penPalOf.get('Amara')!.name)
  // The others: choosing the pupil chooses her only pen pal too.
  for (const [i, name] of ['Ben', 'Chloe', 'Dev', 'Ella'].entries()) await paper.writtenBy(i + 2, name)
  await expect(paper.letter(5).getByLabel('To', { exact: true })).toHaveValue(/.+/)
  await expectAccessible(london.page)
  await paper.fileApproved(5)
  await expect(
    london.page.getByText('Approved: they reach the partner class when the round is released.'),
  ).toBeVisible()

  // The link home counts them as letters on paper; none of them reaches Nairobi before release.
  await london.page.goto(`/links/${link.linkId}`)
  await expect(london.page.getByTestId(`paper-counts-${londonClass!.classId}`)).toContainText('on paper: 5')
  await expectAccessible(london.page)
  const benPal = penPalOf.get('Ben')!.name
  const reader = await pupilIn(browser, nairobiClass!.classCode, nairobiCodes.get(benPal)!)
  await reader.goto(`/links/${link.linkId}/wall`)
  await expect(reader.getByText('Nothing on the wall yet')).toBeVisible()

  for (const teacher of [london, nairobi])
    expect((await teacher.page.request.post(`/api/rounds/${roundId}/early-release`)).status()).toBe(200)
  // Ben's pen pal reads his two-page letter, both pages, and nobody else's.
  const letter = reader.getByTestId('wall-item').filter({ hasText: 'Ben' })
  await expect(letter).toBeVisible()
  await expect(letter.getByRole('img')).toHaveCount(2)
  await expect(reader.getByTestId('wall-item')).toHaveCount(1)
  await expectAccessible(reader)

  // Nairobi prints the round: each pupil's pen pal letter and a reply sheet with its code.
  await nairobi.page.goto(`/rounds/${roundId}/print`)
  const sheet = nairobi.page.getByTestId('reply-sheet').filter({ hasText: `For ${benPal}: a letter from Ben` })
  await expect(sheet.getByRole('img', { name: /^Letter from Ben, page/ })).toHaveCount(2)
  await expect(sheet.getByText(/Tell Ben about something you did this week/)).toBeVisible()
  await expect(sheet.getByTestId('sheet-code')).toHaveText(/Code [A-Z0-9]{3}-[A-Z0-9]{3}/)
  await expect(sheet.getByTestId('sheet-qr')).toBeVisible()
  await expectAccessible(nairobi.page)

  // The answered sheet comes back as a photo: its QR code is read on the server and files it as the
  // reply of Ben's pen pal to Ben, with nothing typed.
  const photo = await sheet.locator('.reply-page').screenshot()
  const nairobiPaper = new PaperLettersPage(nairobi.page)
  await nairobiPaper.open(link.linkId)
  await nairobi.page
    .getByLabel('Photos or a scanned PDF')
    .setInputFiles({ name: 'reply.png', mimeType: 'image/png', buffer: photo })
  await expect(nairobiPaper.letter(1).getByLabel('Reply sheet code (if there is one)')).toHaveValue(
    /^[A-Z0-9]{3}-[A-Z0-9]{3}$/,
  )
  await expect(nairobiPaper.letter(1).getByLabel('Written by').locator('option:checked')).toHaveText(benPal)
  await expect(nairobiPaper.letter(1).getByLabel('To', { exact: true }).locator('option:checked')).toHaveText('Ben')
  await expectAccessible(nairobi.page)
})

test('a teacher turns a sideways page, says who a drawing shows (refused without photo consent) and the wall marks the letters that came on paper', async ({
  london,
  nairobi,
}) => {
  const link = await linkClasses([london, nairobi])
  const [londonClass, nairobiClass] = link.classes
  await addPupilsViaApi(london, londonClass!.classId, ['Amara', 'Ben'])
  await addPupilsViaApi(nairobi, nairobiClass!.classId, ['Baraka', 'Imani'])
  const context = (await (await london.page.request.get(`/api/links/${link.linkId}/paper/context`)).json()) as {
    pupils: { pupilId: string; name: string }[]
  }
  const idOf = new Map(context.pupils.map((p) => [p.name, p.pupilId]))
  // Amara's parents agreed to share her picture; Ben's did not.
  for (const [name, consent] of [
    ['Amara', true],
    ['Ben', false],
  ] as const)
    expect(
      (
        await london.page.request.put(`/api/classes/${londonClass!.classId}/consent`, {
          data: { pupilId: idOf.get(name), consent },
        })
      ).status(),
    ).toBeLessThan(300)

  const paper = new PaperLettersPage(london.page)
  await paper.open(link.linkId)
  await paper.sendStack(['plain.jpg', 'drawing.png'].map(fixture))
  await expect(london.page.getByTestId('paper-letter')).toHaveCount(2)
  // Page 1 was photographed sideways: turned a quarter on the server, its shape swaps.
  const size = async () => ({
    width: Number(await paper.page_(1).getAttribute('width')),
    height: Number(await paper.page_(1).getAttribute('height')),
  })
  const before = await size()
  expect(before.width).not.toBe(before.height)
  await paper.turnClockwise(1)
  expect(await size()).toEqual({ width: before.height, height: before.width })
  await expect(paper.page_(1)).toHaveJSProperty('complete', true)
  await expect.poll(() => paper.page_(1).evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0)

  await paper.writtenBy(1, 'Amara')
  await paper.writtenBy(2, 'Ben')
  // Ben's drawing shows Ben and Amara: Ben has no photo consent, so nothing is filed.
  await paper.setShown(2, 'Ben', true)
  await paper.setShown(2, 'Amara', true)
  await expect(paper.letter(2).getByText('Shown: Amara, Ben')).toBeVisible()
  await expectAccessible(london.page)
  await london.page.getByLabel(/I have read these letters/).check()
  await london.page.getByRole('button', { name: 'File the letters (2)' }).click()
  await expect(london.page.getByRole('alert')).toContainText('have not agreed to share her image')
  await expect(london.page.getByTestId('paper-letter')).toHaveCount(2)
  // Only Amara, who has consent: filed and approved.
  await paper.setShown(2, 'Ben', false)
  await expect(paper.letter(2).getByText('Shown: Amara')).toBeVisible()
  await paper.fileApproved(2)
  await expect(
    london.page.getByText('Approved: they reach the partner class when the round is released.'),
  ).toBeVisible()

  // The wall marks both letters as having come on paper, and a letter written online has no mark.
  expect(
    (
      await london.page.request.post(`/api/links/${link.linkId}/wall`, {
        data: { kind: 'letter', body: 'Typed hello' },
      })
    ).status(),
  ).toBe(201)
  await london.page.goto(`/links/${link.linkId}/wall`)
  const items = london.page.getByTestId('wall-item')
  await expect(items).toHaveCount(3)
  await expect(items.filter({ hasText: 'Came on paper' })).toHaveCount(2)
  await expect(items.filter({ hasText: 'Typed hello' }).getByTestId('came-on-paper')).toHaveCount(0)
  await expectAccessible(london.page)
})
