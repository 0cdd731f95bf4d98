import type { Kysely } from 'kysely'

export type Dialect = 'sqlite' | 'postgres'

export interface BridgesMigration {
  name: string
  // Migrations see the database untyped: they describe history, not the current schema.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  up(db: Kysely<any>, dialect: Dialect): Promise<void>
}

/** Column type for a monotonically increasing sequence (used for ordering and catch-up cursors). */
export const serialType = (dialect: Dialect) => (dialect === 'postgres' ? 'bigserial' : 'integer')
