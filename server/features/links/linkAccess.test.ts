import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DomainError } from '../../domain/errors.js'
import { createLinkedClasses, type LinkedClasses } from '../../test/links.js'
import { DHAKA } from '../../test/people.js'
import { startTestServer, type TestServer } from '../../test/server.js'

let server: TestServer
let linked: LinkedClasses
let outsiders: LinkedClasses
beforeAll(async () => {
  server = await startTestServer()
  linked = await createLinkedClasses(server)
  outsiders = await createLinkedClasses(server, { places: [DHAKA, DHAKA] })
})
afterAll(() => server.close())

describe('link membership', () => {
  it('lets teachers and pupils of member classes in, with their own side marked', async () => {
    const access = server.app.services.linkAccess
    const [london, nairobi] = linked.sides
    const teacher = await access.membershipOf(london!.teacher.user, linked.link.id)
    expect(teacher.isTeacher).toBe(true)
    expect(teacher.ownClasses.map((c) => c.classId)).toEqual([london!.schoolClass.id])
    const pupil = await access.membershipOf(nairobi!.pupils[0]!.user, linked.link.id)
    expect(pupil.isTeacher).toBe(false)
    expect(pupil.link.classes).toHaveLength(2)
  })

  it('hides the link from teachers and pupils of other links', async () => {
    const access = server.app.services.linkAccess
    const outsider = outsiders.sides[0]!
    for (const user of [outsider.teacher.user, outsider.pupils[0]!.user]) {
      await expect(access.membershipOf(user, linked.link.id)).rejects.toMatchObject({ code: 'NOT_FOUND' })
    }
    expect(await access.linksOf(outsider.teacher.user)).toHaveLength(1)
  })

  it('refuses pupils where teachers are required and writes to a link that is not active', async () => {
    const access = server.app.services.linkAccess
    await expect(access.teacherMembershipOf(linked.sides[0]!.pupils[0]!.user, linked.link.id)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    })
    const paused = await createLinkedClasses(server, { status: 'paused', pupilsPerClass: 0 })
    const membership = await access.membershipOf(paused.sides[0]!.teacher.user, paused.link.id)
    expect(() => access.assertWritable(membership)).toThrow(DomainError)
  })
})
