import type { Link } from '../../shared/schemas/links.js'
import type { Pupil, SchoolClass } from '../../shared/schemas/schools.js'
import type { User } from '../../shared/schemas/accounts.js'
import { newId } from '../domain/ids.js'
import { createMembershipRepository } from '../features/links/membership.repository.js'
import { addPupils, createClass, registerTeacher, signInPupil, LONDON, NAIROBI, type SchoolPlace, type TeacherFixture } from './people.js'
import type { TestClient, TestServer } from './server.js'

export interface PupilFixture {
  client: TestClient
  user: User
  pupil: Pupil
}

export interface LinkSide {
  teacher: TeacherFixture
  schoolClass: SchoolClass
  pupils: PupilFixture[]
}

export interface LinkedClasses {
  link: Link
  sides: LinkSide[]
}

/**
 * Teachers, classes and signed-in pupils in different schools, joined in one link with the given
 * status (active by default). The link itself is written through the membership repository so that
 * features can be tested without walking through the whole invite-and-sign flow each time; the links
 * feature's own tests cover that flow through the API.
 */
export async function createLinkedClasses(
  server: TestServer,
  options: { places?: SchoolPlace[]; pupilsPerClass?: number; status?: Link['status'] } = {},
): Promise<LinkedClasses> {
  const places = options.places ?? [LONDON, NAIROBI]
  const sides: LinkSide[] = []
  for (const place of places) {
    const teacher = await registerTeacher(server.url, place)
    const schoolClass = await createClass(teacher)
    const names = Array.from({ length: options.pupilsPerClass ?? 1 }, (_, i) => `${place.city} pupil ${i + 1}`)
    const created = names.length ? await addPupils(teacher, schoolClass.id, names) : []
    const pupils: PupilFixture[] = []
    for (const pupil of created) pupils.push({ ...(await signInPupil(server.url, schoolClass, pupil)), pupil })
    sides.push({ teacher, schoolClass, pupils })
  }
  const membership = createMembershipRepository(server.storage.db)
  const linkId = newId()
  const now = new Date().toISOString()
  await membership.insertLink({ id: linkId, status: options.status ?? 'active', createdAt: now })
  for (const side of sides) await membership.addClassToLink(linkId, side.schoolClass.id, now)
  const link = await membership.findLink(linkId)
  if (!link) throw new Error('link vanished')
  return { link, sides }
}
