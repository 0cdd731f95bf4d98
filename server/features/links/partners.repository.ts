import { sql, type Expression, type Kysely, type SqlBool } from 'kysely'
import type {
  DirectoryEntry,
  DirectoryEntryInput,
  LinkRequest,
  RequestClass,
} from '../../../shared/schemas/partners.js'
import type { Position } from '../../../shared/schemas/paging.js'
import { countriesOf, regionOf, type Region } from '../../../shared/regions.js'
import type { Dialect } from '../../storage/migrations/helpers.js'
import { olderThan, pageOf } from '../../storage/paging.js'
import type { Database } from '../../storage/schema.js'
import { fromJsonList, toJsonText } from '../../storage/json.js'

export type LinkRequestStatus = LinkRequest['status']

export interface NewLinkRequest {
  id: string
  linkId: string | null
  fromClassId: string
  toClassId: string
  message: string
  createdBy: string
  createdAt: string
}

/** Filters the database applies; school-hours overlap is computed afterwards in the service. */
export interface DirectoryFilter {
  country?: string
  region?: Region
  ageMin?: number
  ageMax?: number
  /** A language the class speaks (its code, any case). */
  language?: string
  /** Part of one of the class's themes or subjects (any case). */
  theme?: string
  excludeSchoolId?: string
}

/** The partner directory and the link requests between classes. */
export interface PartnersRepository {
  upsertEntry(classId: string, input: DirectoryEntryInput, at: string): Promise<void>
  deleteEntry(classId: string): Promise<void>
  findEntry(classId: string): Promise<DirectoryEntry | undefined>
  /**
   * A page of the opted-in classes matching the filter, newest opt-in first, after `before`: filtered
   * in SQL and read in the order of the directory's index, so a page costs the same however many
   * classes are listed. An opt-in keeps its time when the entry is edited, so pages never shift.
   */
  entriesPage(
    filter: DirectoryFilter,
    before: Position | undefined,
    limit: number,
  ): Promise<{ items: DirectoryEntry[]; nextCursor: string | null }>
  insertRequest(request: NewLinkRequest): Promise<void>
  findRequest(id: string): Promise<LinkRequest | undefined>
  /** Requests from or to any of these classes, or into any of these links; newest first. */
  listRequests(classIds: string[], linkIds: string[]): Promise<LinkRequest[]>
  /** Pending requests between two classes (either direction) or from a link to a class. */
  pendingBetween(fromClassId: string, toClassId: string, linkId: string | null): Promise<LinkRequest[]>
  /** Changes a pending request's status; false when it was no longer pending (someone else acted first). */
  decideRequest(id: string, status: Exclude<LinkRequestStatus, 'pending'>, by: string, at: string): Promise<boolean>
}

/** `column` (a JSON list of text) holds an element equal to `value`, or containing it, in any case. */
function jsonListHas(dialect: Dialect, column: string, op: '=' | 'like', value: string): Expression<SqlBool> {
  const elements =
    dialect === 'postgres'
      ? sql`json_array_elements_text(${sql.ref(column)}::json) as j(value)`
      : sql`json_each(${sql.ref(column)}) as j`
  const test = op === '=' ? sql`lower(j.value) = ${value}` : sql`lower(j.value) like ${value} escape '\\'`
  return sql<SqlBool>`exists (select 1 from ${elements} where ${test})`
}

export function createPartnersRepository(db: Kysely<Database>, dialect: Dialect = 'sqlite'): PartnersRepository {
  const entries = () =>
    db
      .selectFrom('directoryEntries')
      .innerJoin('classes', 'classes.id', 'directoryEntries.classId')
      .innerJoin('schools', 'schools.id', 'classes.schoolId')
      .select([
        'directoryEntries.classId',
        'directoryEntries.themes',
        'directoryEntries.hopes',
        'directoryEntries.schoolDayStart',
        'directoryEntries.schoolDayEnd',
        'directoryEntries.optedInAt',
        'classes.name as className',
        'classes.ageMin',
        'classes.ageMax',
        'classes.languages',
        'classes.subjects',
        'classes.timeZone',
        'schools.id as schoolId',
        'schools.name as schoolName',
        'schools.country',
        'schools.city',
      ])
  type EntryRow = Awaited<ReturnType<ReturnType<typeof entries>['executeTakeFirstOrThrow']>>
  const toEntry = (row: EntryRow): DirectoryEntry => ({
    classId: row.classId,
    className: row.className,
    schoolId: row.schoolId,
    schoolName: row.schoolName,
    country: row.country,
    region: regionOf(row.country) ?? null,
    city: row.city,
    ageMin: row.ageMin,
    ageMax: row.ageMax,
    languages: fromJsonList(row.languages),
    subjects: fromJsonList(row.subjects),
    themes: fromJsonList(row.themes),
    hopes: row.hopes,
    timeZone: row.timeZone,
    schoolDay: { start: row.schoolDayStart, end: row.schoolDayEnd },
    optedInAt: row.optedInAt,
  })

  const requestClass = (alias: 'fc' | 'tc', schoolAlias: 'fs' | 'ts') =>
    [
      `${alias}.id as ${alias}Id`,
      `${alias}.name as ${alias}Name`,
      `${schoolAlias}.id as ${schoolAlias}Id`,
      `${schoolAlias}.name as ${schoolAlias}Name`,
      `${schoolAlias}.country as ${schoolAlias}Country`,
      `${schoolAlias}.city as ${schoolAlias}City`,
    ] as const
  const requests = () =>
    db
      .selectFrom('linkRequests as r')
      .innerJoin('classes as fc', 'fc.id', 'r.fromClassId')
      .innerJoin('schools as fs', 'fs.id', 'fc.schoolId')
      .innerJoin('classes as tc', 'tc.id', 'r.toClassId')
      .innerJoin('schools as ts', 'ts.id', 'tc.schoolId')
      .innerJoin('users as u', 'u.id', 'r.createdBy')
      .select([
        'r.id',
        'r.linkId',
        'r.message',
        'r.status',
        'r.createdAt',
        'r.decidedAt',
        'u.displayName as createdByName',
      ])
      .select(requestClass('fc', 'fs'))
      .select(requestClass('tc', 'ts'))
  type RequestRow = Awaited<ReturnType<ReturnType<typeof requests>['executeTakeFirstOrThrow']>>
  const toRequest = (row: RequestRow): LinkRequest => {
    const from: RequestClass = {
      classId: row.fcId,
      className: row.fcName,
      schoolId: row.fsId,
      schoolName: row.fsName,
      country: row.fsCountry,
      city: row.fsCity,
    }
    const to: RequestClass = {
      classId: row.tcId,
      className: row.tcName,
      schoolId: row.tsId,
      schoolName: row.tsName,
      country: row.tsCountry,
      city: row.tsCity,
    }
    return {
      id: row.id,
      linkId: row.linkId,
      from,
      to,
      message: row.message,
      status: row.status,
      createdByName: row.createdByName,
      createdAt: row.createdAt,
      decidedAt: row.decidedAt,
    }
  }

  return {
    async upsertEntry(classId, input, at) {
      const values = {
        themes: toJsonText(input.themes),
        hopes: input.hopes,
        schoolDayStart: input.schoolDay.start,
        schoolDayEnd: input.schoolDay.end,
      }
      await db
        .insertInto('directoryEntries')
        .values({ classId, ...values, optedInAt: at })
        .onConflict((oc) => oc.column('classId').doUpdateSet(values))
        .execute()
    },
    async deleteEntry(classId) {
      await db.deleteFrom('directoryEntries').where('classId', '=', classId).execute()
    },
    async findEntry(classId) {
      const row = await entries().where('directoryEntries.classId', '=', classId).executeTakeFirst()
      return row ? toEntry(row) : undefined
    },
    async entriesPage(filter, before, limit) {
      let query = entries()
      if (filter.country) query = query.where('schools.country', '=', filter.country.toUpperCase())
      if (filter.region) query = query.where('schools.country', 'in', countriesOf(filter.region))
      if (filter.ageMin !== undefined) query = query.where('classes.ageMax', '>=', filter.ageMin)
      if (filter.ageMax !== undefined) query = query.where('classes.ageMin', '<=', filter.ageMax)
      if (filter.excludeSchoolId) query = query.where('schools.id', '!=', filter.excludeSchoolId)
      if (filter.language)
        query = query.where(jsonListHas(dialect, 'classes.languages', '=', filter.language.toLowerCase()))
      if (filter.theme) {
        const like = `%${filter.theme.toLowerCase().replace(/[%_\\]/g, (ch) => `\\${ch}`)}%`
        query = query.where((eb) =>
          eb.or([
            jsonListHas(dialect, 'directoryEntries.themes', 'like', like),
            jsonListHas(dialect, 'classes.subjects', 'like', like),
          ]),
        )
      }
      // The cursor's time also bounds the index range, so a later page starts where the last ended.
      if (before) query = query.where('directoryEntries.optedInAt', '<=', before.createdAt)
      const rows = await query
        .where(olderThan('directoryEntries.optedInAt', 'directoryEntries.classId', before))
        .orderBy('directoryEntries.optedInAt', 'desc')
        .orderBy('directoryEntries.classId', 'desc')
        .limit(limit + 1)
        .execute()
      const page = pageOf(rows, limit, (row) => ({ createdAt: row.optedInAt, id: row.classId }))
      return { items: page.items.map(toEntry), nextCursor: page.nextCursor }
    },
    async insertRequest(request) {
      await db
        .insertInto('linkRequests')
        .values({ ...request, status: 'pending', decidedBy: null, decidedAt: null })
        .execute()
    },
    async findRequest(id) {
      const row = await requests().where('r.id', '=', id).executeTakeFirst()
      return row ? toRequest(row) : undefined
    },
    async listRequests(classIds, linkIds) {
      if (classIds.length === 0 && linkIds.length === 0) return []
      const rows = await requests()
        .where((eb) =>
          eb.or([
            ...(classIds.length ? [eb('r.fromClassId', 'in', classIds), eb('r.toClassId', 'in', classIds)] : []),
            ...(linkIds.length ? [eb('r.linkId', 'in', linkIds)] : []),
          ]),
        )
        .orderBy('r.createdAt', 'desc')
        .limit(200)
        .execute()
      return rows.map(toRequest)
    },
    async pendingBetween(fromClassId, toClassId, linkId) {
      const rows = await requests()
        .where('r.status', '=', 'pending')
        .where((eb) =>
          linkId
            ? eb.and([eb('r.linkId', '=', linkId), eb('r.toClassId', '=', toClassId)])
            : eb.or([
                eb.and([eb('r.fromClassId', '=', fromClassId), eb('r.toClassId', '=', toClassId)]),
                eb.and([eb('r.fromClassId', '=', toClassId), eb('r.toClassId', '=', fromClassId)]),
              ]),
        )
        .execute()
      return rows.map(toRequest)
    },
    async decideRequest(id, status, by, at) {
      const result = await db
        .updateTable('linkRequests')
        .set({ status, decidedBy: by, decidedAt: at })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .executeTakeFirst()
      return Number(result.numUpdatedRows) === 1
    },
  }
}
