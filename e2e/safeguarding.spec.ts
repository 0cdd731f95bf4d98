import path from 'node:path'
import type { APIRequestContext, Browser, BrowserContext, Page } from '@playwright/test'
import { baseURL } from '../playwright.config.js'
import { addPupilsViaApi, linkClasses, type LinkedClass } from './fixtures/links.js'
import { CARDIFF, expect, newPerson, pupilIn, PupilPage, TeacherPage, test } from './fixtures/people.js'
import { startEvilSite, type EvilReport, type EvilSite } from './support/evilSite.js'

// Browser contexts opened here for extra people, closed after each test (their sockets stay live otherwise).
const opened: BrowserContext[] = []
test.afterEach(async () => {
  await Promise.all(opened.splice(0).map((context) => context.close()))
})

/** A pupil signed in on a device of her own, every websocket frame her page receives recorded from the start. */
async function pupilRecordingFrames(
  browser: Browser,
  classCode: string,
  personalCode: string,
): Promise<{ page: Page; frames: string[] }> {
  const { context, page } = await newPerson(browser)
  opened.push(context)
  const frames: string[] = []
  page.on('websocket', (ws) =>
    ws.on('framereceived', ({ payload }) =>
      frames.push(typeof payload === 'string' ? payload : payload.toString('utf8')),
    ),
  )
  await new PupilPage(page).signIn(classCode, personalCode)
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible()
  return { page, frames }
}

/** Socket.IO event packets (`42["name",payload]`) of one event name among recorded frames. */
function eventsNamed(frames: string[], name: string): unknown[] {
  return frames.flatMap((frame) => {
    const packet = /^42(\[.*)$/s.exec(frame)?.[1]
    if (!packet) return []
    const [event, payload] = JSON.parse(packet) as [string, unknown]
    return event === name ? [payload] : []
  })
}

async function newBoard(teacher: TeacherPage, linkId: string, title: string): Promise<string> {
  const res = await teacher.page.request.post(`/api/links/${linkId}/boards`, { data: { title } })
  expect(res.status(), await res.text()).toBe(201)
  return ((await res.json()) as { id: string }).id
}

async function postThread(page: Page, title: string, body: string): Promise<void> {
  await page.getByLabel('Title').fill(title)
  await page.getByLabel('What do you want to say?').fill(body)
  await page.getByRole('button', { name: 'Post' }).click()
  await expect(page.getByText('Your teacher will read it')).toBeVisible()
}

/** Opens the link's moderation record on a teacher's screen; resolves with the audit response her browser received. */
async function openModerationRecord(page: Page, linkId: string): Promise<string> {
  const audit = page.waitForResponse(
    (r) => new URL(r.url()).pathname === `/api/links/${linkId}/audit` && r.request().method() === 'GET',
  )
  await page.goto(`/links/${linkId}`)
  const response = await audit
  expect(response.status()).toBe(200)
  await page.getByRole('heading', { name: 'Moderation record' }).click()
  await expect(page.getByTestId('audit')).toBeVisible()
  return response.text()
}

interface WireRequest {
  url?: string
  method?: string
  /** The Cookie and Origin headers the browser actually sent. */
  cookie?: string
  origin?: string
  status?: number
}

/**
 * The browser's own record of a page's requests (Chromium's DevTools protocol): unlike Playwright's
 * response events, it also reports the status of answers the page was not allowed to read (CORS, CORP).
 * (A refused WebSocket handshake is not reported here: the page itself reports that it never opened.)
 */
async function watchWire(page: Page): Promise<Map<string, WireRequest>> {
  const wire = new Map<string, WireRequest>()
  const entry = (id: string) => wire.get(id) ?? wire.set(id, {}).get(id)!
  const headerOf = (headers: Record<string, string>, name: string) =>
    Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1]
  const cdp = await page.context().newCDPSession(page)
  cdp.on('Network.requestWillBeSent', (e) =>
    Object.assign(entry(e.requestId), { url: e.request.url, method: e.request.method }),
  )
  cdp.on('Network.requestWillBeSentExtraInfo', (e) =>
    Object.assign(entry(e.requestId), { cookie: headerOf(e.headers, 'cookie'), origin: headerOf(e.headers, 'origin') }),
  )
  cdp.on('Network.responseReceivedExtraInfo', (e) => Object.assign(entry(e.requestId), { status: e.statusCode }))
  await cdp.send('Network.enable')
  return wire
}

const mediaStatus = async (request: APIRequestContext, mediaId: string) =>
  (await request.get(`/api/media/${mediaId}`)).status()

test('a London pupil’s worrying post, rejected with a reason, never reaches Nairobi: not live, not in the record, not its picture', async ({
  london,
  nairobi,
  browser,
  playwright,
}) => {
  const link = await linkClasses([london, nairobi])
  const [londonClass, nairobiClass] = link.classes as [LinkedClass, LinkedClass]
  const boardId = await newBoard(london, link.linkId, 'How was your weekend?')
  const londonCodes = await addPupilsViaApi(london, londonClass.classId, ['Imogen', 'Tobias'])
  const nairobiCodes = await addPupilsViaApi(nairobi, nairobiClass.classId, ['Baraka'])

  // Baraka keeps the board open in Nairobi; everything his page is sent live is recorded.
  const baraka = await pupilRecordingFrames(browser, nairobiClass.classCode, nairobiCodes.get('Baraka')!)
  await baraka.page.goto(`/boards/${boardId}`)
  await expect(baraka.page.getByText('No threads yet')).toBeVisible()

  // Imogen writes something her teacher must see first, with a picture.
  const imogen = await pupilIn(browser, londonClass.classCode, londonCodes.get('Imogen')!)
  opened.push(imogen.context())
  await imogen.goto(`/boards/${boardId}`)
  const uploaded = imogen.waitForResponse(
    (r) => r.url() === `${baseURL}/api/links/${link.linkId}/media` && r.request().method() === 'POST',
  )
  await imogen.getByLabel('Add a picture (optional)').setInputFiles(path.resolve('../shared/fixtures/plain.jpg'))
  const mediaId = ((await (await uploaded).json()) as { id: string }).id
  await expect(imogen.getByRole('img', { name: 'The picture you chose' })).toBeVisible()
  await postThread(imogen, 'My weekend', 'I feel sad at home')
  await expect(imogen.getByTestId('post-status')).toHaveText(/Your teacher will look at this soon/)

  // While it is held, its picture is London's alone: not Nairobi's, not an unlinked school's.
  const { context: cardiffContext, page: cardiffPage } = await newPerson(browser)
  opened.push(cardiffContext)
  const cardiff = new TeacherPage(cardiffPage, CARDIFF, 'Mrs Evans')
  await cardiff.registerViaApi()
  expect(await mediaStatus(london.page.request, mediaId)).toBe(200)
  expect(await mediaStatus(baraka.page.request, mediaId)).toBe(404)
  expect(await mediaStatus(nairobi.page.request, mediaId)).toBe(404)
  expect(await mediaStatus(cardiff.page.request, mediaId)).toBe(404)

  // The London teacher rejects it from the moderation queue, with a reason meant for Imogen.
  await london.page.goto('/moderation')
  const item = london.page.getByRole('article', { name: 'Waiting: written by Imogen' })
  await expect(item).toContainText('I feel sad at home')
  await item.getByRole('button', { name: 'Reject' }).click()
  await london.page.getByLabel('Reason the pupil will read').fill('Please talk to Ms Jones about this')
  await london.page.getByRole('button', { name: 'Reject with this reason' }).click()
  await expect(london.page.getByText('Nothing is waiting')).toBeVisible()
  await expect(imogen.getByText('Your teacher says: Please talk to Ms Jones about this')).toBeVisible()

  // Tobias's cheerful post is approved: it reaches Baraka live, so his socket is proven to be listening
  // and every earlier event for this board has already arrived (one socket delivers in order).
  const tobias = await playwright.request.newContext({ baseURL })
  expect(
    (
      await tobias.post('/api/auth/pupil-sign-in', {
        data: { classCode: londonClass.classCode, personalCode: londonCodes.get('Tobias') },
      })
    ).status(),
  ).toBe(200)
  const sunny = await tobias.post(`/api/boards/${boardId}/threads`, {
    data: { title: 'Sunshine', body: 'We had sunshine today' },
  })
  expect(sunny.status(), await sunny.text()).toBe(201)
  const sunnyId = ((await sunny.json()) as { id: string }).id
  await tobias.dispose()
  expect((await london.page.request.post(`/api/moderation/board_post/${sunnyId}/approve`, { data: {} })).status()).toBe(
    204,
  )
  await expect(baraka.page.getByTestId('post').filter({ hasText: 'We had sunshine today' })).toBeVisible()
  await expect(baraka.page.getByText('My weekend')).toHaveCount(0)

  const live = baraka.frames.join('\n')
  expect(live).toContain('We had sunshine today')
  for (const secret of ['I feel sad at home', 'My weekend', 'Imogen', 'Please talk to Ms Jones', mediaId])
    expect(live).not.toContain(secret)
  // Remove notices did reach Baraka (the post was held, then rejected): they name the post and nothing else.
  const removes = eventsNamed(baraka.frames, 'board:event').filter((e) => (e as { type?: string }).type === 'remove')
  expect(removes.length).toBeGreaterThan(0)
  for (const notice of removes)
    expect(Object.keys(notice as object).sort()).toEqual(['boardId', 'postId', 'seq', 'type'])

  // Rejected, the picture still answers only to London.
  expect(await mediaStatus(imogen.request, mediaId)).toBe(200)
  expect(await mediaStatus(london.page.request, mediaId)).toBe(200)
  expect(await mediaStatus(baraka.page.request, mediaId)).toBe(404)
  expect(await mediaStatus(nairobi.page.request, mediaId)).toBe(404)
  expect(await mediaStatus(cardiff.page.request, mediaId)).toBe(404)
  // Baraka's browser, asked to show it, gets nothing either.
  const img = await baraka.page.evaluate(
    (src) =>
      new Promise<string>((resolve) =>
        Object.assign(new Image(), { onload: () => resolve('loaded'), onerror: () => resolve('refused'), src }),
      ),
    `/api/media/${mediaId}`,
  )
  expect(img).toBe('refused')

  // The Nairobi teacher's moderation record shows London's approval of Tobias's post, and nothing of Imogen's.
  const nairobiAudit = await openModerationRecord(nairobi.page, link.linkId)
  await expect(nairobi.page.getByTestId('audit')).toContainText('Ms Okafor approved: “Sunshine')
  for (const secret of ['I feel sad at home', 'My weekend', 'Please talk to Ms Jones', 'Imogen']) {
    await expect(nairobi.page.locator('body')).not.toContainText(secret)
    expect(nairobiAudit).not.toContain(secret)
  }
  // An unlinked school cannot read the record at all.
  expect([403, 404]).toContain((await cardiff.page.request.get(`/api/links/${link.linkId}/audit`)).status())

  // The London teacher's own record keeps both the words and the reason.
  await openModerationRecord(london.page, link.linkId)
  const rejected = london.page.getByTestId('audit').getByRole('listitem').filter({ hasText: 'Ms Okafor rejected' })
  await expect(rejected).toContainText('I feel sad at home')
  await expect(rejected).toContainText('reason: Please talk to Ms Jones about this')
})

test.describe('a page on another port of the same host', () => {
  let evil: EvilSite | undefined
  test.beforeAll(async () => {
    evil = await startEvilSite()
  })
  test.afterAll(async () => {
    await evil?.stop()
    evil = undefined
  })

  test('cannot pause a link or open a socket with a signed-in teacher’s cookie', async ({ london, nairobi }) => {
    const link = await linkClasses([london, nairobi])
    const context = london.page.context()
    // The teacher's own page opens a raw socket to the app: the refusal below is about where it comes from.
    await london.page.goto(`/links/${link.linkId}`)
    await expect(london.page.getByTestId('link-status')).toHaveText('Active')
    const own = await london.page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          const ws = new WebSocket(`${location.origin.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`)
          ws.onopen = () => (ws.close(), resolve('opened'))
          ws.onclose = (event) => resolve(`closed (${event.code})`)
        }),
    )
    expect(own).toBe('opened')

    // She visits the evil page in another tab of the same browser, cookies and all.
    const page = await context.newPage()
    const wire = await watchWire(page)
    const evilUrl = evil!.pageUrl(baseURL, link.linkId)
    await page.goto(evilUrl)
    await expect(page.locator('#report')).not.toBeEmpty()
    const report = JSON.parse((await page.locator('#report').textContent()) ?? '') as EvilReport
    // The page can read nothing (no CORS grant; helmet's Cross-Origin-Resource-Policy also blocks the
    // opaque answer), and its socket never opens.
    expect(report.fetchJson).toBe('threw TypeError')
    expect(report.fetchTextPlain).toMatch(/^(opaque|threw TypeError)$/)
    expect(report.webSocket).toMatch(/^closed without opening/)

    // What went over the wire: three pause attempts (fetch, text/plain fetch, form) and a polling handshake,
    // each carrying her session cookie (SameSite=Lax lets it through to another port), each answered 403.
    const toApp = () => [...wire.values()].filter((r) => r.url?.startsWith(`${baseURL}/`) && r.status !== undefined)
    const pause = `POST /api/links/${link.linkId}/pause`
    await expect
      .poll(() =>
        toApp()
          .map((r) => `${r.method} ${new URL(r.url!).pathname}`)
          .sort(),
      )
      .toEqual(['GET /socket.io/', pause, pause, pause])
    for (const request of toApp()) {
      expect(request.cookie, request.url).toContain('bridges_session=')
      expect(request.status, request.url).toBe(403)
      // The POSTs name the evil page as their origin; the no-cors polling GET names none (Sec-Fetch-Site tells).
      if (request.method === 'POST') expect(request.origin).toBe(new URL(evilUrl).origin)
    }

    // The link is still active, on her screen and to the API.
    await london.page.reload()
    await expect(london.page.getByTestId('link-status')).toHaveText('Active')
    await expect(london.page.getByRole('button', { name: 'Pause the link' })).toBeVisible()
    const current = await london.page.request.get(`/api/links/${link.linkId}`)
    expect(((await current.json()) as { status: string }).status).toBe('active')
  })
})

test('a pupil cannot rename herself: her name on a post stays the one her teacher gave her', async ({
  london,
  nairobi,
  browser,
}) => {
  const link = await linkClasses([london, nairobi])
  const [londonClass, nairobiClass] = link.classes as [LinkedClass, LinkedClass]
  const boardId = await newBoard(london, link.linkId, 'Our gardens')
  const imogenCode = (await addPupilsViaApi(london, londonClass.classId, ['Imogen'])).get('Imogen')!
  const barakaCode = (await addPupilsViaApi(nairobi, nairobiClass.classId, ['Baraka'])).get('Baraka')!

  const imogen = await pupilIn(browser, londonClass.classCode, imogenCode)
  opened.push(imogen.context())
  await imogen.goto('/home')
  await expect(imogen.getByRole('heading', { name: 'Hello, Imogen!' })).toBeVisible()
  // Her pages offer nothing to type a name into, and no settings or profile page to find one.
  await expect(imogen.getByRole('textbox')).toHaveCount(0)
  await expect(imogen.getByRole('link', { name: /name|profile|settings|account/i })).toHaveCount(0)
  await expect(imogen.getByRole('button', { name: /name|profile|settings|account/i })).toHaveCount(0)

  // Asked from her own page (same origin, her cookie), the server refuses the name and accepts a language.
  const patchMe = (body: object) =>
    imogen.evaluate(async (data) => {
      const res = await fetch('/api/me', {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(data),
      })
      return { status: res.status, body: (await res.json()) as { error?: { code: string } } }
    }, body)
  const rename = await patchMe({ displayName: 'Queen Imogen' })
  expect(rename.status).toBe(403)
  expect(rename.body.error?.code).toBe('FORBIDDEN')
  expect((await patchMe({ displayName: 'Queen Imogen', locale: 'en' })).status).toBe(403)
  expect((await patchMe({ locale: 'en' })).status).toBe(200)
  await imogen.reload()
  await expect(imogen.getByText('Signed in as Imogen')).toBeVisible()
  await expect(imogen.getByText('Queen Imogen')).toHaveCount(0)

  // Her post, approved, reaches Baraka under the name her teacher gave her.
  const baraka = await pupilIn(browser, nairobiClass.classCode, barakaCode)
  opened.push(baraka.context())
  await baraka.goto(`/boards/${boardId}`)
  await expect(baraka.getByText('No threads yet')).toBeVisible()
  await imogen.goto(`/boards/${boardId}`)
  await postThread(imogen, 'Our tomatoes', 'We grew tomatoes at school')
  await london.page.goto('/moderation')
  await london.page
    .getByRole('article', { name: 'Waiting: written by Imogen' })
    .getByRole('button', { name: 'Approve' })
    .click()
  const post = baraka.getByRole('article', { name: 'Post by Imogen' })
  await expect(post).toContainText('We grew tomatoes at school')
  await expect(baraka.getByText('Queen Imogen')).toHaveCount(0)
})
