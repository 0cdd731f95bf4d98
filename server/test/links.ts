import type { Link } from '../../shared/schemas/links.js'
import type { Pupil, SchoolClass } from '../../shared/schemas/schools.js'
import type { User } from '../../shared/schemas/accounts.js'
import { newId } from '../domain/ids.js'
import { createMembershipRepository } from '../features/links/membership.repository.js'
import {
  addPupils,
  createClass,
  registerTeacher,
  signInPupil,
  LONDON,
  NAIROBI,
  type SchoolPlace,
  type TeacherFixture,
} from './people.js'
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

export interface ApiLinkSide {
  teacher: TeacherFixture
  schoolClass: SchoolClass
}

/** Opts a class into the partner directory through the API. */
export async function optIn(
  teacher: TeacherFixture,
  classId: string,
  overrides: Record<string, unknown> = {},
): Promise<void> {
  const res = await teacher.client.put(`/api/classes/${classId}/directory`, {
    hopes: 'Pen pals and shared projects',
    themes: ['weather', 'festivals'],
    ...overrides,
  })
  if (res.status !== 200) throw new Error(`optIn failed: ${res.status} ${JSON.stringify(res.body)}`)
}

/**
 * A link made the way teachers make one: each class opts in, the first invites the others (the second
 * to form the link, later ones to join it), each invitation is accepted, and every class signs the
 * current agreement, so the link ends up active.
 */
export async function createLinkViaApi(
  server: Pick<TestServer, 'url'>,
  places: SchoolPlace[] = [LONDON, NAIROBI],
): Promise<{ linkId: string; sides: ApiLinkSide[] }> {
  const sides: ApiLinkSide[] = []
  for (const place of places) {
    const teacher = await registerTeacher(server.url, place)
    const schoolClass = await createClass(teacher)
    await optIn(teacher, schoolClass.id)
    sides.push({ teacher, schoolClass })
  }
  const [first, ...others] = sides
  if (!first) throw new Error('no classes')
  let linkId: string | undefined
  for (const other of others) {
    const invite = await first.teacher.client.post<{ id: string }>('/api/link-requests', {
      fromClassId: first.schoolClass.id,
      toClassId: other.schoolClass.id,
      message: 'Would your class like to link with ours?',
      ...(linkId ? { linkId } : {}),
    })
    if (invite.status !== 201) throw new Error(`invite failed: ${invite.status} ${JSON.stringify(invite.body)}`)
    const accepted = await other.teacher.client.post<{ linkId: string }>(`/api/link-requests/${invite.body.id}/accept`)
    if (accepted.status !== 200) throw new Error(`accept failed: ${accepted.status} ${JSON.stringify(accepted.body)}`)
    linkId = accepted.body.linkId
  }
  if (!linkId) throw new Error('a link needs two classes')
  // An empty agreement cannot be signed: the first teacher writes its aims first (an unsigned draft changes in place).
  const draft = await first.teacher.client.get<{ current: { version: number; content: Record<string, unknown> } }>(
    `/api/links/${linkId}/agreement`,
  )
  const written = await first.teacher.client.put(`/api/links/${linkId}/agreement`, {
    baseVersion: draft.body.current.version,
    content: { ...draft.body.current.content, aims: 'Our classes learn about each other’s lives.' },
  })
  if (written.status !== 200) throw new Error(`agreement failed: ${written.status} ${JSON.stringify(written.body)}`)
  const agreement = await first.teacher.client.get<{ current: { version: number } }>(`/api/links/${linkId}/agreement`)
  for (const side of sides) {
    const signed = await side.teacher.client.post(`/api/links/${linkId}/agreement/signatures`, {
      version: agreement.body.current.version,
      classId: side.schoolClass.id,
    })
    if (signed.status !== 200) throw new Error(`sign failed: ${signed.status} ${JSON.stringify(signed.body)}`)
  }
  return { linkId, sides }
}
