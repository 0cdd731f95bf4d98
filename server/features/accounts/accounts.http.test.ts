import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ErrorBody } from '../../../shared/errors.js'
import type { User } from '../../../shared/schemas/accounts.js'
import type { Board, Post, ThreadsPage } from '../../../shared/schemas/boards.js'
import { createLinkedClasses } from '../../test/links.js'
import { TestClient, emitWithAck, startTestServer, type TestServer } from '../../test/server.js'
import { addPupils, createClass, registerTeacher, signInPupil, LONDON } from '../../test/people.js'

let server: TestServer
beforeAll(async () => {
  server = await startTestServer({ env: { SIGN_IN_ATTEMPTS_PER_ACCOUNT: '3' } })
})
afterAll(() => server.close())

describe('teacher accounts over HTTP', () => {
  it('registers, keeps the session in an httpOnly cookie, and signs out', async () => {
    const teacher = await registerTeacher(server.url)
    const me = await teacher.client.get<{ user: { role: string } }>('/api/me')
    expect(me.status).toBe(200)
    expect(me.body.user.role).toBe('teacher')
    const out = await teacher.client.post('/api/auth/sign-out')
    expect(out.status).toBe(204)
    expect((await teacher.client.get('/api/me')).status).toBe(401)
  })

  it('answers /api/session with 200 whether or not anyone is signed in (no 401 for the browser to log)', async () => {
    type Session = { user: { role: string } | null; school: { name: string } | null }
    const nobody = await new TestClient(server.url).get<Session>('/api/session')
    expect(nobody.status).toBe(200)
    expect(nobody.body).toEqual({ user: null, school: null })

    const teacher = await registerTeacher(server.url)
    const signedIn = await teacher.client.get<Session>('/api/session')
    expect(signedIn.status).toBe(200)
    expect(signedIn.body.user?.role).toBe('teacher')
    expect(signedIn.body).toEqual((await teacher.client.get('/api/me')).body)

    const stale = teacher.client.cookie
    await teacher.client.post('/api/auth/sign-out')
    const ended = new TestClient(server.url)
    ended.cookie = stale
    expect((await ended.get<Session>('/api/session')).body).toEqual({ user: null, school: null })
    const garbled = new TestClient(server.url)
    garbled.cookie = stale.replace(/=.*/, '=not-a-token')
    const garbledSession = await garbled.get<Session>('/api/session')
    expect(garbledSession.status).toBe(200)
    expect(garbledSession.body.user).toBeNull()
  })

  it('sets an httpOnly SameSite=Lax session cookie', async () => {
    const client = new TestClient(server.url)
    const res = await client.post('/api/auth/teachers', {
      email: 'cookie-check@example.org',
      password: 'a long enough secret',
      displayName: 'Ms Cookie',
      school: LONDON,
    })
    const cookie = res.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(/HttpOnly/i)
    expect(cookie).toMatch(/SameSite=Lax/i)
  })

  it('refuses a duplicate email with 409 and stores nothing', async () => {
    const teacher = await registerTeacher(server.url)
    const again = await new TestClient(server.url).post<{ error: { code: string } }>('/api/auth/teachers', {
      email: teacher.email,
      password: 'another long secret',
      displayName: 'Copy',
      school: LONDON,
    })
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('EMAIL_TAKEN')
  })

  it('refuses a weak password naming the rule', async () => {
    const res = await new TestClient(server.url).post<{ error: { code: string; message: string } }>(
      '/api/auth/teachers',
      {
        email: 'weak@example.org',
        password: 'short',
        displayName: 'Weak',
        school: LONDON,
      },
    )
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('WEAK_PASSWORD')
    expect(res.body.error.message).toMatch(/at least 10 characters/)
    const signIn = await new TestClient(server.url).post('/api/auth/sign-in', {
      email: 'weak@example.org',
      password: 'short',
    })
    expect(signIn.status).toBe(401)
  })

  it('refuses a common or guessable password with 400, naming the field and giving the feedback', async () => {
    const register = (password: string, school = LONDON) =>
      new TestClient(server.url).post<ErrorBody>('/api/auth/teachers', {
        email: `common-${password.length}@example.org`,
        password,
        displayName: 'Ms Common',
        school,
      })
    for (const password of ['password1234', 'qwertyuiop12', 'iloveyou12345']) {
      const res = await register(password)
      expect(res.status).toBe(400)
      expect(res.body.error.code).toBe('WEAK_PASSWORD')
      expect(res.body.error.fields?.password).toMatch(/\w/)
      expect(res.body.error.fields?.['password.suggestions']).toBeDefined()
    }
    expect((await register('password1234')).body.error.fields).toMatchObject({
      'password.warning': expect.stringMatching(/common|Common|top/),
    })
    // The school's own name is an easy guess for that school.
    const own = await register('Thames Primary 2024', { ...LONDON, name: 'Thames Primary' })
    expect(own.status).toBe(400)
    expect(own.body.error.fields?.['password.warning']).toBe('userInputs')
  })

  it("changes a teacher's password only with the current one, refuses a weak new one, and ends her other sessions", async () => {
    const teacher = await registerTeacher(server.url)
    const other = new TestClient(server.url)
    expect((await other.post('/api/auth/sign-in', { email: teacher.email, password: teacher.password })).status).toBe(
      200,
    )
    const weak = await teacher.client.post<ErrorBody>('/api/auth/password', {
      currentPassword: teacher.password,
      newPassword: 'password1234',
    })
    expect(weak.status).toBe(400)
    expect(weak.body.error).toMatchObject({ code: 'WEAK_PASSWORD', fields: { newPassword: expect.any(String) } })
    const wrong = await teacher.client.post<ErrorBody>('/api/auth/password', {
      currentPassword: 'not my password at all',
      newPassword: 'river lantern orchard 42',
    })
    expect(wrong.status).toBe(401)

    expect(
      (
        await teacher.client.post('/api/auth/password', {
          currentPassword: teacher.password,
          newPassword: 'river lantern orchard 42',
        })
      ).status,
    ).toBe(204)
    expect((await teacher.client.get('/api/me')).status).toBe(200)
    expect((await other.get('/api/me')).status).toBe(401)
    expect(
      (await new TestClient(server.url).post('/api/auth/sign-in', { email: teacher.email, password: teacher.password }))
        .status,
    ).toBe(401)
    expect(
      (
        await new TestClient(server.url).post('/api/auth/sign-in', {
          email: teacher.email,
          password: 'river lantern orchard 42',
        })
      ).status,
    ).toBe(200)
  })

  it('rate limits failed sign-ins per account with a retry-after', async () => {
    const teacher = await registerTeacher(server.url)
    const guesser = new TestClient(server.url)
    for (let i = 0; i < 3; i++) {
      const res = await guesser.post('/api/auth/sign-in', { email: teacher.email, password: `wrong guess ${i}` })
      expect(res.status).toBe(401)
    }
    const limited = await guesser.post<{ error: { code: string; retryAfterSeconds: number } }>('/api/auth/sign-in', {
      email: teacher.email,
      password: teacher.password,
    })
    expect(limited.status).toBe(429)
    expect(limited.body.error.code).toBe('RATE_LIMITED')
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
  })
})

describe('pupil sign-in and the socket handshake', () => {
  it('signs a pupil in with card codes and refuses wrong codes without saying which part', async () => {
    const teacher = await registerTeacher(server.url)
    const schoolClass = await createClass(teacher)
    const [pupil] = await addPupils(teacher, schoolClass.id, ['Amara'])
    const { client } = await signInPupil(server.url, schoolClass, pupil!)
    expect((await client.get<{ user: { role: string } }>('/api/me')).body.user.role).toBe('pupil')
    const wrong = await new TestClient(server.url).post<{ error: { code: string } }>('/api/auth/pupil-sign-in', {
      classCode: schoolClass.code,
      personalCode: 'ZZZZZZ',
    })
    expect(wrong.status).toBe(401)
    expect(wrong.body.error.code).toBe('INVALID_CREDENTIALS')
  })

  it('refuses a socket without a session and accepts one with it', async () => {
    await expect(new TestClient(server.url).connectSocket()).rejects.toThrow(/UNAUTHENTICATED/)
    const teacher = await registerTeacher(server.url)
    const socket = await teacher.client.connectSocket()
    const ack = await emitWithAck<{ id: string }>(socket, 'session:whoami', {})
    expect(ack).toEqual({ ok: true, data: expect.objectContaining({ id: teacher.user.id }) })
    socket.disconnect()
  })
})

describe('ending sessions', () => {
  it("tells a deactivated pupil's open tab why before closing its socket", async () => {
    const teacher = await registerTeacher(server.url)
    const schoolClass = await createClass(teacher)
    const [pupil] = await addPupils(teacher, schoolClass.id, ['Dewi'])
    const { client } = await signInPupil(server.url, schoolClass, pupil!)
    const socket = await client.connectSocket()
    const ended = new Promise((resolve) => socket.once('session:ended', resolve))
    const res = await teacher.client.patch(`/api/classes/${schoolClass.id}/pupils/${pupil!.id}`, { active: false })
    expect(res.status).toBe(200)
    expect(await ended).toEqual({ reason: 'deactivated' })
  })

  it('gives a class more room for mistyped pupil codes than one teacher account', async () => {
    const teacher = await registerTeacher(server.url)
    const schoolClass = await createClass(teacher)
    const [pupil] = await addPupils(teacher, schoolClass.id, ['Efa'])
    // The per-account limit is 3 in this server; a class may make 5× as many mistakes.
    for (let i = 0; i < 6; i++) {
      const wrong = await new TestClient(server.url).post('/api/auth/pupil-sign-in', {
        classCode: schoolClass.code,
        personalCode: 'ZZZZZZ',
      })
      expect(wrong.status).toBe(401)
    }
    await signInPupil(server.url, schoolClass, pupil!)
  })
})

describe('names', () => {
  it("lets a pupil change her language but not her name; her teacher's correction reaches her old posts", async () => {
    const linked = await createLinkedClasses(server, { pupilsPerClass: 1 })
    const [london, nairobi] = linked.sides
    const author = london!.pupils[0]!
    const board = (
      await london!.teacher.client.post<Board>(`/api/links/${linked.link.id}/boards`, { title: 'Our festivals' })
    ).body
    const post = (
      await author.client.post<Post>(`/api/boards/${board.id}/threads`, { title: 'Diwali', body: 'We light lamps' })
    ).body
    expect((await london!.teacher.client.post(`/api/moderation/board_post/${post.id}/approve`, {})).status).toBe(204)
    // What the partner school reads.
    const nameOnPost = async () =>
      (await nairobi!.teacher.client.get<ThreadsPage>(`/api/boards/${board.id}/threads`)).body.items.find(
        (p) => p.id === post.id,
      )?.authorName
    expect(await nameOnPost()).toBe(author.pupil.displayName)

    const renamed = await author.client.patch<ErrorBody>('/api/me', { displayName: 'Mr Smith (teacher)' })
    expect(renamed.status).toBe(403)
    expect(renamed.body.error).toMatchObject({ code: 'FORBIDDEN', fields: { displayName: expect.any(String) } })
    // Nothing of the request is applied, not even the language sent with it.
    expect((await author.client.patch('/api/me', { displayName: 'Mr Smith (teacher)', locale: 'cy' })).status).toBe(403)
    const me = (await author.client.get<{ user: User }>('/api/me')).body.user
    expect(me).toMatchObject({ displayName: author.pupil.displayName, locale: 'en' })
    expect(await nameOnPost()).toBe(author.pupil.displayName)

    expect((await author.client.patch<User>('/api/me', { locale: 'cy' })).body).toMatchObject({
      locale: 'cy',
      displayName: author.pupil.displayName,
    })
    const teacherRename = await london!.teacher.client.patch(
      `/api/classes/${london!.schoolClass.id}/pupils/${author.pupil.id}`,
      { displayName: 'Priya S' },
    )
    expect(teacherRename.status).toBe(200)
    expect(await nameOnPost()).toBe('Priya S')
  })

  it('lets a teacher change her own name', async () => {
    const teacher = await registerTeacher(server.url)
    const res = await teacher.client.patch<User>('/api/me', { displayName: 'Mrs Okafor-Jones' })
    expect(res.status).toBe(200)
    expect(res.body.displayName).toBe('Mrs Okafor-Jones')
  })
})

describe('the language chosen on the sign-in page', () => {
  type Signed = { user: User }
  it("becomes the account's at sign-in, for teachers and pupils; without a choice the account's own stays", async () => {
    const teacher = await registerTeacher(server.url)
    expect(teacher.user.locale).toBe('en')
    const chosen = await new TestClient(server.url).post<Signed>('/api/auth/sign-in', {
      email: teacher.email,
      password: teacher.password,
      locale: 'cy',
    })
    expect(chosen.status).toBe(200)
    expect(chosen.body.user.locale).toBe('cy')
    const again = await new TestClient(server.url).post<Signed>('/api/auth/sign-in', {
      email: teacher.email,
      password: teacher.password,
    })
    expect(again.body.user.locale).toBe('cy')

    const schoolClass = await createClass(teacher)
    const [pupil] = await addPupils(teacher, schoolClass.id, ['Nia'])
    const codes = { classCode: schoolClass.code, personalCode: pupil!.personalCode }
    const pupilChose = await new TestClient(server.url).post<Signed>('/api/auth/pupil-sign-in', {
      ...codes,
      locale: 'cy',
    })
    expect(pupilChose.body.user.locale).toBe('cy')
    const pupilAgain = await new TestClient(server.url).post<Signed>('/api/auth/pupil-sign-in', codes)
    expect(pupilAgain.body.user.locale).toBe('cy')
    const me = await new TestClient(server.url).post<Signed>('/api/auth/pupil-sign-in', { ...codes, locale: 'en' })
    expect(me.body.user.locale).toBe('en')
  })

  it('refuses a language that is not an interface language, and does not sign in', async () => {
    const teacher = await registerTeacher(server.url)
    const client = new TestClient(server.url)
    const res = await client.post<ErrorBody>('/api/auth/sign-in', {
      email: teacher.email,
      password: teacher.password,
      locale: 'xx',
    })
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('INVALID_PAYLOAD')
    expect((await client.get('/api/me')).status).toBe(401)
  })
})
