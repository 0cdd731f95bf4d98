import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ErrorBody } from '../../../shared/errors.js'
import type { Me } from '../../../shared/schemas/accounts.js'
import type { SchoolClass } from '../../../shared/schemas/schools.js'
import { testDialects } from '../../test/databases.js'
import { addPupils, createClass, NAIROBI, registerTeacher, signInPupil } from '../../test/people.js'
import { startTestServer, TestClient, type TestServer } from '../../test/server.js'

const localeOf = async (client: TestClient) => (await client.get<Me>('/api/me')).body.user.locale

describe.each(testDialects())("a class's default language on $name", (dialect) => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer({ storage: await dialect.open() })
  })
  afterAll(() => server?.close())

  it("is set by the class's teacher and becomes her pupils' language, except for a pupil who chose her own", async () => {
    const teacher = await registerTeacher(server.url, NAIROBI)
    const schoolClass = await createClass(teacher)
    expect(schoolClass.defaultLocale).toBeNull()
    const [amani, baraka] = await addPupils(teacher, schoolClass.id, ['Amani', 'Baraka'])
    // Baraka picks Welsh on the sign-in page: his own choice from then on.
    const chooser = new TestClient(server.url)
    const chose = await chooser.post<Me>('/api/auth/pupil-sign-in', {
      classCode: schoolClass.code,
      personalCode: baraka!.personalCode,
      locale: 'cy',
    })
    expect(chose.body.user.locale).toBe('cy')

    const set = await teacher.client.patch<SchoolClass>(`/api/classes/${schoolClass.id}`, { defaultLocale: 'sw' })
    expect(set.status).toBe(200)
    expect(set.body).toMatchObject({ defaultLocale: 'sw', dataSaver: false })
    // Her session, her next sign-in and a pupil added later start in Swahili; Baraka keeps Welsh.
    const amaniIn = await signInPupil(server.url, schoolClass, amani!)
    expect(amaniIn.user.locale).toBe('sw')
    expect(await localeOf(chooser)).toBe('cy')
    const [chausiku] = await addPupils(teacher, schoolClass.id, ['Chausiku'])
    expect((await signInPupil(server.url, schoolClass, chausiku!)).user.locale).toBe('sw')

    // A pupil who switches in the header keeps her choice when the class's default changes again.
    expect((await amaniIn.client.patch<Me['user']>('/api/me', { locale: 'en' })).status).toBe(200)
    await teacher.client.patch<SchoolClass>(`/api/classes/${schoolClass.id}`, { defaultLocale: 'fr' })
    expect(await localeOf(amaniIn.client)).toBe('en')
    expect((await signInPupil(server.url, schoolClass, chausiku!)).user.locale).toBe('fr')
    const cleared = await teacher.client.patch<SchoolClass>(`/api/classes/${schoolClass.id}`, { defaultLocale: null })
    expect(cleared.body.defaultLocale).toBeNull()
    expect((await signInPupil(server.url, schoolClass, chausiku!)).user.locale).toBe('fr')
  })

  it('is refused to pupils, to other schools and for a language Bridges does not speak', async () => {
    const teacher = await registerTeacher(server.url, NAIROBI)
    const schoolClass = await createClass(teacher)
    const [amani] = await addPupils(teacher, schoolClass.id, ['Amani'])
    const pupil = await signInPupil(server.url, schoolClass, amani!)
    const path = `/api/classes/${schoolClass.id}`
    expect((await pupil.client.patch<ErrorBody>(path, { defaultLocale: 'sw' })).status).toBe(403)
    const other = await registerTeacher(server.url)
    expect((await other.client.patch<ErrorBody>(path, { defaultLocale: 'sw' })).status).toBe(404)
    const unknown = await teacher.client.patch<ErrorBody>(path, { defaultLocale: 'xx' })
    expect(unknown.status).toBe(400)
    expect(unknown.body.error.code).toBe('INVALID_PAYLOAD')
    expect(await localeOf(pupil.client)).toBe('en')
  })
})
