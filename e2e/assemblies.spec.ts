import type { Locator, Page } from '@playwright/test'
import { e2eTurn } from '../playwright.config.js'
import { addPupilsViaApi, linkClasses } from './fixtures/links.js'
import { CARDIFF, expect, expectAccessible, newPerson, pupilIn, TeacherPage, test } from './fixtures/people.js'
import { startTurn, turnSkipReason } from './support/turn.js'
import { nodesSkipReason, startServerNodes, type ServerNode } from './support/nodes.js'
import { createLinkViaApi } from '../server/test/links.js'

/** Real video from a partner: frames decoded (width above 2 px) and received bytes growing. */
async function expectRemoteVideo(page: Page, tile: Locator = page.getByTestId('tile-remote').first()): Promise<void> {
  const video = tile.locator('video')
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.videoWidth), { timeout: 15_000 }).toBeGreaterThan(2)
  const bytes = async (t: Locator) => Number(await t.getAttribute('data-video-bytes-received'))
  const first = await expect
    .poll(() => bytes(tile), { timeout: 10_000 })
    .toBeGreaterThan(0)
    .then(() => bytes(tile))
  await expect.poll(() => bytes(tile), { timeout: 10_000 }).toBeGreaterThan(first)
}

async function join(page: Page, assemblyUrl: string): Promise<void> {
  await page.goto(assemblyUrl)
  await page.getByRole('button', { name: 'Join' }).click()
  await expect(page.getByTestId('stage')).toBeVisible()
}

test('two classes see and hear each other; a class that reloads is back within 10 seconds', async ({
  london,
  nairobi,
}) => {
  const link = await linkClasses([london, nairobi])
  await london.page.goto(`/links/${link.linkId}`)
  const section = london.page.getByRole('region', { name: 'Joint assemblies' })
  await section.getByLabel('Title').fill('Harvest festival')
  await section.getByRole('button', { name: 'Start now' }).click()
  await expect(london.page.getByRole('heading', { name: 'Harvest festival' })).toBeVisible()
  await expect(london.page.getByTestId('tile-self').locator('video')).toBeVisible()
  await expectAccessible(london.page)
  const assemblyUrl = london.page.url()
  await london.page.getByRole('button', { name: 'Join' }).click()
  await join(nairobi.page, assemblyUrl)

  await expectRemoteVideo(london.page)
  await expectRemoteVideo(nairobi.page)
  await expect(london.page.getByTestId('tile-remote')).toContainText(nairobi.schoolName)

  // On a classroom projector (1280×800) the call fits one screen: the video and every control in view.
  await london.page.setViewportSize({ width: 1280, height: 800 })
  await expect(london.page.getByTestId('tile-remote').first()).toBeInViewport()
  for (const control of ['Weak line: send less video', 'End for everyone']) {
    await expect(london.page.getByRole('button', { name: control })).toBeInViewport({ ratio: 1 })
  }

  // Nairobi's page reloads: it rejoins by itself and video flows again, nobody else doing anything.
  const reloadedAt = Date.now()
  await nairobi.page.reload()
  await expectRemoteVideo(nairobi.page)
  await expect(london.page.getByTestId('tile-remote')).toHaveCount(1)
  await expectRemoteVideo(london.page)
  expect(Date.now() - reloadedAt).toBeLessThan(10_000)

  // London's line is weak: it sends Nairobi less (half the resolution, set on the sender), then full again.
  await london.page.getByRole('button', { name: 'Weak line: send less video' }).click()
  const toNairobi = london.page.getByTestId('tile-remote').first()
  await expect(toNairobi).toHaveAttribute('data-send-scale', '2')
  const fromLondon = nairobi.page.getByTestId('tile-remote').first()
  await expect
    .poll(
      async () => {
        const width = Number(await fromLondon.getAttribute('data-frame-width'))
        return width > 0 && width <= 320
      },
      { timeout: 15_000 },
    )
    .toBe(true)
  await london.page.getByRole('button', { name: 'Send full video again' }).click()
  await expect(toNairobi).toHaveAttribute('data-send-scale', '1')

  // The host ends it for everyone; the record shows both classes.
  await london.page.getByRole('button', { name: 'End for everyone' }).click()
  await expect(nairobi.page.getByRole('heading', { name: 'Who took part' })).toBeVisible()
  await expect(nairobi.page.getByRole('cell', { name: new RegExp(london.schoolName) }).first()).toBeVisible()
})

test('a class in audio-only mode sends no video but still sees its partner', async ({ london, nairobi }) => {
  const link = await linkClasses([london, nairobi])
  const created = await london.page.request.post(`/api/links/${link.linkId}/assemblies`, {
    data: { title: 'Quiet line', startNow: true },
  })
  const { id } = (await created.json()) as { id: string }
  await join(london.page, `/assemblies/${id}?audio=only`)
  await join(nairobi.page, `/assemblies/${id}`)
  await expectRemoteVideo(london.page)
  const fromLondon = nairobi.page.getByTestId('tile-remote').first()
  await expect
    .poll(() => fromLondon.getAttribute('data-bytes-received').then(Number), { timeout: 15_000 })
    .toBeGreaterThan(0)
  await expect(fromLondon).toHaveAttribute('data-video-tracks', '0')
  await expect(fromLondon).toHaveAttribute('data-video-bytes-received', '0')
})

test('three classes: every pair sees each other', async ({ london, nairobi, browser }) => {
  const { context, page } = await newPerson(browser)
  const cardiff = new TeacherPage(page, CARDIFF, 'Mrs Evans')
  await cardiff.register()
  const link = await linkClasses([london, nairobi, cardiff])
  const created = await london.page.request.post(`/api/links/${link.linkId}/assemblies`, {
    data: { title: 'Three schools', startNow: true },
  })
  const { id } = (await created.json()) as { id: string }
  for (const teacher of [london, nairobi, cardiff]) await join(teacher.page, `/assemblies/${id}`)
  for (const teacher of [london, nairobi, cardiff]) {
    await expect(teacher.page.getByTestId('tile-remote')).toHaveCount(2)
    for (const tile of await teacher.page.getByTestId('tile-remote').all()) await expectRemoteVideo(teacher.page, tile)
  }
  await context.close()
})

test('a pupil’s chat question waits for their teacher, then reaches the partner class; the host lets pupils talk', async ({
  london,
  nairobi,
  browser,
}) => {
  const link = await linkClasses([london, nairobi])
  const [londonClass, nairobiClass] = link.classes
  const amaraCode = (await addPupilsViaApi(london, londonClass!.classId, ['Amara'])).get('Amara')!
  const barakaCode = (await addPupilsViaApi(nairobi, nairobiClass!.classId, ['Baraka'])).get('Baraka')!
  const created = await london.page.request.post(`/api/links/${link.linkId}/assemblies`, {
    data: { title: 'Weather around the world', startNow: true },
  })
  const { id } = (await created.json()) as { id: string }
  await join(london.page, `/assemblies/${id}`)

  // Pupils follow the assembly's chat from their own devices: they cannot join the call itself.
  const amara = await pupilIn(browser, londonClass!.classCode, amaraCode)
  const baraka = await pupilIn(browser, nairobiClass!.classCode, barakaCode)
  for (const pupil of [amara, baraka]) {
    await pupil.goto(`/links/${link.linkId}`)
    await pupil.getByRole('link', { name: 'Weather around the world' }).click()
    await expect(pupil.getByText('Assemblies are joined from the class computer')).toBeVisible()
    await expect(pupil.getByRole('button', { name: 'Join' })).toHaveCount(0)
    await expect(pupil.getByText('read by their teacher before anyone else sees them')).toBeVisible()
  }
  const chatOf = (page: Page) => page.getByRole('list', { name: 'Chat messages' })
  const send = async (page: Page, text: string) => {
    await page.getByLabel('Your message').fill(text)
    await page.getByRole('button', { name: 'Send', exact: true }).click()
  }

  const heldText = 'Is it snowing in Nairobi? <img src=x onerror=alert(1)>'
  await send(amara, heldText)
  const waiting = chatOf(amara).getByRole('article', { name: 'Waiting: written by Amara' })
  await expect(waiting.getByTestId('chat-status')).toHaveText('Waiting for your teacher')
  await expect(waiting).toContainText('<img src=x onerror=alert(1)>')
  await expectAccessible(amara)

  // London's class computer is projected to the class: it shows only that one message waits, never
  // who wrote it or what it says, and no moderation button, until the teacher opens her private panel.
  const projector = london.page
  const privatePanel = projector.getByRole('button', { name: 'Open the private panel' })
  await expect(projector.getByTestId('waiting-count')).toHaveText('1 waiting')
  await expect(privatePanel).toHaveAttribute('aria-expanded', 'false')
  await expect(projector.getByText('Is it snowing')).toHaveCount(0)
  await expect(projector.getByText('Amara')).toHaveCount(0)
  await expect(projector.getByRole('button', { name: 'Approve' })).toHaveCount(0)
  await expect(projector.getByRole('button', { name: 'Reject' })).toHaveCount(0)
  await send(projector, 'Good morning, Nairobi!')
  await expect(chatOf(baraka)).toContainText('Good morning, Nairobi!')
  await expect(chatOf(baraka)).not.toContainText('Is it snowing')
  await expect(projector.getByText('Is it snowing')).toHaveCount(0)

  await privatePanel.click()
  const panel = projector.getByRole('region', { name: "Private: pupils' messages" })
  await expect(panel.getByText('Only open this where pupils cannot see the screen')).toBeVisible()
  await expect(chatOf(projector)).not.toContainText('Is it snowing')
  const held = panel.getByRole('article', { name: 'Waiting: written by Amara' })
  await expect(held).toContainText(heldText)
  await expectAccessible(projector)
  await held.getByRole('button', { name: 'Approve' }).click()
  // Nothing left to check: the panel closes by itself; the published question is for everyone now.
  await expect(panel).toBeHidden()
  await expect(projector.getByRole('button', { name: 'Open the private panel' })).toHaveAttribute(
    'aria-expanded',
    'false',
  )
  await expect(projector.getByTestId('waiting-count')).toHaveText('Nothing waiting')
  await expect(chatOf(baraka)).toContainText('Is it snowing in Nairobi?')
  await expect(chatOf(projector)).toContainText('Is it snowing in Nairobi?')
  await expect(waiting).toHaveCount(0)
  await expect(projector.getByRole('button', { name: 'Approve' })).toHaveCount(0)

  // The host lets pupils talk: Baraka's answer goes straight to London. A teacher can still hide it,
  // from the private panel only: the shared screen has no Hide button.
  await projector.getByLabel("Let pupils' messages through without a teacher approving each one").check()
  await expect(baraka.getByText("The host lets pupils' messages through straight away.")).toBeVisible()
  await send(baraka, 'No snow, but the long rains have started!')
  await expect(chatOf(amara)).toContainText('the long rains have started')
  await expect(chatOf(projector)).toContainText('the long rains have started')
  await expect(projector.getByRole('button', { name: 'Hide' })).toHaveCount(0)
  await projector.getByRole('button', { name: 'Open the private panel' }).click()
  await expect(panel).toBeVisible()
  await panel
    .getByRole('article', { name: /Baraka/ })
    .getByRole('button', { name: 'Hide' })
    .click()
  await expect(panel).toBeHidden()
  await expect(chatOf(amara)).not.toContainText('the long rains have started')
  await expect(chatOf(projector)).not.toContainText('the long rains have started')
  await expect(chatOf(amara)).toContainText('Is it snowing in Nairobi?')
})

test.describe('behind a strict firewall', () => {
  test.skip(Boolean(turnSkipReason), turnSkipReason)

  test('relay-only classes connect through TURN, and not with a wrong secret', async ({ london, nairobi }) => {
    const link = await linkClasses([london, nairobi])
    const open = async (title: string) => {
      const res = await london.page.request.post(`/api/links/${link.linkId}/assemblies`, {
        data: { title, startNow: true },
      })
      return ((await res.json()) as { id: string }).id
    }
    const turn = await startTurn(e2eTurn.port, e2eTurn.secret)
    try {
      const id = await open('Relayed')
      await join(london.page, `/assemblies/${id}?ice=relay`)
      await join(nairobi.page, `/assemblies/${id}?ice=relay`)
      await expectRemoteVideo(london.page)
      await expect(london.page.getByTestId('tile-remote').first()).toHaveAttribute('data-candidate-type', 'relay', {
        timeout: 10_000,
      })
      await expect(nairobi.page.getByTestId('tile-remote').first()).toHaveAttribute('data-candidate-type', 'relay', {
        timeout: 10_000,
      })
    } finally {
      await turn.stop()
    }

    // The same relay with another secret: the minted credentials are refused, so nothing connects.
    const wrong = await startTurn(e2eTurn.port, 'a-different-shared-secret-value')
    try {
      const id = await open('Refused')
      await join(london.page, `/assemblies/${id}?ice=relay`)
      await join(nairobi.page, `/assemblies/${id}?ice=relay`)
      await expect(london.page.getByTestId('tile-remote')).toHaveCount(1)
      // A refused TURN allocation raises no error in simple-peer: the proof is that no media arrives.
      const tile = london.page.getByTestId('tile-remote').first()
      await expect(async () => {
        expect(await tile.locator('video').evaluate((v: HTMLVideoElement) => v.videoWidth)).toBeGreaterThan(2)
      }).not.toPass({ timeout: 8_000 })
    } finally {
      await wrong.stop()
    }
  })
})

test.describe('on two server nodes sharing Redis', () => {
  test.skip(Boolean(nodesSkipReason), nodesSkipReason)

  test('classes on different nodes see each other, and come back by themselves after a server restart', async ({
    browser,
  }) => {
    // A port pair per checkout and per worker, so parallel runs never collide.
    const base = 20000 + (e2eTurn.port % 500) * 16 + test.info().workerIndex * 2
    const { nodes, stop } = await startServerNodes([base, base + 1])
    try {
      const [nodeA, nodeB] = nodes as [ServerNode, ServerNode]
      const { linkId, sides } = await createLinkViaApi(nodeA)
      const created = await sides[0]!.teacher.client.post<{ id: string }>(`/api/links/${linkId}/assemblies`, {
        title: 'Across nodes',
        startNow: true,
      })
      const pages: Page[] = []
      for (const [side, node] of [
        [sides[0]!, nodeA],
        [sides[1]!, nodeB],
      ] as const) {
        const context = await browser.newContext({ baseURL: node.url })
        const [name, value] = side.teacher.client.cookie.split('=')
        await context.addCookies([{ name: name!, value: value!, url: node.url }])
        const page = await context.newPage()
        await join(page, `/assemblies/${created.body.id}`)
        pages.push(page)
      }
      const [onA, onB] = pages as [Page, Page]
      await expectRemoteVideo(onA)
      await expectRemoteVideo(onB)

      // Node B restarts: the class on it reconnects, rejoins, and media flows again.
      await nodeB.restart()
      await expect(onA.getByTestId('tile-remote')).toHaveCount(1, { timeout: 20_000 })
      await expectRemoteVideo(onB)
      await expectRemoteVideo(onA)
    } finally {
      await stop()
    }
  })
})
