import type { Kysely } from 'kysely'
import type { PortfolioNotes } from '../../../shared/schemas/portfolio.js'
import type { Database } from '../../storage/schema.js'

/** What a school writes into its portfolio itself. */
export interface PortfolioRepository {
  notesOf(schoolId: string): Promise<PortfolioNotes>
  saveNotes(schoolId: string, notes: PortfolioNotes, by: string, at: string): Promise<void>
}

export function createPortfolioRepository(db: Kysely<Database>): PortfolioRepository {
  return {
    async notesOf(schoolId) {
      const row = await db
        .selectFrom('portfolioNotes')
        .select(['staffDevelopment', 'community', 'policy'])
        .where('schoolId', '=', schoolId)
        .executeTakeFirst()
      return row ?? { staffDevelopment: '', community: '', policy: '' }
    },
    async saveNotes(schoolId, notes, by, at) {
      const values = { ...notes, updatedBy: by, updatedAt: at }
      await db
        .insertInto('portfolioNotes')
        .values({ schoolId, ...values })
        .onConflict((oc) => oc.column('schoolId').doUpdateSet(values))
        .execute()
    },
  }
}
