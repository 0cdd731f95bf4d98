import type { Kysely } from 'kysely'
import type { Link, LinkClass, LinkStatus } from '../../../shared/schemas/links.js'
import type { Database } from '../../storage/schema.js'
import { fromJsonList } from '../../storage/json.js'
import { prepareQuery } from '../../storage/prepared.js'
import { forgetRead, readOnce } from '../../storage/requestScope.js'

/** Who belongs to which link: the one table every link-scoped feature authorises against. */
export interface MembershipRepository {
  insertLink(link: { id: string; status: LinkStatus; createdAt: string }): Promise<void>
  addClassToLink(linkId: string, classId: string, joinedAt: string): Promise<void>
  setLinkStatus(linkId: string, status: LinkStatus, at: string): Promise<void>
  findLink(linkId: string): Promise<Link | undefined>
  /** Ids of the links a class belongs to, newest first. */
  linkIdsOfClasses(classIds: string[]): Promise<string[]>
  /** Ids of the links any class of a school belongs to. */
  linkIdsOfSchool(schoolId: string): Promise<string[]>
  /** Ids of the active teachers of a school. */
  teacherIdsOfSchools(schoolIds: string[]): Promise<string[]>
}

export function createMembershipRepository(db: Kysely<Database>): MembershipRepository {
  // Every link-scoped read authorises against it: compiled once (storage/prepared.ts).
  const linkWithClasses = prepareQuery(db, (db, $: { linkId: string }) =>
    db
      .selectFrom('links')
      .leftJoin('linkClasses', 'linkClasses.linkId', 'links.id')
      .leftJoin('classes', 'classes.id', 'linkClasses.classId')
      .leftJoin('schools', 'schools.id', 'classes.schoolId')
      .select([
        'links.id',
        'links.status',
        'links.createdAt',
        'linkClasses.classId',
        'linkClasses.colorIndex',
        'linkClasses.joinedAt',
        'classes.name as className',
        'classes.ageMin',
        'classes.ageMax',
        'classes.languages',
        'classes.timeZone',
        'schools.id as schoolId',
        'schools.name as schoolName',
        'schools.country',
        'schools.city',
      ])
      .where('links.id', '=', $.linkId)
      .orderBy('linkClasses.colorIndex'),
  )
  return {
    async insertLink(link) {
      await db
        .insertInto('links')
        .values({ ...link, updatedAt: link.createdAt })
        .execute()
    },
    async addClassToLink(linkId, classId, joinedAt) {
      forgetRead(`link:${linkId}`)
      await db.transaction().execute(async (trx) => {
        // Lock the link's row first (a no-op update), so classes joining at once count in turn and get different colours.
        await trx
          .updateTable('links')
          .set((eb) => ({ status: eb.ref('status') }))
          .where('id', '=', linkId)
          .execute()
        const row = await trx
          .selectFrom('linkClasses')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('linkId', '=', linkId)
          .executeTakeFirstOrThrow()
        await trx
          .insertInto('linkClasses')
          .values({ linkId, classId, colorIndex: Number(row.n), joinedAt })
          .execute()
      })
    },
    async setLinkStatus(linkId, status, at) {
      forgetRead(`link:${linkId}`)
      await db.updateTable('links').set({ status, updatedAt: at }).where('id', '=', linkId).execute()
    },
    findLink(linkId) {
      // Every authorisation of a link asks for it: read once per read request, in one statement.
      return readOnce(`link:${linkId}`, async () => {
        const rows = await linkWithClasses.execute({ linkId })
        const link = rows[0]
        if (!link) return undefined
        const classes: LinkClass[] = []
        for (const row of rows) {
          // A link with no class yet has one row with no class in it.
          if (row.classId === null || row.schoolId === null) continue
          classes.push({
            classId: row.classId,
            colorIndex: row.colorIndex!,
            joinedAt: row.joinedAt!,
            className: row.className!,
            ageMin: row.ageMin!,
            ageMax: row.ageMax!,
            languages: fromJsonList(row.languages!),
            timeZone: row.timeZone!,
            schoolId: row.schoolId,
            schoolName: row.schoolName!,
            country: row.country!,
            city: row.city!,
          })
        }
        return { id: link.id, status: link.status, createdAt: link.createdAt, classes }
      })
    },
    async linkIdsOfClasses(classIds) {
      if (classIds.length === 0) return []
      const rows = await db
        .selectFrom('linkClasses')
        .innerJoin('links', 'links.id', 'linkClasses.linkId')
        .select('links.id')
        .distinct()
        .where('linkClasses.classId', 'in', classIds)
        .orderBy('links.id')
        .execute()
      return rows.map((row) => row.id)
    },
    async linkIdsOfSchool(schoolId) {
      const rows = await db
        .selectFrom('linkClasses')
        .innerJoin('classes', 'classes.id', 'linkClasses.classId')
        .select('linkClasses.linkId')
        .distinct()
        .where('classes.schoolId', '=', schoolId)
        .execute()
      return rows.map((row) => row.linkId)
    },
    async teacherIdsOfSchools(schoolIds) {
      if (schoolIds.length === 0) return []
      const rows = await db
        .selectFrom('users')
        .select('id')
        .where('schoolId', 'in', schoolIds)
        .where('role', '=', 'teacher')
        .where('active', '=', 1)
        .execute()
      return rows.map((row) => row.id)
    },
  }
}
