import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { School } from '../../../shared/schemas/schools.js'
import { localTime } from '../../../shared/schoolHours.js'
import { addPupils, createClass, registerTeacher, signInPupil } from '../../test/people.js'
import { startTestServer, type TestServer } from '../../test/server.js'

let server: TestServer
beforeAll(async () => {
  server = await startTestServer()
})
afterAll(() => server.close())

describe('pupils on shared computers', () => {
  it('a pupil’s session ends at the end of her school day (a school setting), and her live connection with it', async () => {
    const teacher = await registerTeacher(server.url)
    const schoolClass = await createClass(teacher)
    const [pupil] = await addPupils(teacher, schoolClass.id, ['Amara'])
    // The day ends two minutes from now, in the school's own zone.
    const end = Math.ceil((Date.now() + 2 * 60_000) / 60_000) * 60_000
    const dayEndsAt = localTime(end, teacher.school.timeZone)
    const updated = await teacher.client.patch<School>('/api/school', {
      dayEndsAt,
    })
    expect(updated.body.dayEndsAt).toBe(dayEndsAt)

    const signedIn = await signInPupil(server.url, schoolClass, pupil!)
    const sessions = await server.storage.db
      .selectFrom('sessions')
      .select(['id', 'expiresAt'])
      .where('userId', '=', signedIn.user.id)
      .execute()
    expect(sessions.map((s) => s.expiresAt)).toEqual([new Date(end).toISOString()])
    // A teacher's session is not cut to the school day.
    const teacherSession = await server.storage.db
      .selectFrom('sessions')
      .select('expiresAt')
      .where('userId', '=', teacher.user.id)
      .executeTakeFirstOrThrow()
    expect(Date.parse(teacherSession.expiresAt)).toBeGreaterThan(Date.now() + 24 * 60 * 60_000)

    // Her page stays open past the end: the connection is told and closed, then every request is refused.
    await server.storage.db
      .updateTable('sessions')
      .set({ expiresAt: new Date(Date.now() + 600).toISOString() })
      .where('userId', '=', signedIn.user.id)
      .execute()
    const socket = await signedIn.client.connectSocket()
    const ended = await new Promise<{ reason: string }>((resolve) => socket.once('session:ended', resolve))
    expect(ended.reason).toBe('expired')
    await expect.poll(async () => (await signedIn.client.get('/api/me')).status).toBe(401)
    socket.close()
  })

  it('refuses a day end that is not a time of day', async () => {
    const teacher = await registerTeacher(server.url)
    expect((await teacher.client.patch('/api/school', { dayEndsAt: '25:00' })).status).toBe(400)
  })
})
