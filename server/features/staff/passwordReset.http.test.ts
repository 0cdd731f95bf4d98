import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ErrorBody } from '../../../shared/errors.js'
import type { IssuedReset } from '../../../shared/schemas/staff.js'
import { registerTeacher } from '../../test/people.js'
import { TestClient, startTestServer, type TestServer } from '../../test/server.js'
import { resetLinkIn, startSmtpServer } from '../../test/smtp.js'

const NEW_PASSWORD = 'copper kettles sing at dawn'

/** Waits for a condition that another process brings about (a mail arriving), failing after `ms`. */
async function until<T>(read: () => T | undefined, ms = 5000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const value = read()
    if (value !== undefined) return value
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

describe('forgotten password, by email through a real SMTP server', () => {
  let server: TestServer
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>
  beforeAll(async () => {
    smtp = await startSmtpServer()
    server = await startTestServer({
      env: {
        SMTP_URL: smtp.url,
        PUBLIC_URL: 'http://bridges.test',
        PASSWORD_RESETS_PER_IP_PER_HOUR: '6',
      },
    })
  })
  afterAll(async () => {
    await server?.close()
    await smtp?.close()
  })

  it('an expired link is refused', async () => {
    const teacher = await registerTeacher(server.url)
    await new TestClient(server.url).post('/api/auth/password-reset', {
      email: teacher.email,
    })
    const token = new URL(
      resetLinkIn(await until(() => smtp.received.find((m) => m.to.includes(teacher.email))))!,
    ).searchParams.get('token')!
    await server.storage.db
      .updateTable('passwordResets')
      .set({ expiresAt: new Date(Date.now() - 1000).toISOString() })
      .execute()
    const late = await new TestClient(server.url).post<ErrorBody>('/api/auth/password-reset/confirm', {
      token,
      newPassword: NEW_PASSWORD,
    })
    expect(late.body.error.code).toBe('RESET_LINK_INVALID')
  })

  it('mails a single-use link; the same answer for an unknown address; other sessions end; asking too often is refused', async () => {
    const teacher = await registerTeacher(server.url)
    const asker = new TestClient(server.url)
    expect((await asker.get<{ byEmail: boolean }>('/api/auth/password-reset')).body).toEqual({ byEmail: true })
    const known = await asker.post('/api/auth/password-reset', {
      email: teacher.email,
    })
    const unknown = await asker.post('/api/auth/password-reset', {
      email: 'nobody-here@example.org',
    })
    expect([known.status, known.body]).toEqual([unknown.status, unknown.body])
    expect(known.status).toBe(202)

    const mail = await until(() => smtp.received.find((m) => m.to.includes(teacher.email)))
    const link = resetLinkIn(mail)
    expect(link).toMatch(/^http:\/\/bridges\.test\/reset-password\?token=/)
    expect(smtp.received.filter((m) => m.to.includes('nobody-here@example.org'))).toEqual([])
    const token = new URL(link!).searchParams.get('token')!

    const weak = await asker.post<ErrorBody>('/api/auth/password-reset/confirm', { token, newPassword: 'password1' })
    expect(weak.body.error.code).toBe('WEAK_PASSWORD')
    expect(
      (
        await asker.post('/api/auth/password-reset/confirm', {
          token,
          newPassword: NEW_PASSWORD,
        })
      ).status,
    ).toBe(204)
    const twice = await asker.post<ErrorBody>('/api/auth/password-reset/confirm', { token, newPassword: NEW_PASSWORD })
    expect([twice.status, twice.body.error.code]).toEqual([410, 'RESET_LINK_INVALID'])

    expect((await teacher.client.get('/api/me')).status).toBe(401)
    expect(
      (
        await new TestClient(server.url).post('/api/auth/sign-in', {
          email: teacher.email,
          password: NEW_PASSWORD,
        })
      ).status,
    ).toBe(200)
    expect(
      (
        await new TestClient(server.url).post('/api/auth/sign-in', {
          email: teacher.email,
          password: teacher.password,
        })
      ).status,
    ).toBe(401)

    // Six requests from one address an hour (the test above made one), whatever the addresses asked for.
    for (let i = 0; i < 3; i++)
      expect(
        (
          await asker.post('/api/auth/password-reset', {
            email: `x${i}@example.org`,
          })
        ).status,
      ).toBe(202)
    const limited = await asker.post<ErrorBody>('/api/auth/password-reset', {
      email: teacher.email,
    })
    expect([limited.status, limited.body.error.code]).toEqual([429, 'RATE_LIMITED'])
  })
})

describe('forgotten password without SMTP_URL: the school admin issues a one-time link', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer()
  })
  afterAll(() => server?.close())

  it('issues a link for a colleague only; it works once', async () => {
    const admin = await registerTeacher(server.url)
    expect((await new TestClient(server.url).get<{ byEmail: boolean }>('/api/auth/password-reset')).body).toEqual({
      byEmail: false,
    })
    const other = await registerTeacher(server.url)
    expect((await admin.client.post(`/api/staff/members/${other.user.id}/reset-link`)).status).toBe(404)
    const issued = await admin.client.post<IssuedReset>(`/api/staff/members/${admin.user.id}/reset-link`)
    expect(issued.status).toBe(201)
    const reset = () =>
      new TestClient(server.url).post('/api/auth/password-reset/confirm', {
        token: issued.body.token,
        newPassword: NEW_PASSWORD,
      })
    expect((await reset()).status).toBe(204)
    expect((await reset()).status).toBe(410)
    expect(
      (
        await new TestClient(server.url).post('/api/auth/sign-in', {
          email: admin.email,
          password: NEW_PASSWORD,
        })
      ).status,
    ).toBe(200)
  })
})
