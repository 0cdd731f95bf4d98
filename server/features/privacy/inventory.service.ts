import type { Kysely } from 'kysely'
import type { User } from '../../../shared/schemas/accounts.js'
import { DATA_CATEGORIES, SCHEMA_CATEGORIES, type DataInventory } from '../../../shared/schemas/dataInventory.js'
import { DEFAULT_RETENTION_MONTHS } from '../../../shared/schemas/privacy.js'
import type { Database } from '../../storage/schema.js'
import type { PrivacyRepository } from './privacy.repository.js'

/**
 * "What is stored, and why", made from the live database: each kind of personal data with the tables
 * and columns that hold it now, and how long it is kept under the reader's school's settings.
 */
export class InventoryService {
  private tables: Promise<Map<string, string[]>> | undefined

  constructor(
    private readonly db: Kysely<Database>,
    private readonly privacy: Pick<PrivacyRepository, 'retentionMonths'>,
    private readonly sessionTtlMs: number,
  ) {}

  /**
   * Every table in the database with its columns, those outside the default schema as `schema.table`
   * (read once: the schema only changes with a migration, or when pg-boss first makes its own).
   */
  liveTables(): Promise<Map<string, string[]>> {
    const nameOf = (t: { name: string; schema?: string }) =>
      t.schema && t.schema !== 'public' ? `${t.schema}.${t.name}` : t.name
    this.tables ??= this.db.introspection
      .getTables()
      .then((tables) => new Map(tables.map((t) => [nameOf(t), t.columns.map((c) => c.name)])))
    return this.tables
  }

  async inventory(reader: User | undefined): Promise<DataInventory> {
    const live = await this.liveTables()
    return {
      categories: DATA_CATEGORIES.map((category) => ({
        id: category.id,
        retention: category.retention,
        tables: [
          ...category.tables.map((name) => ({ name, columns: live.get(name) ?? [] })),
          ...[...live]
            .filter(([name]) => name.includes('.') && SCHEMA_CATEGORIES[name.split('.')[0]!] === category.id)
            .map(([name, columns]) => ({ name, columns })),
        ],
      })),
      retentionMonths:
        reader?.role === 'teacher' ? await this.privacy.retentionMonths(reader.schoolId) : DEFAULT_RETENTION_MONTHS,
      sessionDays: Math.round(this.sessionTtlMs / 86_400_000),
    }
  }
}
