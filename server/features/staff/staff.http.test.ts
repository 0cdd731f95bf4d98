import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ErrorBody } from '../../../shared/errors.js'
import type { Me } from '../../../shared/schemas/accounts.js'
import type { Board, Post, ThreadsPage } from '../../../shared/schemas/boards.js'
import type { AuditPage } from '../../../shared/schemas/moderation.js'
import type { StaffInvitation, StaffMember } from '../../../shared/schemas/staff.js'
import { createLinkedClasses } from '../../test/links.js'
import { TestClient, startTestServer, type TestServer } from '../../test/server.js'

let server: TestServer
beforeAll(async () => {
  server = await startTestServer()
})
afterAll(() => server.close())

const join = (code: string, email: string, name = 'Ms Okafor') =>
  new TestClient(server.url).post<Me & ErrorBody>('/api/staff/join', {
    code,
    email,
    password: 'rivers bend slowly home',
    displayName: name,
  })

describe('a school is a team', () => {
  it('the admin invites a colleague with a single-use link; she joins, moderates, and can be removed', async () => {
    const { link, sides } = await createLinkedClasses(server)
    const admin = sides[0]!.teacher
    const pupil = sides[0]!.pupils[0]!
    expect(admin.user.schoolAdmin).toBe(true)

    const invitation = await admin.client.post<StaffInvitation>('/api/staff/invitations')
    expect(invitation.status).toBe(201)
    const preview = await new TestClient(server.url).get<{
      schoolName: string
    }>(`/api/staff/invitations/${invitation.body.code}`)
    expect(preview.body.schoolName).toBe(admin.school.name)

    const colleague = new TestClient(server.url)
    const joined = await colleague.post<Me>('/api/staff/join', {
      code: invitation.body.code,
      email: 'okafor@example.org',
      password: 'rivers bend slowly home',
      displayName: 'Ms Okafor',
    })
    expect(joined.status).toBe(201)
    expect(joined.body.user).toMatchObject({
      role: 'teacher',
      schoolId: admin.school.id,
      schoolAdmin: false,
      safeguardingLead: false,
    })
    // Single use: a second person with the same link is refused, and no account is made for her.
    const again = await join(invitation.body.code, 'someone@example.org')
    expect(again.status).toBe(410)
    expect(again.body.error.code).toBe('STAFF_INVITATION_INVALID')
    expect(
      (
        await new TestClient(server.url).post('/api/auth/sign-in', {
          email: 'someone@example.org',
          password: 'rivers bend slowly home',
        })
      ).status,
    ).toBe(401)

    // The pupil's post waits for any teacher of her school: the colleague approves it.
    const board = (
      await admin.client.post<Board>(`/api/links/${link.id}/boards`, {
        title: 'Our rivers',
      })
    ).body
    const post = (
      await pupil.client.post<Post>(`/api/boards/${board.id}/threads`, {
        title: 'The Thames',
        body: 'It is long',
      })
    ).body
    expect((await colleague.get<{ items: unknown[] }>('/api/moderation/queue')).body.items).toHaveLength(1)
    expect((await colleague.post(`/api/moderation/board_post/${post.id}/approve`)).status).toBe(204)
    const seen = await sides[1]!.pupils[0]!.client.get<ThreadsPage>(`/api/boards/${board.id}/threads`)
    expect(seen.body.items.map((p) => p.id)).toEqual([post.id])

    // Only an admin invites, gives roles or removes.
    expect((await colleague.post('/api/staff/invitations')).status).toBe(403)
    const staff = await admin.client.get<StaffMember[]>('/api/staff')
    const okafor = staff.body.find((m) => m.displayName === 'Ms Okafor')!
    expect(staff.body.map((m) => m.displayName)).toEqual([admin.user.displayName, 'Ms Okafor'])
    expect((await colleague.delete(`/api/staff/members/${admin.user.id}`)).status).toBe(403)

    // Removed: her session ends at once and she cannot sign in again.
    expect((await admin.client.delete(`/api/staff/members/${okafor.id}`)).status).toBe(204)
    expect((await colleague.get('/api/me')).status).toBe(401)
    const back = await new TestClient(server.url).post<ErrorBody>('/api/auth/sign-in', {
      email: 'okafor@example.org',
      password: 'rivers bend slowly home',
    })
    expect(back.body.error.code).toBe('ACCOUNT_INACTIVE')
    expect((await admin.client.get<StaffMember[]>('/api/staff')).body).toHaveLength(1)
  })

  it('an expired invitation is refused like a used one', async () => {
    const { sides } = await createLinkedClasses(server, { pupilsPerClass: 0 })
    const invitation = (await sides[0]!.teacher.client.post<StaffInvitation>('/api/staff/invitations')).body
    await server.storage.db
      .updateTable('staffInvitations')
      .set({ expiresAt: new Date(Date.now() - 1000).toISOString() })
      .execute()
    const late = await join(invitation.code, 'late@example.org')
    expect(late.body.error.code).toBe('STAFF_INVITATION_INVALID')
    expect((await new TestClient(server.url).get<ErrorBody>(`/api/staff/invitations/${invitation.code}`)).status).toBe(
      410,
    )
  })

  it('the school keeps an admin; the safeguarding lead reads every item of her school and its whole audit record', async () => {
    const { link, sides } = await createLinkedClasses(server)
    const admin = sides[0]!.teacher
    const last = await admin.client.patch<ErrorBody>(`/api/staff/members/${admin.user.id}`, { schoolAdmin: false })
    expect(last.body.error.code).toBe('LAST_ADMIN')
    expect((await admin.client.delete<ErrorBody>(`/api/staff/members/${admin.user.id}`)).body.error.code).toBe(
      'LAST_ADMIN',
    )

    const code = (await admin.client.post<StaffInvitation>('/api/staff/invitations')).body.code
    const lead = new TestClient(server.url)
    const leadId = (
      await lead.post<Me>('/api/staff/join', {
        code,
        email: `dsl-${code.slice(0, 6)}@example.org`,
        password: 'rivers bend slowly home',
        displayName: 'Mr Evans',
      })
    ).body.user.id
    expect((await lead.get('/api/safeguarding/audit')).status).toBe(403)
    const made = await admin.client.patch<StaffMember>(`/api/staff/members/${leadId}`, {
      safeguardingLead: true,
    })
    expect(made.body.safeguardingLead).toBe(true)

    const board = (
      await admin.client.post<Board>(`/api/links/${link.id}/boards`, {
        title: 'Homes',
      })
    ).body
    const post = (
      await sides[0]!.pupils[0]!.client.post<Post>(`/api/boards/${board.id}/threads`, {
        title: 'Where I live',
        body: 'I live at 4 Mill Lane',
      })
    ).body
    expect(
      (
        await admin.client.post(`/api/moderation/board_post/${post.id}/delete`, {
          reason: 'Never share where you live',
        })
      ).status,
    ).toBe(204)

    const threads = async (client: TestClient) =>
      (await client.get<ThreadsPage>(`/api/boards/${board.id}/threads`)).body.items.map((p) => [p.id, p.status])
    expect(await threads(admin.client)).toEqual([])
    expect(await threads(lead)).toEqual([[post.id, 'deleted']])
    expect(await threads(sides[1]!.teacher.client)).toEqual([])

    const audit = await lead.get<AuditPage>('/api/safeguarding/audit')
    expect(audit.body.items).toEqual([
      expect.objectContaining({
        itemId: post.id,
        action: 'delete',
        reason: 'Never share where you live',
        excerpt: 'Where I live\nI live at 4 Mill Lane',
      }),
    ])
    expect((await sides[1]!.teacher.client.get('/api/safeguarding/audit')).status).toBe(403)
  })
})
