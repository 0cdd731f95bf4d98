import type { Kysely } from 'kysely'
import {
  agreementContentSchema,
  type AgreementContent,
  type AgreementVersion,
} from '../../../shared/schemas/agreements.js'
import type { Activity, ActivityKind } from '../../../shared/schemas/links.js'
import { prepareQuery } from '../../storage/prepared.js'
import type { Database } from '../../storage/schema.js'
import { toJsonText } from '../../storage/json.js'

export interface NewActivity {
  id: string
  linkId: string
  kind: ActivityKind
  actorId: string | null
  classId: string | null
  params: Record<string, string | number>
  isContact: boolean
  createdAt: string
}

/** Agreement versions and signatures, plan progress and the link's activity record. */
export interface AgreementsRepository {
  /** Every version of a link's agreement with its signatures, newest first. */
  versions(linkId: string): Promise<AgreementVersion[]>
  insertVersion(linkId: string, version: number, content: AgreementContent, by: string, at: string): Promise<void>
  /** Rewrites a version nobody has signed yet (a draft being worked on). */
  replaceVersion(linkId: string, version: number, content: AgreementContent, by: string, at: string): Promise<void>
  /** False when this class had already signed this version. */
  insertSignature(linkId: string, version: number, classId: string, by: string, at: string): Promise<boolean>
  doneItemIds(linkId: string): Promise<string[]>
  markDone(linkId: string, itemId: string, by: string, at: string): Promise<boolean>
  insertActivity(activity: NewActivity): Promise<void>
  recentActivity(linkId: string, limit: number): Promise<Activity[]>
  allActivity(linkId: string): Promise<Activity[]>
  /** When the classes were last in contact (the newest activity counted as contact). */
  lastContactAt(linkId: string): Promise<string | undefined>
  /** When the link last became active. */
  lastActivatedAt(linkId: string): Promise<string | undefined>
  /** Both of the above in one statement (the overview asks for both). */
  contactAndActivation(linkId: string): Promise<{ lastContactAt?: string; lastActivatedAt?: string }>
}

export function createAgreementsRepository(db: Kysely<Database>): AgreementsRepository {
  // The overview's reads, each compiled once (storage/prepared.ts).
  // Two index-backed maxima as scalar subqueries: one statement, no scan of the link's activity.
  const contactAndActivationQuery = prepareQuery(db, (db, $: { linkId: string }) =>
    db.selectNoFrom((eb) => [
      eb
        .selectFrom('linkActivity')
        .select((e) => e.fn.max('createdAt').as('at'))
        .where('linkId', '=', $.linkId)
        .where('isContact', '=', 1)
        .as('contact'),
      eb
        .selectFrom('linkActivity')
        .select((e) => e.fn.max('createdAt').as('at'))
        .where('linkId', '=', $.linkId)
        .where('kind', 'in', ['link_active', 'link_resumed'])
        .as('activated'),
    ]),
  )
  const contactAndActivation = async (linkId: string) => {
    const row = await contactAndActivationQuery.executeTakeFirst({ linkId })
    return { lastContactAt: row?.contact ?? undefined, lastActivatedAt: row?.activated ?? undefined }
  }
  const activity = () =>
    db
      .selectFrom('linkActivity as a')
      .leftJoin('users as u', 'u.id', 'a.actorId')
      .select(['a.id', 'a.kind', 'a.classId', 'a.params', 'a.createdAt', 'u.displayName as actorName'])
  type ActivityRow = Awaited<ReturnType<ReturnType<typeof activity>['executeTakeFirstOrThrow']>>
  const recentActivityQuery = prepareQuery(db, (_, $: { linkId: string; limit: number }) =>
    activity().where('a.linkId', '=', $.linkId).orderBy('a.createdAt', 'desc').orderBy('a.id').limit($.limit),
  )
  const doneItemsQuery = prepareQuery(db, (db, $: { linkId: string }) =>
    db.selectFrom('planItemsDone').select('itemId').where('linkId', '=', $.linkId),
  )
  const versionsQuery = prepareQuery(db, (db, $: { linkId: string }) =>
    db
      .selectFrom('agreementVersions as v')
      .innerJoin('users as u', 'u.id', 'v.editedBy')
      .select(['v.version', 'v.content', 'v.editedAt', 'u.displayName as editedByName'])
      .where('v.linkId', '=', $.linkId)
      .orderBy('v.version', 'desc'),
  )
  const signaturesQuery = prepareQuery(db, (db, $: { linkId: string }) =>
    db
      .selectFrom('agreementSignatures as s')
      .innerJoin('users as u', 'u.id', 's.signedBy')
      .select(['s.version', 's.classId', 's.signedAt', 'u.displayName as signedByName'])
      .where('s.linkId', '=', $.linkId)
      .orderBy('s.signedAt'),
  )
  const toActivity = (row: ActivityRow): Activity => ({
    id: row.id,
    kind: row.kind as ActivityKind,
    actorName: row.actorName ?? null,
    classId: row.classId,
    params: JSON.parse(row.params) as Record<string, string | number>,
    createdAt: row.createdAt,
  })

  return {
    async versions(linkId) {
      const rows = await versionsQuery.execute({ linkId })
      const signatures = await signaturesQuery.execute({ linkId })
      return rows.map((row) => ({
        version: Number(row.version),
        content: agreementContentSchema.parse(JSON.parse(row.content)),
        editedByName: row.editedByName,
        editedAt: row.editedAt,
        signatures: signatures
          .filter((s) => Number(s.version) === Number(row.version))
          .map(({ classId, signedAt, signedByName }) => ({ classId, signedAt, signedByName })),
      }))
    },
    async insertVersion(linkId, version, content, by, at) {
      await db
        .insertInto('agreementVersions')
        .values({ linkId, version, content: toJsonText(content), editedBy: by, editedAt: at })
        .execute()
    },
    async replaceVersion(linkId, version, content, by, at) {
      await db
        .updateTable('agreementVersions')
        .set({ content: toJsonText(content), editedBy: by, editedAt: at })
        .where('linkId', '=', linkId)
        .where('version', '=', version)
        .execute()
    },
    async insertSignature(linkId, version, classId, by, at) {
      const result = await db
        .insertInto('agreementSignatures')
        .values({ linkId, version, classId, signedBy: by, signedAt: at })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst()
      return Number(result.numInsertedOrUpdatedRows ?? 0) === 1
    },
    async doneItemIds(linkId) {
      return (await doneItemsQuery.execute({ linkId })).map((row) => row.itemId)
    },
    async markDone(linkId, itemId, by, at) {
      const result = await db
        .insertInto('planItemsDone')
        .values({ linkId, itemId, doneBy: by, doneAt: at })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst()
      return Number(result.numInsertedOrUpdatedRows ?? 0) === 1
    },
    async insertActivity(a) {
      await db
        .insertInto('linkActivity')
        .values({ ...a, params: toJsonText(a.params), isContact: a.isContact ? 1 : 0 })
        .execute()
    },
    async recentActivity(linkId, limit) {
      return (await recentActivityQuery.execute({ linkId, limit })).map(toActivity)
    },
    async allActivity(linkId) {
      const rows = await activity().where('a.linkId', '=', linkId).orderBy('a.createdAt').execute()
      return rows.map(toActivity)
    },
    async lastContactAt(linkId) {
      return (await contactAndActivation(linkId)).lastContactAt
    },
    async lastActivatedAt(linkId) {
      return (await contactAndActivation(linkId)).lastActivatedAt
    },
    contactAndActivation,
  }
}
